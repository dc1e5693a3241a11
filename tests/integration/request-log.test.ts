import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { logMixin } from "@/lib/server/log";
import { withRequestContext } from "@/lib/server/request-context";

describe("request ids on log lines", () => {
  it("are added inside a request's work, across awaits, and never leak between concurrent requests", async () => {
    expect(logMixin()).toEqual({});
    const seen = await Promise.all(
      ["req-a", "req-b", "req-c"].map((id, i) =>
        withRequestContext(id, async () => {
          await sleep(5 * (3 - i)); // finish in the opposite order
          const inner = await Promise.resolve().then(() => logMixin());
          return inner.requestId;
        }),
      ),
    );
    expect(seen).toEqual(["req-a", "req-b", "req-c"]);
    expect(logMixin()).toEqual({});
  });
});

describe("failure reports", () => {
  it("are logged once per failure, not once per render phase", async () => {
    const { firstReportOf } = await import("@/lib/server/log");
    const digest = `digest-${Math.random()}`;
    expect(firstReportOf(digest)).toBe(true);
    expect(firstReportOf(digest)).toBe(false);
    expect(firstReportOf(`${digest}-other`)).toBe(true);
    expect(firstReportOf(undefined)).toBe(true); // no digest: nothing to deduplicate on
  });
});
