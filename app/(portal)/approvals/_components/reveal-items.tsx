import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { fieldLabel } from "@/lib/fields/catalogue";
import type { RevealRequestRow, RevealRequestStatus } from "@/lib/server/customers/reveal-requests";
import { DecideButtons } from "./decide-buttons";
import { RequestTimes } from "./request-list";

const STATUS: Record<RevealRequestStatus, { label: string; tone: "amber" | "green" | "neutral" }> =
  {
    waiting: { label: "Waiting for approval", tone: "amber" },
    approved: { label: "Approved, ready to use", tone: "green" },
    used: { label: "Used", tone: "neutral" },
    declined: { label: "Declined", tone: "neutral" },
    expired: { label: "Expired", tone: "neutral" },
  };

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
        {r.purpose} · case <span className="font-mono">{r.caseRef}</span> · <RequestTimes {...r} />
      </p>
    </div>
  );
}

/** A request waiting for this officer's decision. */
export function RevealToDecide({ r }: { r: RevealRequestRow }) {
  return (
    <>
      <Summary r={r} who={`${r.requestedByName} asks to reveal`} />
      <DecideButtons
        kind="reveal"
        requestId={r.id}
        summary={`${r.requestedByName}: the ${fieldLabel(r.field, true)} of ${r.customerName}, ${r.purpose.toLowerCase()}, case ${r.caseRef}`}
      />
    </>
  );
}

/** A past or pending request with where it stands. */
export function RevealHistory({ r, who }: { r: RevealRequestRow; who: string }) {
  return (
    <>
      <Summary r={r} who={who} />
      <Badge tone={STATUS[r.status].tone}>{STATUS[r.status].label}</Badge>
    </>
  );
}
