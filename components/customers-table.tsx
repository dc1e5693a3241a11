import Link from "next/link";
import type { CustomerRow } from "@/lib/schemas/customers";
import { MaskedText } from "./ui/masked-value";

/** Presentational: masked rows in, a table out. Used for the page and for search results. */
export function CustomersTable({
  rows,
  caption,
  empty,
}: {
  rows: CustomerRow[];
  caption: string;
  empty: React.ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">
              Name
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Email
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Card
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Location
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={4} className="px-4 py-10 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.id} className="hover:bg-brand-50/40 focus-within:bg-brand-50/40">
                <td className="px-4 py-3 font-medium">
                  <Link
                    href={`/customers/${r.id}`}
                    className="text-brand-700 hover:underline focus:underline"
                  >
                    <MaskedText value={r.fields.fullName} />
                  </Link>
                </td>
                <td className="px-4 py-3">
                  <MaskedText value={r.fields.email} />
                </td>
                <td className="px-4 py-3">
                  <MaskedText value={r.fields.pan} mono />
                </td>
                <td className="px-4 py-3 text-slate-600">
                  <MaskedText value={r.fields.address} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
