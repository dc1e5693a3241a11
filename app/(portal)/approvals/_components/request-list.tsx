import { formatDateTime } from "@/lib/format/date-time";
/** A titled list of requests, or a sentence saying there are none. */
export function RequestList<T extends { id: string }>({
  id,
  title,
  items,
  empty,
  render,
}: {
  id: string;
  title: string;
  items: readonly T[];
  empty: string;
  render: (item: T) => React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="mb-8">
      <h2 id={id} className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
        {title}
      </h2>
      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-500">
          {empty}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
          {items.map((item) => (
            <li
              key={item.id}
              className="flex flex-wrap items-center justify-between gap-4 px-5 py-4"
            >
              {render(item)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "asked <when> UTC · decided by <who>, <when> UTC": the times every request line shows. */
export function RequestTimes({
  createdAt,
  decidedByName,
  decidedAt,
}: {
  createdAt: string | Date;
  decidedByName?: string | null;
  decidedAt?: string | Date | null;
}) {
  return (
    <>
      asked {formatDateTime(createdAt)}
      {decidedByName && decidedAt
        ? ` · decided by ${decidedByName}, ${formatDateTime(decidedAt)}`
        : ""}
    </>
  );
}
