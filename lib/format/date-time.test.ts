import { describe, expect, it } from "vitest";
import { formatDateTime, formatDay } from "./date-time";

describe("formatDateTime", () => {
  it("writes day month year, a 24-hour UTC time, and says UTC", () => {
    expect(formatDateTime("2026-12-06T07:12:05.123Z")).toBe("6 Dec 2026, 07:12 UTC");
    expect(formatDateTime(new Date("2026-01-31T23:59:59Z"), { seconds: true })).toBe(
      "31 Jan 2026, 23:59:59 UTC",
    );
  });
});

describe("formatDay", () => {
  it("writes a day the same way, a YYYY-MM-DD day as that UTC day in any time zone", () => {
    expect(formatDay("2026-12-06")).toBe("6 Dec 2026");
    expect(formatDay("2026-12-06", { short: true })).toBe("6 Dec");
    expect(formatDay("2026-01-31T23:59:59Z")).toBe("31 Jan 2026");
  });
});
