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
import { formatDay } from "@/lib/format/date-time";
import type { ActivityDay } from "@/lib/schemas/audit";

// Told apart by colour and by dash pattern, so they stay distinct without colour vision.
const SERIES = [
  { key: "reads", label: "Records read", color: "#3b5bdb", dash: undefined },
  { key: "searches", label: "Searches", color: "#0f766e", dash: "6 3" },
  { key: "reveals", label: "Reveals", color: "#b45309", dash: "2 3" },
  { key: "failedSignIns", label: "Failed sign-ins", color: "#b91c1c", dash: "10 3 2 3" },
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
              <XAxis
                dataKey="day"
                tickFormatter={(d: string) => formatDay(d, { short: true })}
                fontSize={11}
                minTickGap={16}
              />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip
                labelFormatter={(d) => formatDay(String(d))}
                contentStyle={{ fontSize: 12, borderRadius: 6 }}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {SERIES.map((s) => (
                <Line
                  key={s.key}
                  type="linear"
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  strokeDasharray={s.dash}
                  // Each day is a bucket: a dot marks it, so one busy day reads as a day.
                  dot={{ r: 2 }}
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
                <th scope="row">{formatDay(d.day)}</th>
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
