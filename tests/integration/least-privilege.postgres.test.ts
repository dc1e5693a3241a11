// What only a PostgreSQL server can show (PGlite serves one session and one role, so the
// embedded default runs as the schema owner, and readiness says so): Veil working as the
// application role end to end, and deployments misconfigured at the database refused loudly.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { reloadEnv } from "@/lib/env";
import { attemptLogin } from "@/lib/server/auth/login";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { readiness } from "@/lib/server/health/readiness";
import { createCustomer, getCustomer } from "@/lib/server/customers";
import { revealField } from "@/lib/server/customers/reveal";
import {
  authenticatePartnerClient,
  createPartner,
  rotatePartnerSecret,
} from "@/lib/server/partners";
import { disconnectDb } from "@/lib/server/db";
import { changeUserRole } from "@/lib/server/users/admin";
import { appRoleForThisFile } from "../support/app-role";
import { customerLike } from "../support/customers";
import { registeredAuthenticator, signInWithPasskey } from "../support/passkeys";
import { makeUser, TEST_PASSWORD } from "../support/principals";

const { ownerUrl, appRoleUrl } = appRoleForThisFile();

describe("Veil running as the application role", () => {
  it("signs in, reads, reveals and makes admin changes; readiness has no owner warning", async () => {
    const { user: agent } = await makeUser("AGENT");
    const { principal: officer } = await makeUser("OFFICER");
    const { principal: admin } = await makeUser("ADMIN");
    const { id } = await createCustomer(officer, customerLike({ email: "least.priv@example.com" }));
    process.env.DATABASE_URL = appRoleUrl();
    reloadEnv();
    await disconnectDb();
    try {
      expect(
        (
          await attemptLogin(
            { email: agent.email, password: TEST_PASSWORD },
            { ip: "10.3.3.3", userAgent: "t", requestId: null },
          )
        ).ok,
      ).toBe(true);
      expect((await getCustomer(officer, id)).fields.email.value).toBe("l•••@example.com");
      expect(
        (
          await revealField(officer, {
            customerId: id,
            field: "email",
            purpose: "kyc_review",
            caseRef: "LP-0001",
          })
        ).value,
      ).toBe("least.priv@example.com");
      await changeUserRole(admin, { userId: agent.id, role: "ANALYST" });
      const partner = await createPartner(admin, {
        name: "App Role Partner",
        profile: "basic",
        scopes: ["customers:read"],
      });
      const ctx = { ip: null, requestId: null };
      expect(
        await authenticatePartnerClient(partner.clientId, partner.clientSecret, ctx),
      ).not.toBeNull();
      const rotated = await rotatePartnerSecret(admin, { partnerId: partner.partner.id });
      expect(
        await authenticatePartnerClient(partner.clientId, rotated.clientSecret, ctx),
      ).not.toBeNull();
      // Passkeys: added (after a password step-up), then used at sign-in.
      const { principal: holder, user: holderUser } = await makeUser("AGENT");
      const { authenticator } = await registeredAuthenticator(holder, {
        steppedUpWith: "password",
      });
      expect(await signInWithPasskey(holderUser.email, authenticator)).toMatchObject({ ok: true });
      expect(await readiness()).toMatchObject({ ready: true, warnings: [] });
      expect((await verifyAuditChain()).ok).toBe(true);
    } finally {
      process.env.DATABASE_URL = ownerUrl;
      reloadEnv();
      await disconnectDb();
    }
  });
});

describe("misconfigured deployments fail loudly", () => {
  async function readyWith(env: Record<string, string>) {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    reloadEnv();
    await disconnectDb();
    try {
      const body = await readiness();
      return { status: body.ready ? 200 : 503, body };
    } finally {
      process.env = saved;
      reloadEnv();
      await disconnectDb();
    }
  }

  it("a login without grants is reported as a permission problem, not an outage", async () => {
    const bare = `veil_bare_${randomBytes(3).toString("hex")}`;
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    await owner.query(`CREATE ROLE ${bare} LOGIN PASSWORD 'bare-password-123'`);
    try {
      const url = new URL(ownerUrl);
      url.username = bare;
      url.password = "bare-password-123";
      const { status, body } = await readyWith({ DATABASE_URL: url.toString() });
      expect(status).toBe(503);
      expect(body.checks).toContainEqual(
        expect.objectContaining({
          name: "database",
          ok: false,
          detail: expect.stringMatching(/permission denied.*db:roles/),
        }),
      );
    } finally {
      await owner.query(`DROP OWNED BY ${bare}`).catch(() => {});
      await owner.query(`DROP ROLE ${bare}`);
      await owner.end();
    }
  });

  it("requiring TLS against a server that does not offer it is refused, never downgraded", async () => {
    const { status, body } = await readyWith({
      DATABASE_URL: ownerUrl,
      DATABASE_SSL_CA_FILE: "/etc/ssl/certs/ca-certificates.crt",
    });
    expect(status).toBe(503);
    expect(body.checks).toContainEqual(expect.objectContaining({ name: "database", ok: false }));
  });
});
