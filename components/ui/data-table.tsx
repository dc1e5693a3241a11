import { ScrollRegion } from "./scroll-region";

/**
 * The frame every list in the portal shares: a bordered card, a screen-reader caption, a header
 * row and an empty state. Rows are the caller's; a column named with `srOnly` is announced but
 * not shown (e.g. an actions column). On a phone each row stacks into a card (`stack-on-phone`
 * in globals.css); a cell with `data-label` is labelled there, as its header does on wider screens.
 */
export function DataTable({
  caption,
  columns,
  empty,
  isEmpty,
  children,
}: {
  caption: string;
  columns: { label: string; srOnly?: boolean }[];
  empty: React.ReactNode;
  isEmpty: boolean;
  children: React.ReactNode;
}) {
  return (
    <ScrollRegion label={caption} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="stack-on-phone w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            {columns.map((c) => (
              <th
                key={c.label}
                scope="col"
                className={`px-4 py-3 font-medium ${c.srOnly ? "text-right" : ""}`}
              >
                {c.srOnly ? <span className="sr-only">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {isEmpty ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-10 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
