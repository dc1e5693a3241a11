import { formatDateTime } from "@/lib/format/date-time";
import { verifyAuditChain } from "@/lib/server/audit/verify";

/**
 * The hash chain's state, by the same verifier as `veil audit:verify`: green up to its head, or
 * red naming the first row that does not hold. Streams in after the page (a long chain takes a
 * moment to walk).
 */
export async function ChainStatus() {
  const report = await verifyAuditChain();
  const at = formatDateTime(new Date(), { seconds: true });
  if (report.ok)
    return (
      <section
        aria-label="Chain status"
        className="mb-6 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900"
      >
        <p className="font-medium">
          Chain verified up to #{report.headSeq.toString()} at {at}
        </p>
        <p className="text-emerald-800">
          {report.checked.toLocaleString("en-GB")} rows rehashed and linked.
          {report.unsealed
            ? ` ${report.unsealed} newest row${report.unsealed === 1 ? " is" : "s are"} still being sealed.`
            : ""}
        </p>
      </section>
    );
  return (
    <section
      aria-label="Chain status"
      role="alert"
      className="mb-6 rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900"
    >
      <p className="font-semibold">Chain broken at row #{report.brokenSeq.toString()}</p>
      <p>
        Row #{report.brokenSeq.toString()}: {report.reason} (checked at {at}, after{" "}
        {report.checked.toLocaleString("en-GB")} good rows). Treat the trail after this point as
        untrusted and investigate.
      </p>
    </section>
  );
}
