import { ScrollRegion } from "@/components/ui/scroll-region";
import type { Level } from "@/lib/masking/levels";
import type { MirrorPreview } from "@/lib/schemas/mirror";
import { levelLabel, TYPE_LABELS } from "../labels";

/** At most this many quasi-identifier columns are counted for k-anonymity (the server's cap). */
const MAX_K_COLUMNS = 10;

/** Each column's recognised type, its rule (the role's least, or stricter) and the k choice. */
export function ColumnRules({
  columns,
  levels,
  kColumns,
  busy,
  onLevel,
  onKColumns,
}: {
  columns: MirrorPreview["columns"];
  levels: Record<number, Level>;
  kColumns: number[];
  busy: boolean;
  onLevel: (column: number, level: Level) => void;
  onKColumns: (columns: number[]) => void;
}) {
  return (
    <ScrollRegion label="Column rules" className="mt-4">
      <table className="stack-on-phone w-full text-left text-sm">
        <thead className="bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            <th className="px-3 py-2">Column</th>
            <th className="px-3 py-2">Recognised as</th>
            <th className="px-3 py-2">Rule</th>
            <th className="px-3 py-2">Quasi-identifier</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {columns.map((c) => (
            <tr key={c.index}>
              <td className="px-3 py-2 font-medium text-slate-900 wrap-anywhere">{c.header}</td>
              <td className="px-3 py-2 text-slate-700" data-label="Recognised as">
                {TYPE_LABELS[c.type]}
              </td>
              <td className="px-3 py-2">
                <label className="sr-only" htmlFor={`rule-${c.index}`}>
                  Rule for {c.header}
                </label>
                <select
                  id={`rule-${c.index}`}
                  className="max-w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm max-sm:w-full"
                  value={levels[c.index] ?? c.proposed}
                  disabled={busy}
                  onChange={(e) => onLevel(c.index, e.target.value as Level)}
                >
                  {c.allowed.map((l) => (
                    <option key={l} value={l}>
                      {levelLabel(l, c.type)}
                    </option>
                  ))}
                </select>
              </td>
              <td className="px-3 py-2" data-label="Quasi-identifier">
                <input
                  type="checkbox"
                  aria-label={`Count ${c.header} as a quasi-identifier`}
                  className="h-4 w-4 rounded border-slate-300"
                  checked={kColumns.includes(c.index)}
                  disabled={busy}
                  onChange={(e) =>
                    onKColumns(
                      e.target.checked
                        ? [...kColumns, c.index].slice(0, MAX_K_COLUMNS)
                        : kColumns.filter((i) => i !== c.index),
                    )
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
