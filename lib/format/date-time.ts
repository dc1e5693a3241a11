// The one way Veil writes a moment for people: "6 Dec 2026, 07:12 UTC" (day month year, 24-hour
// clock, always UTC and saying so), with seconds where order within a minute matters (the audit
// trail). Server and client render the same text, so hydration never differs.

const minutes = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const seconds = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

export function formatDateTime(at: Date | string, opts: { seconds?: boolean } = {}): string {
  return `${(opts.seconds ? seconds : minutes).format(new Date(at))} UTC`;
}

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const dayNoYear = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});

/** A day the same way: "6 Dec 2026" ("6 Dec" with `short`, e.g. on a chart's axis). */
export function formatDay(at: Date | string, opts: { short?: boolean } = {}): string {
  const d = typeof at === "string" && /^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T00:00:00Z` : at;
  return (opts.short ? dayNoYear : day).format(new Date(d));
}
