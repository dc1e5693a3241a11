import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import {
  authenticatePartnerClient,
  createPartner,
  listPartners,
  rotatePartnerSecret,
  setPartnerDisabled,
} from "@/lib/server/partners";
import { runVeil } from "../support/cli";
import { makeUser } from "../support/principals";

const ctx = { ip: "127.0.0.1", requestId: null };
const basic = { name: "Card Processor Ltd", profile: "basic", scopes: ["customers:read"] };

describe("partner administration in the data layer", () => {
  it("creates a partner whose secret is shown once and stored only as a hash, audited", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { partner, clientId, clientSecret } = await createPartner(admin, basic);
    expect(clientSecret).toMatch(/^vps_[A-Za-z0-9_-]{43}$/);
    expect(partner).toMatchObject({ clientId, profile: "basic", scopes: ["customers:read"] });
    expect(JSON.stringify(partner)).not.toContain(clientSecret);
    const stored = await db().partner.findUniqueOrThrow({
      where: { id: partner.id },
      select: { secretHash: true },
    });
    expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.secretHash).not.toContain(clientSecret);
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "partner.create", targetId: partner.id },
    });
    expect(audit.detail).toEqual({ profile: "basic", scopes: ["customers:read"] });
    expect(JSON.stringify({ ...audit, seq: String(audit.seq) })).not.toContain(clientSecret);
    expect(JSON.stringify(await listPartners(admin))).not.toContain(clientSecret);
  });

  it("authenticates the right secret only, and never a disabled partner", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { partner, clientId, clientSecret } = await createPartner(admin, basic);
    expect(await authenticatePartnerClient(clientId, clientSecret, ctx)).toMatchObject({
      kind: "partner",
      partnerId: partner.id,
      profile: "basic",
      scopes: ["customers:read"],
    });
    expect(await authenticatePartnerClient(clientId, `${clientSecret}x`, ctx)).toBeNull();
    expect(await authenticatePartnerClient("vpc_unknown", clientSecret, ctx)).toBeNull();
    await setPartnerDisabled(admin, { partnerId: partner.id, disabled: true });
    expect(await authenticatePartnerClient(clientId, clientSecret, ctx)).toBeNull();
  });

  it("rotates the secret: the new one works, the old one only during the overlap", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { partner, clientId, clientSecret: old } = await createPartner(admin, basic);
    const { clientSecret: fresh, previousValidUntil } = await rotatePartnerSecret(admin, {
      partnerId: partner.id,
    });
    expect(new Date(previousValidUntil).getTime()).toBeGreaterThan(Date.now());
    expect(await authenticatePartnerClient(clientId, fresh, ctx)).not.toBeNull();
    expect(await authenticatePartnerClient(clientId, old, ctx)).not.toBeNull();
    await db().partner.update({
      where: { id: partner.id },
      data: { previousSecretUntil: new Date(Date.now() - 1000) },
    });
    expect(await authenticatePartnerClient(clientId, old, ctx)).toBeNull();
    expect(await authenticatePartnerClient(clientId, fresh, ctx)).not.toBeNull();
  });

  it("refuses non-admins and admins without a fresh step-up", async () => {
    for (const role of ["AGENT", "OFFICER", "ANALYST"] as const) {
      const { principal } = await makeUser(role);
      await expect(createPartner(principal, basic)).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringMatching(/lacks partners\.manage/),
      });
    }
    const { principal: cold } = await makeUser("ADMIN", { steppedUp: false });
    await expect(createPartner(cold, basic)).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
  });

  it("rejects bad input with every issue named and writes nothing", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const before = await db().partner.count();
    for (const bad of [
      { ...basic, profile: "everything" },
      { ...basic, scopes: ["customers:delete"] },
      { ...basic, scopes: [] },
      { ...basic, corsOrigins: ["http://partner.example"] },
      { ...basic, corsOrigins: ["https://partner.example/path"] },
      { ...basic, ipAllowList: ["10.0.0.0/99"] },
      { ...basic, name: "<script>alert(1)</script>" },
      { ...basic, secretHash: "f".repeat(64) },
    ]) {
      await expect(createPartner(admin, bad)).rejects.toMatchObject({ code: "VALIDATION" });
    }
    expect(await db().partner.count()).toBe(before);
  });
});

describe("partners CLI", () => {
  it("creates (printing the credentials once as JSON), lists without secrets, and disables", async () => {
    const created = await runVeil([
      "partners:create",
      "--name",
      "KYC Provider",
      "--profile",
      "kyc",
      "--scopes",
      "customers:read,customers:write",
      "--json",
    ]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const { clientId, clientSecret, ...rest } = JSON.parse(created.stdout);
    expect(rest).toEqual({});
    expect(clientId).toMatch(/^vpc_/);
    const listed = await runVeil(["partners:list", "--json"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(clientId);
    expect(listed.stdout).not.toContain(clientSecret);
    expect(await authenticatePartnerClient(clientId, clientSecret, ctx)).not.toBeNull();
    const disabled = await runVeil(["partners:disable", "--client-id", clientId]);
    expect(disabled.code).toBe(0);
    expect(await authenticatePartnerClient(clientId, clientSecret, ctx)).toBeNull();
    const bad = await runVeil([
      "partners:create",
      "--name",
      "X",
      "--profile",
      "nope",
      "--scopes",
      "customers:read",
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Use one of: basic, kyc/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
  it("keys:rotate-signing makes a new key active and keeps the old one for its tokens' lifetime", async () => {
    const first = await runVeil(["keys:rotate-signing"]);
    expect(first.code).toBe(0);
    const second = await runVeil(["keys:rotate-signing"]);
    expect(second.code).toBe(0);
    const kid = /New signing key (k_[A-Za-z0-9_-]+)/.exec(second.stdout)?.[1];
    const active = await db().signingKey.findMany({ where: { retiredAt: null } });
    expect(active.map((k) => k.kid)).toEqual([kid]);
    expect(await db().signingKey.count({ where: { retiredAt: { not: null } } })).toBeGreaterThan(0);
    expect(
      await db().auditEvent.count({ where: { action: "keys.rotate_signing", targetId: kid } }),
    ).toBe(1);
  });
});
