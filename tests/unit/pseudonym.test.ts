import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyedPseudonym } from "@/lib/server/crypto/pseudonym";

describe("keyed pseudonyms", () => {
  it("are stable under one key, unrelated under another, and never contain the value", () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const t = keyedPseudonym(a, "email", "jane@example.com");
    expect(t).toMatch(/^tok_[A-Za-z0-9_-]{22}$/);
    expect(keyedPseudonym(a, "email", "jane@example.com")).toBe(t);
    expect(keyedPseudonym(b, "email", "jane@example.com")).not.toBe(t);
    expect(keyedPseudonym(a, "pan", "jane@example.com")).not.toBe(t);
    expect(t).not.toContain("jane");
  });
});
