import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { ErasureRow } from "@/lib/server/gdpr/erasure";
import { DecideButtons } from "./decide-buttons";
import { RequestTimes } from "./request-list";

const ERASURE_STATUS: Record<
  ErasureRow["status"],
  { label: string; tone: "amber" | "green" | "neutral" }
> = {
  pending: { label: "Waiting for approval", tone: "amber" },
  erased: { label: "Erased", tone: "green" },
  declined: { label: "Declined", tone: "neutral" },
};

/** An erasure request: who asked, for which case, and what happened (with its certificate). */
export function ErasureItem({ r }: { r: ErasureRow }) {
  const customer = r.customerName ? (
    <Link className="text-brand-700 underline" href={`/customers/${r.customerId}`}>
      {r.customerName}
    </Link>
  ) : (
    <span className="font-mono text-sm">{r.customerId}</span>
  );
  return (
    <>
      <div className="min-w-0">
        <p className="font-medium">
          {r.requestedByName} asked to erase {customer}
        </p>
        <p className="text-sm text-slate-600">
          case <span className="font-mono">{r.caseRef}</span> · <RequestTimes {...r} />
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
    </>
  );
}
