import Link from "next/link";
import type { CustomerRow } from "@/lib/schemas/customers";
import { DataTable } from "./ui/data-table";
import { MaskedText } from "./ui/masked-value";

/**
 * Presentational: masked rows in, a table out (a card list on phones). Used for the page and for
 * search results.
 */
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
    <>
      <div className="hidden sm:block">
        <DataTable
          caption={caption}
          columns={[
            { label: "Name" },
            { label: "Email" },
            { label: "Card" },
            { label: "Location" },
          ]}
          empty={empty}
          isEmpty={rows.length === 0}
        >
          {rows.map((r) => (
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
          ))}
        </DataTable>
      </div>
      <section aria-label={caption} className="sm:hidden">
        {rows.length === 0 ? (
          <p className="rounded-lg border border-slate-200 bg-white px-4 py-8 text-center text-sm text-slate-500">
            {empty}
          </p>
        ) : (
          <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
            {rows.map((r) => (
              <li key={r.id} className="px-4 py-3">
                <Link
                  href={`/customers/${r.id}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  <MaskedText value={r.fields.fullName} />
                </Link>
                <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
                  <dt className="text-slate-500">Email</dt>
                  <dd className="min-w-0 truncate">
                    <MaskedText value={r.fields.email} />
                  </dd>
                  <dt className="text-slate-500">Card</dt>
                  <dd>
                    <MaskedText value={r.fields.pan} mono />
                  </dd>
                  <dt className="text-slate-500">Location</dt>
                  <dd className="text-slate-600">
                    <MaskedText value={r.fields.address} />
                  </dd>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
