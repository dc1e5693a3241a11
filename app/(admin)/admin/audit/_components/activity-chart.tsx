"use client";
import { useSyncExternalStore } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatDay } from "@/lib/format/date-time";
import type { ActivityDay } from "@/lib/schemas/audit";

// Told apart by colour and by lightness and order within each day, so they stay distinct
// without colour vision.
const SERIES = [
  { key: "reads", label: "Records read", color: "#1e2a5a" },
  { key: "searches", label: "Searches", color: "#3b5bdb" },
  { key: "reveals", label: "Reveals", color: "#d97706" },
  { key: "failedSignIns", label: "Failed sign-ins", color: "#b91c1c" },
] as const;

const noSubscription = () => () => {};

/**
 * Daily activity as grouped bars. Drawn in the browser only: the chart sizes itself with inline styles,
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
            <BarChart
              data={days}
              margin={{ top: 5, right: 10, bottom: 0, left: -10 }}
              barGap={0}
              barCategoryGap="15%"
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
                cursor={{ fill: "#f1f5f9" }}
                labelFormatter={(d) => formatDay(String(d))}
                contentStyle={{ fontSize: 12, borderRadius: 6 }}
              />
              <Legend
                wrapperStyle={{ fontSize: 12 }}
                // Labels in text colour (amber text on white is hard to read); the swatch has the colour.
                formatter={(label: string) => <span className="text-slate-700">{label}</span>}
              />
              {SERIES.map((s) => (
                // One bar per day and kind: a day is a bucket, so a quiet day is no bar at all,
                // not a line sloping towards the next busy one.
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  fill={s.color}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
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
