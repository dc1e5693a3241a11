import { describe, expect, it } from "vitest";
import {
  ABSOLUTE_TIMEOUT_SECONDS,
  IDLE_TIMEOUT_SECONDS,
  sessionStillValid,
  type SessionUser,
} from "@/lib/server/auth/session-state";
import { readJsonBody } from "@/lib/server/http/json-body";

const user: SessionUser = {
  id: "u1",
  email: "a@b.c",
  name: "A",
  role: "AGENT",
  disabled: false,
  sessionVersion: 3,
  totpEnabled: false,
  hasPasskey: false,
  revokedSids: ["00000000-0000-4000-8000-000000000001"],
};
const now = 1_800_000_000;
const claims = {
  uid: "u1",
  sv: 3,
  sid: "00000000-0000-4000-8000-000000000002",
  authTime: now - 600,
  lastSeen: now - 60,
};

describe("a session token stands only while", () => {
  it("the user is active, its version current, and both lifetimes unexpired", () => {
    expect(sessionStillValid(claims, user, now)).toBe(true);
    expect(sessionStillValid(claims, { ...user, disabled: true }, now)).toBe(false);
    expect(sessionStillValid(claims, { ...user, sessionVersion: 4 }, now)).toBe(false);
    expect(sessionStillValid(claims, null, now)).toBe(false);
    expect(
      sessionStillValid({ ...claims, sid: "00000000-0000-4000-8000-000000000001" }, user, now),
    ).toBe(false);
    expect(
      sessionStillValid({ ...claims, lastSeen: now - IDLE_TIMEOUT_SECONDS - 1 }, user, now),
    ).toBe(false);
    expect(
      sessionStillValid({ ...claims, authTime: now - ABSOLUTE_TIMEOUT_SECONDS - 1 }, user, now),
    ).toBe(false);
  });
});

describe("JSON bodies of cookie-authenticated routes", () => {
  const req = (body: string, type = "application/json") =>
    new Request("http://x/api/reveal", { method: "POST", body, headers: { "content-type": type } });
  it("refuse form-encodable content types (a cross-site form cannot send JSON)", async () => {
    await expect(readJsonBody(req("{}", "text/plain"))).rejects.toMatchObject({
      code: "UNSUPPORTED_MEDIA",
    });
    await expect(
      readJsonBody(req("a=1", "application/x-www-form-urlencoded")),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_MEDIA" });
  });
  it("refuse malformed and oversized bodies with a clear error", async () => {
    await expect(readJsonBody(req("{ not json"))).rejects.toMatchObject({
      code: "VALIDATION",
      userMessage: expect.stringMatching(/not valid JSON/),
    });
    await expect(
      readJsonBody(req(JSON.stringify({ x: "y".repeat(70_000) }))),
    ).rejects.toMatchObject({
      code: "TOO_LARGE",
      userMessage: expect.stringMatching(/too large/),
    });
    expect(await readJsonBody(req('{"a":1}'))).toEqual({ a: 1 });
  });
});
