import { describe, expect, it } from "vitest";
import { createCustomer, getCustomer } from "@/lib/server/customers";
import { revealField } from "@/lib/server/customers/reveal";
import { decideReveal, requestReveal } from "@/lib/server/customers/reveal-requests";
import { exportAudit } from "@/lib/server/audit/export";
import { auditActivity, customerAccessHistory, searchAudit } from "@/lib/server/audit/query";
import { recordAudit } from "@/lib/server/audit/append";
import { db } from "@/lib/server/db";
import { customerLike } from "../support/customers";
import { makeUser } from "../support/principals";

const purpose = { purpose: "fraud_investigation", caseRef: "CB-7781" } as const;

async function readAll(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

describe("the audit viewer (data layer)", () => {
  it("finds an officer's card-number reveal of one customer, with its purpose, on the first page", async () => {
    const { principal: officer, user: officerUser } = await makeUser("OFFICER");
    const { principal: second } = await makeUser("OFFICER");
    const { principal: admin } = await makeUser("ADMIN");
    const { id } = await createCustomer(officer, customerLike({ pan: "4012888888881881" }));
    const { id: requestId } = await requestReveal(officer, {
      customerId: id,
      field: "pan",
      ...purpose,
    });
    await decideReveal(second, { requestId, approve: true });
    await revealField(officer, { customerId: id, field: "pan", ...purpose });
    for (let i = 0; i < 5; i++) await getCustomer(admin, id); // noise on the same record

    const page = await searchAudit(admin, {
      customer: id,
      action: "customer.reveal",
      field: "pan",
    });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({
      action: "customer.reveal",
      actorId: officer.userId,
      actorLabel: officerUser.name,
      targetId: id,
      fields: [{ field: "pan", level: "plain" }],
      purpose: "fraud_investigation: CB-7781",
      outcome: "success",
    });
    // No value ever: the row holds ids, levels and codes.
    expect(JSON.stringify(page.rows)).not.toContain("4012888888881881");
    // Reading the trail was recorded, with the filter names only.
    const read = await db().auditEvent.findFirstOrThrow({
      where: { action: "audit.search", actorId: admin.userId },
      orderBy: { at: "desc" },
    });
    expect(read.detail).toEqual({ filters: ["customer", "action", "field"] });
  });

  it("pages by cursor with no gap and no repeat, newest first", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { id } = await createCustomer(admin, customerLike());
    for (let i = 0; i < 60; i++) await getCustomer(admin, id);
    const first = await searchAudit(admin, { customer: id, action: "customer.read" });
    expect(first.rows).toHaveLength(50);
    expect(first.nextCursor).toBeTruthy();
    const second = await searchAudit(admin, {
      customer: id,
      action: "customer.read",
      cursor: first.nextCursor,
    });
    expect(second.rows).toHaveLength(10);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(60);
    const times = [...first.rows, ...second.rows].map((r) => r.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("shows officers record-access events only, and refuses agents and analysts", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    await recordAudit({ actor: officer, action: "user.password_change" });
    const logins = await searchAudit(officer, { action: "user.password_change" });
    expect(logins.rows).toEqual([]);
    const { id } = await createCustomer(officer, customerLike());
    await getCustomer(officer, id);
    expect((await searchAudit(officer, { customer: id })).rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(["customer.read", "customer.create"]),
    );
    for (const role of ["AGENT", "ANALYST"] as const) {
      const { principal } = await makeUser(role);
      await expect(searchAudit(principal, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(customerAccessHistory(principal, id)).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
  });

  it("answers bad filters with a clear validation error and records nothing", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const before = await db().auditEvent.count({ where: { actorId: admin.userId } });
    for (const bad of [
      { customer: '\'; DROP TABLE "AuditEvent"; --' },
      { purpose: "x' OR '1'='1" },
      { action: "<script>" },
      { outcome: "maybe" },
      { from: "2020-01-01", to: "2026-01-01" }, // more than a year
      { from: "2026-02-01", to: "2026-01-01" }, // backwards
      { cursor: "../../etc/passwd" },
      { unknown: "1" },
      { field: "password" },
    ])
      await expect(searchAudit(admin, bad), JSON.stringify(bad)).rejects.toMatchObject({
        code: "VALIDATION",
      });
    expect(await db().auditEvent.count({ where: { actorId: admin.userId } })).toBe(before);
  });

  it("exports the filtered set as CSV and JSON, streamed, neutralising formulas, and audits the export", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { id } = await createCustomer(admin, customerLike());
    for (let i = 0; i < 1202; i++) await getCustomer(admin, id);
    // A cell a spreadsheet would run as a formula must come out as text.
    await recordAudit({
      actor: admin,
      action: "customer.read",
      target: { type: "customer", id },
      purpose: '=HYPERLINK("http://evil.example")',
    });
    const csv = await exportAudit(admin, { customer: id, action: "customer.read", format: "csv" });
    expect(csv.contentType).toMatch(/text\/csv/);
    const lines = (await readAll(csv.stream)).trim().split("\n");
    expect(lines[0]).toBe(
      '"seq","at","actor_type","actor_id","actor","action","target_type","target_id","targets","fields","purpose","outcome","request_id","ip"',
    );
    expect(lines).toHaveLength(1 + 1203); // more than one batch of 1,000
    expect(lines.find((l) => l.includes("HYPERLINK"))).toContain(
      `"'=HYPERLINK(""http://evil.example"")"`,
    );
    expect(lines.some((l) => /,=HYPERLINK|^=/.test(l))).toBe(false);
    const json = await exportAudit(admin, { customer: id, format: "json" });
    const parsed = JSON.parse(await readAll(json.stream)) as { action: string }[];
    expect(parsed.filter((r) => r.action === "customer.read")).toHaveLength(1203);
    expect(
      await db().auditEvent.count({ where: { action: "audit.export", actorId: admin.userId } }),
    ).toBe(2);
  }, 120_000);

  it("lists a customer's access history for officers: who, what, which fields, why", async () => {
    const { principal: officer, user } = await makeUser("OFFICER");
    const { id } = await createCustomer(officer, customerLike({ email: "hist@example.com" }));
    await revealField(officer, { customerId: id, field: "email", ...purpose });
    const { rows } = await customerAccessHistory(officer, id);
    expect(rows[0]).toMatchObject({
      action: "customer.reveal",
      actorLabel: user.name,
      fields: [{ field: "email", level: "plain" }],
      purpose: "fraud_investigation: CB-7781",
    });
    expect(rows.map((r) => r.action)).toContain("customer.create");
  });

  it("counts reads, reveals, searches and failed sign-ins per day for the charts (admins only)", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { principal: officer } = await makeUser("OFFICER");
    const today = () => auditActivity(admin).then((d) => d[d.length - 1]!);
    const before = await today();
    const { id } = await createCustomer(officer, customerLike({ email: "chart@example.com" }));
    await getCustomer(officer, id);
    await revealField(officer, { customerId: id, field: "email", ...purpose });
    await recordAudit({
      actor: { kind: "anonymous", ip: null, requestId: null },
      action: "auth.login",
      outcome: "failure",
      detail: { reason: "bad_credentials" },
    });
    const after = await today();
    expect(after.day).toBe(new Date().toISOString().slice(0, 10));
    expect(after.reads - before.reads).toBeGreaterThanOrEqual(1);
    expect(after.reveals - before.reveals).toBe(1);
    expect(after.failedSignIns - before.failedSignIns).toBe(1);
    expect((await auditActivity(admin)).length).toBe(15);
    await expect(auditActivity(officer)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
