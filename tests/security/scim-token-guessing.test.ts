// Guessing SCIM bearer tokens from one address: every guess is refused, only the first refusal
// of the address's window is audited (no audit flood), and past the pre-authentication ceiling
// the address gets 429 before any token lookup.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/scim/v2/Users/route";
import { env } from "@/lib/env";
import { db } from "@/lib/server/db";

const peer = `198.18.${randomBytes(1)[0]}.${(randomBytes(1)[0]! % 250) + 1}`;
const guess = () =>
  GET(
    new Request("http://localhost/scim/v2/Users", {
      headers: {
        authorization: `Bearer vscim_${randomBytes(32).toString("base64url")}`,
        "x-veil-client-ip": peer,
      },
    }),
  );

describe("SCIM token guessing", () => {
  it("answers 401, then 429 past the ceiling, auditing one refusal per window", async () => {
    const ceiling = env().VEIL_ANONYMOUS_REFUSALS_PER_ADDRESS;
    const statuses: number[] = [];
    for (let i = 0; i < ceiling + 3; i++) statuses.push((await guess()).status);
    expect(statuses.slice(0, ceiling)).toEqual(Array(ceiling).fill(401));
    expect(statuses.slice(ceiling)).toEqual([429, 429, 429]);
    const last = await guess();
    expect(last.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await last.json()).toMatchObject({ status: "429" });
    expect(await db().auditEvent.count({ where: { action: "scim.auth_failed", ip: peer } })).toBe(
      1,
    );
  });
});
