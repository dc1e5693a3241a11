import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { insertCustomers } from "@/lib/server/customers";
import {
  authenticatePartnerClient,
  changePartnerSharing,
  createPartner,
  listPartners,
  rotatePartnerSecret,
  setPartnerDisabled,
} from "@/lib/server/partners";
import { runVeil } from "../support/cli";
import { customerLike } from "../support/customers";
import { makeUser } from "../support/principals";
import { auditTrailOf } from "../support/audit";

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

describe("sharing customers with a partner", () => {
  async function partnerWithCustomers() {
    const { principal: admin } = await makeUser("ADMIN");
    const { partner } = await createPartner(admin, { ...basic, name: "Sharing Test Ltd" });
    const ids = await insertCustomers(
      admin,
      Array.from({ length: 3 }, () => customerLike()),
    );
    // Give them known creation days, far from any other test's customers.
    const days = ["2001-03-01T10:00:00Z", "2001-03-02T23:59:59Z", "2001-03-03T00:00:00Z"];
    for (const [i, id] of ids.entries())
      await db().customer.update({ where: { id }, data: { createdAt: new Date(days[i]!) } });
    const seen = async () =>
      (await db().partnerCustomer.findMany({ where: { partnerId: partner.id } }))
        .map((r) => ids.indexOf(r.customerId))
        .sort();
    return { admin, partner, ids, seen };
  }

  it("shares chosen customers, then by creation day (whole UTC days), and stops sharing, audited with counts", async () => {
    const { admin, partner, ids, seen } = await partnerWithCustomers();
    expect((await listPartners(admin)).find((p) => p.id === partner.id)?.sharedCount).toBe(0);

    const chosen = await changePartnerSharing(admin, {
      partnerId: partner.id,
      change: "share",
      customers: { kind: "chosen", ids: [ids[0]!, "00000000-0000-4000-8000-000000000000"] },
    });
    expect(chosen).toEqual({ changed: 1, sharedCount: 1 }); // the unknown id is skipped
    expect(await seen()).toEqual([0]);

    const byDay = await changePartnerSharing(admin, {
      partnerId: partner.id,
      change: "share",
      customers: { kind: "created", from: "2001-03-01", to: "2001-03-02" },
    });
    expect(byDay).toEqual({ changed: 1, sharedCount: 2 }); // the 2nd's last second counts; the 3rd not
    expect(await seen()).toEqual([0, 1]);
    expect((await listPartners(admin)).find((p) => p.id === partner.id)?.sharedCount).toBe(2);

    const stopped = await changePartnerSharing(admin, {
      partnerId: partner.id,
      change: "stop",
      customers: { kind: "created", from: "2001-03-02" },
    });
    expect(stopped).toEqual({ changed: 1, sharedCount: 1 });
    expect(await seen()).toEqual([0]);

    const events = await auditTrailOf(partner.id, ["partner.share", "partner.unshare"]);
    expect(events.map((e) => [e.action, e.actorId, e.detail])).toEqual([
      ["partner.share", admin.userId, { selection: "chosen", changed: 1, sharedCount: 1 }],
      ["partner.share", admin.userId, { selection: "created", changed: 1, sharedCount: 2 }],
      ["partner.unshare", admin.userId, { selection: "created", changed: 1, sharedCount: 1 }],
    ]);
  });

  it("stops sharing everything with one change, and sharing twice changes nothing", async () => {
    const { admin, partner, ids, seen } = await partnerWithCustomers();
    const share = { partnerId: partner.id, change: "share", customers: { kind: "chosen", ids } };
    expect((await changePartnerSharing(admin, share)).changed).toBe(3);
    expect((await changePartnerSharing(admin, share)).changed).toBe(0);
    const { sharedCount } = await changePartnerSharing(admin, {
      partnerId: partner.id,
      change: "stop",
      customers: { kind: "all" },
    });
    expect(sharedCount).toBe(0);
    expect(await seen()).toEqual([]);
  });

  it("refuses non-admins, a cold admin and bad selections, changing nothing", async () => {
    const { partner, ids, seen } = await partnerWithCustomers();
    const all = { partnerId: partner.id, change: "share", customers: { kind: "all" } };
    for (const role of ["AGENT", "OFFICER", "ANALYST"] as const) {
      const { principal } = await makeUser(role);
      await expect(changePartnerSharing(principal, all)).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    const { principal: cold } = await makeUser("ADMIN", { steppedUp: false });
    await expect(changePartnerSharing(cold, all)).rejects.toMatchObject({
      code: "STEP_UP_REQUIRED",
    });
    const { principal: admin } = await makeUser("ADMIN");
    for (const customers of [
      { kind: "created" },
      { kind: "created", from: "2001-03-03", to: "2001-03-01" },
      { kind: "created", from: "1 March 2001" },
      { kind: "chosen", ids: [] },
      { kind: "chosen", ids: ["x' OR 1=1 --"] },
      { kind: "every" },
      { kind: "all", where: "TRUE" },
    ])
      await expect(
        changePartnerSharing(admin, { partnerId: partner.id, change: "share", customers }),
      ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      changePartnerSharing(admin, {
        partnerId: "00000000-0000-4000-8000-000000000000",
        change: "share",
        customers: { kind: "chosen", ids },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await seen()).toEqual([]);
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
    const shared = await runVeil(["partners:share", "--client-id", clientId, "--all"]);
    expect(shared.code).toBe(0);
    const sees = Number(/it now sees (\d+)\./.exec(shared.stdout)?.[1]);
    expect(sees).toBe(await db().customer.count());
    const stopped = await runVeil(["partners:share", "--client-id", clientId, "--all", "--stop"]);
    expect(stopped.stdout).toMatch(
      /^Stopped sharing \d+ customer\(s\) with vpc_\S+; it now sees 0\./,
    );
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
