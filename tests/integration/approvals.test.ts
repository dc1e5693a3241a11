// Four eyes, the same for every kind of request (lib/server/approvals/decide.ts): each kind is
// driven through its own entry points, and each must show the shared rules.
import { describe, expect, it } from "vitest";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { createCustomer } from "@/lib/server/customers";
import { decideReveal, requestReveal } from "@/lib/server/customers/reveal-requests";
import { db } from "@/lib/server/db";
import { decideErasure, requestErasure } from "@/lib/server/gdpr/erasure";
import { CANARY } from "../support/customers";
import { makeUser } from "../support/principals";

type Kind = {
  name: string;
  ask(requester: UserPrincipal, customerId: string): Promise<string>;
  decide(decider: UserPrincipal, requestId: string, approve: boolean): Promise<unknown>;
  status(requestId: string): Promise<string>;
};

const KINDS: Kind[] = [
  {
    name: "card reveal",
    ask: async (requester, customerId) =>
      (
        await requestReveal(requester, {
          customerId,
          field: "pan",
          purpose: "chargeback",
          caseRef: "AP-1",
        })
      ).id,
    decide: (decider, requestId, approve) => decideReveal(decider, { requestId, approve }),
    status: async (id) => (await db().revealRequest.findUniqueOrThrow({ where: { id } })).status,
  },
  {
    name: "erasure",
    ask: async (requester, customerId) =>
      (await requestErasure(requester, { customerId, caseRef: "AP-2" })).id,
    decide: (decider, requestId, approve) => decideErasure(decider, { requestId, approve }),
    status: async (id) => (await db().erasureRequest.findUniqueOrThrow({ where: { id } })).status,
  },
];

async function pending(kind: Kind) {
  const { principal: requester } = await makeUser("OFFICER");
  const { id } = await createCustomer(requester, {
    ...CANARY,
    email: `ap.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@x.example`,
  });
  return { requester, requestId: await kind.ask(requester, id) };
}

describe.each(KINDS)("four eyes: $name", (kind) => {
  it("nobody decides their own request", async () => {
    const { requester, requestId } = await pending(kind);
    await expect(kind.decide(requester, requestId, true)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await kind.status(requestId)).toBe("pending");
  });

  it("two concurrent decisions: exactly one wins, the other is told", async () => {
    const { requestId } = await pending(kind);
    const { principal: a } = await makeUser("OFFICER");
    const { principal: b } = await makeUser("OFFICER");
    const results = await Promise.allSettled([
      kind.decide(a, requestId, true),
      kind.decide(b, requestId, false),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(["CONFLICT", "NOT_FOUND"]).toContain((lost.reason as { code: string }).code);
    expect(["approved", "declined", "erased"]).toContain(await kind.status(requestId));
  });

  it("a decided request cannot be decided again", async () => {
    const { requestId } = await pending(kind);
    const { principal: a } = await makeUser("OFFICER");
    const { principal: b } = await makeUser("OFFICER");
    await kind.decide(a, requestId, false);
    await expect(kind.decide(b, requestId, true)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await kind.status(requestId)).toBe("declined");
  });
});
