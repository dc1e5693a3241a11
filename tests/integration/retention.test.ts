// Retention as an operator runs it (`veil retention:run`): a dry run lists what each rule has due
// and changes nothing; the real run changes exactly what the dry run listed, audited, and the
// audit chain still verifies afterwards.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealAuditChain } from "@/lib/server/audit/seal";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { createCustomer } from "@/lib/server/customers";
import { db } from "@/lib/server/db";
import type { RetentionPlan } from "@/lib/server/retention";
import { runVeil } from "../support/cli";
import { customerLike } from "../support/customers";
import { makeUser } from "../support/principals";

const LONG_AGO = new Date("2001-02-03T04:05:06Z");

/** Everything a retention run could touch, counted. */
async function snapshot() {
  const [customers, signIns, reveals, tokens, events, archived, head] = await Promise.all([
    db().customer.count(),
    db().signInEvent.count(),
    db().revealRequest.count(),
    db().refreshToken.count(),
    db().auditEvent.count(),
    db().auditArchive.count(),
    db().auditHead.findUnique({ where: { id: 1 } }),
  ]);
  return { customers, signIns, reveals, tokens, events, archived, head: head?.hash };
}

/** Records that are due (backdated) and records that are not, of every kind. */
async function seedDueAndFresh() {
  const { principal: agent, user } = await makeUser("AGENT");
  const due = [
    await createCustomer(agent, customerLike()),
    await createCustomer(agent, customerLike()),
  ];
  const fresh = await createCustomer(agent, customerLike());
  await db().customer.updateMany({
    where: { id: { in: due.map((c) => c.id) } },
    data: { updatedAt: LONG_AGO },
  });
  const oldSignIn = await db().signInEvent.create({
    data: { userId: user.id, at: LONG_AGO, outcome: "success" },
  });
  const newSignIn = await db().signInEvent.create({
    data: { userId: user.id, outcome: "success" },
  });
  const oldReveal = await db().revealRequest.create({
    data: {
      customerId: fresh.id,
      field: "pan",
      requestedBy: user.id,
      purpose: "fraud_investigation",
      caseRef: "OLD-1",
      status: "declined",
      createdAt: LONG_AGO,
      expiresAt: LONG_AGO,
    },
  });
  // One backdated audit event (inserted unsealed, as the sealer then chains it).
  await db().$executeRaw`
    INSERT INTO "AuditEvent" ("id", "at", "actorType", "action", "outcome", "hashVersion")
    VALUES (${randomUUID()}::uuid, ${LONG_AGO}, 'system', 'customer.seed', 'success', 2)`;
  await sealAuditChain();
  return { due, fresh, oldSignIn, newSignIn, oldReveal };
}

describe("veil retention:run", () => {
  it("a dry run changes nothing; the real run changes exactly what it listed", async () => {
    const seeded = await seedDueAndFresh();
    const before = await snapshot();

    const dry = await runVeil(["retention:run", "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as RetentionPlan & { dryRun: boolean };
    expect(plan.dryRun).toBe(true);
    expect(await snapshot()).toEqual(before);
    const listed = Object.fromEntries(plan.items.map((i) => [i.rule, i]));
    expect(listed.customers!.ids).toEqual(expect.arrayContaining(seeded.due.map((c) => c.id)));
    expect(listed.customers!.ids).not.toContain(seeded.fresh.id);
    expect(listed.sign_ins!.ids).toContain(seeded.oldSignIn.id);
    expect(listed.sign_ins!.ids).not.toContain(seeded.newSignIn.id);
    expect(listed.reveal_requests!.ids).toContain(seeded.oldReveal.id);
    expect(listed.audit!.count).toBeGreaterThan(0);
    expect(listed.audit!.summary?.["customer.seed"]).toBeGreaterThan(0);
    // Nothing personal in the plan: ids, counts and dates only.
    expect(dry.stdout).not.toMatch(/@example\.com|4111111111111111/);

    const real = await runVeil(["retention:run", "--json"]);
    expect(real.code, real.stderr).toBe(0);
    const done = JSON.parse(real.stdout) as RetentionPlan & { changed: Record<string, number> };
    // The same list, and exactly that many changes per rule.
    for (const item of plan.items) {
      const again = done.items.find((i) => i.rule === item.rule)!;
      expect(again.ids.sort(), item.rule).toEqual([...item.ids].sort());
      expect(done.changed[item.rule], item.rule).toBe(item.count);
    }
    const after = await snapshot();
    expect(after.customers).toBe(before.customers - listed.customers!.count);
    expect(after.signIns).toBe(before.signIns - listed.sign_ins!.count);
    expect(after.reveals).toBe(before.reveals - listed.reveal_requests!.count);
    expect(after.tokens).toBe(before.tokens - listed.refresh_tokens!.count);
    expect(after.archived).toBe(before.archived + listed.audit!.count);
    expect(await db().customer.count({ where: { id: seeded.fresh.id } })).toBe(1);
    expect(await db().signInEvent.count({ where: { id: seeded.newSignIn.id } })).toBe(1);

    await sealAuditChain();
    const erased = await db().auditEvent.findMany({ where: { action: "retention.erase" } });
    expect(erased.flatMap((e) => e.targetIds).sort()).toEqual(
      expect.arrayContaining(seeded.due.map((c) => c.id)),
    );
    const run = await db().auditEvent.findFirstOrThrow({
      where: { action: "retention.run" },
      orderBy: { at: "desc" },
    });
    expect(run.detail).toMatchObject({ rules: { customers: listed.customers!.count } });
    expect((await verifyAuditChain()).ok).toBe(true);

    // Run again: nothing left to do.
    const again = JSON.parse((await runVeil(["retention:run", "--dry-run", "--json"])).stdout);
    expect(
      (again as RetentionPlan).items.filter((i) => i.rule !== "audit").every((i) => i.count === 0),
    ).toBe(true);
  });

  it("refuses unknown options without touching anything", async () => {
    const before = await snapshot();
    const r = await runVeil(["retention:run", "--now"]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/Unknown option/);
    expect(await snapshot()).toEqual(before);
  });
});
