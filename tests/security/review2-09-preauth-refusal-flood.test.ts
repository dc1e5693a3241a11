// Second review, item 9: refusals before authentication cannot flood the audit trail. 200 bad
// bearer tokens wrote 200 `partner.auth_failed` rows and never met a 429; 50 bad set-password
// links wrote 50 rows. Now each address has a ceiling of refusals before authentication, and only
// the first refusal per address and window is audited (the rest are counted).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as listGET } from "@/app/api/v1/customers/route";
import { env } from "@/lib/env";
import { db } from "@/lib/server/db";
import { checkSetPasswordLink, setPasswordWithToken } from "@/lib/server/users/invitations";
import { requestClientCredentials } from "../support/partner-token";
import { servedRequest } from "../support/served-request";

const o = () => Math.floor(Math.random() * 250) + 1;
const freshAddress = () => `198.18.${o()}.${o()}`;
const rows = (action: string, ip: string) => db().auditEvent.count({ where: { action, ip } });

describe("item 9: pre-authentication refusals per address", () => {
  it("200 bad bearer tokens: one audit row, then 429 before any token work", async () => {
    const peer = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await listGET(
        servedRequest("http://localhost/api/v1/customers", {
          peer,
          headers: { authorization: `Bearer ${randomBytes(24).toString("base64url")}` },
        }),
      );
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses[0]).toBe(401);
    expect(statuses.filter((s) => s === 401).length).toBe(
      env().VEIL_ANONYMOUS_REFUSALS_PER_ADDRESS,
    );
    expect(statuses.at(-1)).toBe(429);
    expect(await rows("partner.auth_failed", peer)).toBe(1);
    // Another address is not affected.
    const other = await listGET(
      servedRequest("http://localhost/api/v1/customers", {
        peer: freshAddress(),
        headers: { authorization: "Bearer not-a-real-token-but-long-enough" },
      }),
    );
    expect(other.status).toBe(401);
  });

  it("bad client credentials at the token endpoint: one audit row, then 429", async () => {
    const peer = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await requestClientCredentials(
        { clientId: "vc_nobody", clientSecret: `guess-${i}` },
        peer,
      );
      statuses.push(res.status);
    }
    expect(statuses[0]).toBe(401);
    expect(statuses.at(-1)).toBe(429);
    expect(await rows("partner.token", peer)).toBe(1);
  });

  it("50 bad set-password links: one audit row, then RATE_LIMITED", async () => {
    const ip = freshAddress();
    const ctx = { ip, requestId: null };
    const codes: string[] = [];
    for (let i = 0; i < 50; i++) {
      const token = randomBytes(32).toString("base64url");
      const attempt =
        i % 2
          ? checkSetPasswordLink({ token }, ctx)
          : setPasswordWithToken(
              {
                token,
                password: "a long enough passphrase 9",
                confirm: "a long enough passphrase 9",
              },
              ctx,
            );
      codes.push(
        await attempt.then(
          () => "ok",
          (e: { code: string }) => e.code,
        ),
      );
    }
    expect(codes[0]).toBe("VALIDATION");
    expect(codes.at(-1)).toBe("RATE_LIMITED");
    expect(await rows("user.set_password", ip)).toBe(1);
  });
});
