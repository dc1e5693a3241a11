import { describe, expect, it } from "vitest";
import { percentile } from "../../bench/support";

// The login-flood figure is a ratio of two pooled p99s: a wrong rank would publish a wrong figure.
describe("bench percentile (nearest rank)", () => {
  it("takes the value at rank ceil(q·n), whatever the input order", () => {
    const xs = Array.from({ length: 200 }, (_, i) => 200 - i); // 200 … 1
    expect(percentile(xs, 0.99)).toBe(198);
    expect(percentile(xs, 0.5)).toBe(100);
    expect(percentile(xs, 1)).toBe(200);
    expect(percentile([7], 0.99)).toBe(7);
  });

  it("lets one slow request in a hundred decide the p99 only when it is in the top 1 %", () => {
    const fast = Array.from({ length: 99 }, () => 10);
    expect(percentile([...fast, 500], 0.99)).toBe(10);
    expect(percentile([...fast.slice(1), 500, 500], 0.99)).toBe(500);
  });

  it("is NaN for no samples rather than a made-up number", () => {
    expect(percentile([], 0.99)).toBeNaN();
  });
});
