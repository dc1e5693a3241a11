import { afterEach, describe, expect, it } from "vitest";
import { reloadEnv } from "@/lib/env";
import { passwordProblem } from "@/lib/server/auth/password-policy";

afterEach(() => {
  delete process.env.VEIL_PASSWORD_CONTEXT_WORDS;
  reloadEnv();
});

describe("password policy", () => {
  it("accepts a long passphrase of any composition", () => {
    expect(passwordProblem("correct horse battery staple")).toBeNull();
    expect(passwordProblem("badminton court lights")).toBeNull(); // "admin" inside a real word
  });

  it("refuses passwords built on the product's words (ASVS 6.2.11)", () => {
    for (const p of ["Veil2026Veil2026", "welcome-to-veil-1", "AdminAdmin123!", "officer-veil-26"])
      expect(passwordProblem(p), p).toMatch(/easy to guess here/);
  });

  it("refuses the organisation's own words from VEIL_PASSWORD_CONTEXT_WORDS", () => {
    expect(passwordProblem("Northbank-Leeds-1")).toBeNull();
    process.env.VEIL_PASSWORD_CONTEXT_WORDS = "Northbank, Leeds";
    reloadEnv();
    expect(passwordProblem("Northbank-Leeds-1")).toMatch(/easy to guess here/);
  });

  it("refuses common passwords and the user's email name", () => {
    expect(passwordProblem("password1234")).toMatch(/too common|easy to guess/);
    expect(passwordProblem("jane.tester-rules-ok", { email: "jane.tester@bank.example" })).toMatch(
      /email/,
    );
  });
});
