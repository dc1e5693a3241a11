import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { fieldLabel } from "@/lib/fields/catalogue";
import { can } from "@/lib/policy/capabilities";
import { viewerOrRedirect } from "@/lib/server/auth/viewer";
import {
  listRevealRequests,
  type RevealRequestRow,
  type RevealRequestStatus,
} from "@/lib/server/customers/reveal-requests";
import { listErasureRequests, type ErasureRow } from "@/lib/server/gdpr/erasure";
import { DecideButtons } from "./decide-buttons";

export const metadata: Metadata = { title: "Approvals" };

const when = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

const STATUS: Record<RevealRequestStatus, { label: string; tone: "amber" | "green" | "neutral" }> =
  {
    waiting: { label: "Waiting for approval", tone: "amber" },
    approved: { label: "Approved, ready to use", tone: "green" },
    used: { label: "Used", tone: "neutral" },
    declined: { label: "Declined", tone: "neutral" },
    expired: { label: "Expired", tone: "neutral" },
  };

function Section({
  id,
  title,
  empty,
  children,
}: {
  id: string;
  title: string;
  empty: string | null;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="mb-8">
      <h2 id={id} className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
        {title}
      </h2>
      {empty ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-500">
          {empty}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
          {children}
        </ul>
      )}
    </section>
  );
}

function Summary({ r, who }: { r: RevealRequestRow; who: string }) {
  return (
    <div className="min-w-0">
      <p className="font-medium">
        {who} the {fieldLabel(r.field, true)} of{" "}
        <Link className="text-brand-700 underline" href={`/customers/${r.customerId}`}>
          {r.customerName}
        </Link>
      </p>
      <p className="text-sm text-slate-600">
        {r.purpose} · case <span className="font-mono">{r.caseRef}</span> · asked{" "}
        {when.format(new Date(r.createdAt))} UTC
        {r.decidedByName && r.decidedAt
          ? ` · decided by ${r.decidedByName}, ${when.format(new Date(r.decidedAt))} UTC`
          : ""}
      </p>
    </div>
  );
}

/** A past or pending request with where it stands. */
function HistoryItem({ r, who }: { r: RevealRequestRow; who: string }) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-4 px-5 py-3">
      <Summary r={r} who={who} />
      <Badge tone={STATUS[r.status].tone}>{STATUS[r.status].label}</Badge>
    </li>
  );
}

const ERASURE_STATUS: Record<
  ErasureRow["status"],
  { label: string; tone: "amber" | "green" | "neutral" }
> = {
  pending: { label: "Waiting for approval", tone: "amber" },
  erased: { label: "Erased", tone: "green" },
  declined: { label: "Declined", tone: "neutral" },
};

/** An erasure request: who asked, for which case, and what happened (with its certificate). */
function ErasureItem({ r }: { r: ErasureRow }) {
  const customer = r.customerName ? (
    <Link className="text-brand-700 underline" href={`/customers/${r.customerId}`}>
      {r.customerName}
    </Link>
  ) : (
    <span className="font-mono text-sm">{r.customerId}</span>
  );
  return (
    <li className="flex flex-wrap items-center justify-between gap-4 px-5 py-4">
      <div className="min-w-0">
        <p className="font-medium">
          {r.requestedByName} asked to erase {customer}
        </p>
        <p className="text-sm text-slate-600">
          case <span className="font-mono">{r.caseRef}</span> · asked{" "}
          {when.format(new Date(r.createdAt))} UTC
          {r.decidedByName && r.decidedAt
            ? ` · decided by ${r.decidedByName}, ${when.format(new Date(r.decidedAt))} UTC`
            : ""}
        </p>
      </div>
      {r.decidable ? (
        <DecideButtons
          kind="erasure"
          requestId={r.id}
          summary={`${r.requestedByName} asks to erase ${r.customerName ?? "this customer"}, case ${r.caseRef}`}
        />
      ) : (
        <div className="flex items-center gap-3">
          <Badge tone={ERASURE_STATUS[r.status].tone}>{ERASURE_STATUS[r.status].label}</Badge>
          {r.status === "erased" ? (
            <a
              className="text-sm font-medium text-brand-700 underline"
              href={`/api/gdpr/erasures/${r.id}/certificate`}
              download
            >
              Download certificate<span className="sr-only"> for case {r.caseRef}</span>
            </a>
          ) : null}
        </div>
      )}
    </li>
  );
}

export default async function ApprovalsPage() {
  const viewer = await viewerOrRedirect();
  const reveals = can(viewer, "reveal.decide");
  const erasures = can(viewer, "gdpr.erase_decide") || can(viewer, "gdpr.erase_request");
  if (!reveals && !erasures) notFound();
  const { toDecide, mine, decidedByMe } = reveals
    ? await listRevealRequests(viewer)
    : { toDecide: [], mine: [], decidedByMe: [] };
  const erasureRows = erasures ? await listErasureRequests(viewer) : [];
  return (
    <>
      <PageHeader
        title="Approvals"
        description={
          reveals
            ? "Full card-number reveals and erasures need a second person (four-eyes). You cannot approve your own. A reveal approval is used once, within an hour."
            : "Erasures need a second person (four-eyes): approving one erases the customer at once."
        }
      />
      {erasures ? (
        <Section
          id="erasures"
          title="Erasure requests (30 days)"
          empty={erasureRows.length ? null : "No erasure requests."}
        >
          {erasureRows.map((r) => (
            <ErasureItem key={r.id} r={r} />
          ))}
        </Section>
      ) : null}
      {reveals ? (
        <>
          <Section
            id="to-decide"
            title="Waiting for you"
            empty={toDecide.length ? null : "Nothing to approve right now."}
          >
            {toDecide.map((r) => (
              <li
                key={r.id}
                className="flex flex-wrap items-center justify-between gap-4 px-5 py-4"
              >
                <Summary r={r} who={`${r.requestedByName} asks to reveal`} />
                <DecideButtons
                  kind="reveal"
                  requestId={r.id}
                  summary={`${r.requestedByName}: the ${fieldLabel(r.field, true)} of ${r.customerName}, ${r.purpose.toLowerCase()}, case ${r.caseRef}`}
                />
              </li>
            ))}
          </Section>
          <Section
            id="mine"
            title="Your requests (7 days)"
            empty={mine.length ? null : "You have no recent requests."}
          >
            {mine.map((r) => (
              <HistoryItem key={r.id} r={r} who="You asked to reveal" />
            ))}
          </Section>
          <Section
            id="decided"
            title="Decided by you (7 days)"
            empty={decidedByMe.length ? null : "You have not decided any request recently."}
          >
            {decidedByMe.map((r) => (
              <HistoryItem key={r.id} r={r} who={`${r.requestedByName} asked to reveal`} />
            ))}
          </Section>
        </>
      ) : null}
    </>
  );
}
