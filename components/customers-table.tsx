import Link from "next/link";
import type { CustomerRow } from "@/lib/schemas/customers";
import { DataTable } from "./ui/data-table";
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
    <DataTable
      caption={caption}
      columns={[{ label: "Name" }, { label: "Email" }, { label: "Card" }, { label: "Location" }]}
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
  );
}
