import { formatDateTime } from "@/lib/format/date-time";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { viewerForPage } from "@/lib/server/auth/viewer";
import { ALERT_STATES, listAlerts, type AlertState } from "@/lib/server/alerts/inbox";
import { thresholdSettings } from "@/lib/server/alerts/settings";
import { AlertActions } from "./_components/alert-actions";
import { ThresholdsForm } from "./_components/thresholds-form";

export const metadata: Metadata = { title: "Alerts" };

const SEVERITY = { high: "red", medium: "amber", low: "neutral" } as const;
const TAB_LABEL: Record<AlertState, string> = {
  open: "Open",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
};

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<{ state?: string }>;
}) {
  const viewer = await viewerForPage("/admin/alerts");
  const requested = (await searchParams).state;
  const rulesTab = requested === "rules";
  const state: AlertState = (ALERT_STATES as readonly string[]).includes(requested ?? "")
    ? (requested as AlertState)
    : "open";
  const alerts = rulesTab ? [] : await listAlerts(viewer, state);
  const settings = rulesTab ? await thresholdSettings(viewer) : [];
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Suspicious activity the rules noticed. Acknowledge what you are looking into; resolve it when done. Both are recorded."
      />
      <nav aria-label="Alert states" className="mb-4 flex gap-2 text-sm">
        {[...ALERT_STATES, "rules" as const].map((s) => {
          const current = rulesTab ? s === "rules" : s === state;
          return (
            <Link
              key={s}
              href={`/admin/alerts?state=${s}`}
              aria-current={current ? "page" : undefined}
              className={`rounded-md px-3 py-1.5 ${current ? "bg-brand-50 font-medium text-brand-900" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {s === "rules" ? "Rules" : TAB_LABEL[s]}
            </Link>
          );
        })}
      </nav>
      {rulesTab ? (
        <>
          <p className="mb-4 text-sm text-slate-600">
            Rate rules raise one alert when a user, partner or address reaches a count within its
            window. Lockouts, budget refusals, refresh-token reuse and two-factor re-enrolment
            always raise one. Working hours are Monday to Friday between the hours below (UTC): an
            admin change on a Saturday or Sunday counts as outside them.
          </p>
          <ThresholdsForm settings={settings} />
        </>
      ) : alerts.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-10 text-center text-sm text-slate-500">
          {state === "open" ? "No open alerts. All quiet." : `No ${state} alerts.`}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
          {alerts.map((a) => (
            <li key={a.id} className="flex flex-wrap items-start justify-between gap-4 px-5 py-4">
              <div className="min-w-0 space-y-1">
                <p className="flex flex-wrap items-center gap-2">
                  <Badge tone={SEVERITY[a.severity as keyof typeof SEVERITY] ?? "neutral"}>
                    {a.severity}
                  </Badge>
                  <span className="text-sm font-medium text-slate-900">{a.title}</span>
                </p>
                <p className="text-sm text-slate-900">{a.message}</p>
                <p className="text-xs text-slate-500">
                  {formatDateTime(a.at)}
                  {a.subject ? ` · about ${a.subject}` : ""}
                  {a.acknowledgedBy ? ` · acknowledged by ${a.acknowledgedBy}` : ""}
                  {a.resolvedBy ? ` · resolved by ${a.resolvedBy}` : ""}
                </p>
              </div>
              {a.state !== "resolved" ? <AlertActions alertId={a.id} state={a.state} /> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
