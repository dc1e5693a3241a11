// Which second factors satisfy a role, and which step-ups count for replacing a factor.
import { describe, expect, it } from "vitest";
import { mfaSatisfied } from "@/lib/policy/capabilities";
import type { UserPrincipal } from "@/lib/policy/principal";
import { requireStepUp } from "@/lib/server/auth/principal";

const none = { totp: false, passkey: false };
const totp = { totp: true, passkey: false };
const passkey = { totp: false, passkey: true };

describe("second-factor policy", () => {
  it("officers and admins need a factor; a passkey only, once passkeys are required", () => {
    for (const role of ["OFFICER", "ADMIN"]) {
      expect([none, totp, passkey].map((f) => mfaSatisfied(role, f))).toEqual([false, true, true]);
      expect([none, totp, passkey].map((f) => mfaSatisfied(role, f, true))).toEqual([
        false,
        false,
        true,
      ]);
    }
    // Agents and analysts need none, required or not.
    for (const role of ["AGENT", "ANALYST"])
      expect([none, totp, passkey].map((f) => mfaSatisfied(role, f, true))).toEqual([
        true,
        true,
        true,
      ]);
  });

  it("a passkey step-up counts as the current second factor; a password does not", () => {
    const at = Date.now();
    const viewer = (stepUpFactor: UserPrincipal["stepUpFactor"]): UserPrincipal => ({
      kind: "user",
      userId: "u1",
      email: "u1@test.veil",
      name: "U",
      role: "OFFICER",
      stepUpAt: at,
      stepUpFactor,
      mfaSatisfied: true,
      ip: null,
      requestId: null,
    });
    for (const f of ["passkey", "totp", "recovery"] as const)
      expect(() => requireStepUp(viewer(f), { secondFactor: true, now: at })).not.toThrow();
    expect(() => requireStepUp(viewer("password"), { secondFactor: true, now: at })).toThrow(
      /second factor/,
    );
    expect(() => requireStepUp(viewer("password"), { now: at })).not.toThrow();
  });
});
