import { ScrollRegion } from "@/components/ui/scroll-region";
import type { MirrorPreview } from "@/lib/schemas/mirror";

/** The first rows as the server masked them under the proposed rules (hidden columns left out). */
export function MaskedPreview({ preview }: { preview: MirrorPreview }) {
  return (
    <>
      <h3 className="mt-6 text-sm font-semibold text-slate-700">
        Preview (first rows, masked as proposed)
      </h3>
      <ScrollRegion label="Masked preview" className="mt-2 rounded-md border border-slate-200">
        <table className="w-full text-left text-xs tabular-nums">
          <thead className="bg-slate-50 text-slate-500">
            <tr>
              {preview.columns
                .filter((c) => c.proposed !== "hidden")
                .map((c) => (
                  <th key={c.index} className="whitespace-nowrap px-3 py-2 font-medium">
                    {c.header}
                  </th>
                ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {preview.rows.length === 0 ? (
              <tr>
                <td className="px-3 py-4 text-slate-500">The file has no data rows.</td>
              </tr>
            ) : (
              preview.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j} className="max-w-64 truncate px-3 py-1.5 text-slate-700">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
