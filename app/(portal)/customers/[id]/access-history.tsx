import { fieldLabel } from "@/lib/fields/catalogue";
import type { Principal } from "@/lib/server/auth/principal";
import { searchModeOf } from "@/lib/server/audit/catalogue";
import { customerAccessHistory } from "@/lib/server/audit/query";
import { formatDateTime } from "@/lib/format/date-time";

function verb(action: string, outcome: string) {
  const refused = outcome === "success" ? "" : " (refused)";
  const searchedBy = searchModeOf(action);
  if (searchedBy) return `Found by ${searchedBy} search${refused}`;
  const verbs: Record<string, string> = {
    "customer.read": "Viewed",
    "customer.list": "Seen in a list",
    "customer.reveal": "Revealed",
    "customer.create": "Created",
    "customer.import": "Imported",
    "customer.update": "Edited",
  };
  return `${verbs[action] ?? action}${refused}`;
}

/** Who read, searched for, revealed or changed this customer's data: when, which fields, why. */
export async function AccessHistory({
  viewer,
  customerId,
}: {
  viewer: Principal;
  customerId: string;
}) {
  const { rows } = await customerAccessHistory(viewer, customerId, 20);
  return (
    <section aria-labelledby="access-history" className="mt-8">
      <h2
        id="access-history"
        className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500"
      >
        Access history (latest 20)
      </h2>
      <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
        {rows.map((r) => (
          <li key={r.id} className="flex flex-wrap justify-between gap-x-4 gap-y-1 px-5 py-3">
            <span>
              <span className="font-medium">{r.actorLabel}</span> · {verb(r.action, r.outcome)}
              {r.fields.length && r.action === "customer.reveal"
                ? `: ${r.fields.map((f) => fieldLabel(f.field, true)).join(", ")}`
                : ""}
              {r.purpose ? <span className="text-slate-600"> · {r.purpose}</span> : null}
            </span>
            <time dateTime={r.at} className="tabular-nums text-slate-500">
              {formatDateTime(r.at)}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}
