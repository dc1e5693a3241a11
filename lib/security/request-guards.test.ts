import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "./origin";
import { safeNextPath } from "./paths";
import {
  ABSOLUTE_TIMEOUT_SECONDS,
  IDLE_TIMEOUT_SECONDS,
  refreshedSessionToken,
} from "./session-refresh";

const headers = (h: Record<string, string>) => new Headers({ host: "veil.example", ...h });

describe("cross-site write check", () => {
  it("refuses writes from another origin, a null origin, or a cross-site fetch", () => {
    expect(isCrossSiteWrite("POST", headers({ origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ origin: "null" }))).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteWrite("DELETE", headers({ "sec-fetch-site": "same-site" }))).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ origin: "https://veil.example.evil.example" }))).toBe(
      true,
    );
  });
  it("lets same-origin writes and every read through", () => {
    expect(isCrossSiteWrite("POST", headers({ origin: "https://veil.example" }))).toBe(false);
    expect(isCrossSiteWrite("GET", headers({ origin: "https://evil.example" }))).toBe(false);
  });
});

describe("post-sign-in redirect target", () => {
  it("follows same-origin paths only", () => {
    expect(safeNextPath("/customers/abc")).toBe("/customers/abc");
    for (const evil of [
      "//evil.example",
      "https://evil.example",
      "/\\evil.example",
      "evil",
      "/login?next=//x",
      "/api/reveal",
      "/x\u0000y",
      "",
    ]) {
      expect(safeNextPath(evil), evil).toBeNull();
    }
  });
});

describe("session lifetimes", () => {
  const secret = "a-test-secret-that-is-long-enough-0123456789";
  const now = 1_800_000_000;
  const token = (claims: Record<string, number | string>) =>
    encode({ token: { uid: "u1", sv: 1, ...claims }, secret, maxAge: ABSOLUTE_TIMEOUT_SECONDS });

  it("slides an active session forward without moving its sign-in time", async () => {
    const t = await token({ authTime: now - 3600, lastSeen: now - 120 });
    const refreshed = await refreshedSessionToken(t, secret, now);
    expect(refreshed).toBeTruthy();
    const { decode } = await import("next-auth/jwt");
    expect(await decode({ token: refreshed!, secret })).toMatchObject({
      authTime: now - 3600,
      lastSeen: now,
    });
  });
  it("never revives an idle, an expired or a forged session", async () => {
    expect(
      await refreshedSessionToken(
        await token({ authTime: now - 3600, lastSeen: now - IDLE_TIMEOUT_SECONDS - 1 }),
        secret,
        now,
      ),
    ).toBeNull();
    expect(
      await refreshedSessionToken(
        await token({ authTime: now - ABSOLUTE_TIMEOUT_SECONDS - 1, lastSeen: now - 60 }),
        secret,
        now,
      ),
    ).toBeNull();
    expect(
      await refreshedSessionToken(
        await token({ authTime: now - 60, lastSeen: now - 120 }),
        "another-secret-entirely-0123456789abcdef",
        now,
      ),
    ).toBeNull();
    expect(await refreshedSessionToken("not-a-token", secret, now)).toBeNull();
  });
});
