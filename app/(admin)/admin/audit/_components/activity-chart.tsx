"use client";
import { useSyncExternalStore } from "react";
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ActivityDay } from "@/lib/schemas/audit";

const SERIES = [
  { key: "reads", label: "Records read", color: "#3b5bdb" },
  { key: "searches", label: "Searches", color: "#0f766e" },
  { key: "reveals", label: "Reveals", color: "#b45309" },
  { key: "failedSignIns", label: "Failed sign-ins", color: "#b91c1c" },
] as const;

const noSubscription = () => () => {};

/**
 * Daily activity as lines. Drawn in the browser only: the chart sizes itself with inline styles,
 * which the CSP allows when set through the DOM but refuses as style attributes in server HTML.
 * The same numbers are in a table for screen readers.
 */
export function ActivityChart({ days }: { days: ActivityDay[] }) {
  const onClient = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return (
    <figure className="relative mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">
        Activity, last {days.length} days (UTC)
      </figcaption>
      <div className="h-56" aria-hidden="true">
        {onClient ? (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart
              data={days}
              margin={{ top: 5, right: 10, bottom: 0, left: -10 }}
              // Hidden from assistive tech (the table below carries the numbers): not focusable.
              accessibilityLayer={false}
            >
              <CartesianGrid stroke="#e2e8f0" vertical={false} />
              <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={11} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {SERIES.map((s) => (
                <Line
                  key={s.key}
                  type="linear"
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  dot={false}
                  strokeWidth={2}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        ) : null}
      </div>
      {/* sr-only on a wrapper: a table ignores the 1 px width and would widen the page. */}
      <div className="sr-only">
        <table>
          <caption>Activity per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                {SERIES.map((s) => (
                  <td key={s.key}>{d[s.key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
