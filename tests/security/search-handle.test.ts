import { describe, expect, it } from "vitest";
import { createCustomer } from "@/lib/server/customers";
import {
  resumeCustomerSearch,
  searchCustomersWithHandle,
} from "@/lib/server/customers/search-handle";
import { customerLike } from "../support/customers";
import { makeUser } from "../support/principals";

// The customer list keeps a search in its address so Back restores it. What is in the address
// must give nothing away: not the searched value (an email, a national ID), and nothing another
// person could use — a colleague, or whoever reads a proxy log, gets "expired", never results.

describe("a search handle in the address", () => {
  it("carries no searched value, and works only for the user who searched, unaltered", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const { principal: other } = await makeUser("OFFICER");
    const email = `handle-${Date.now()}@example.test`;
    await createCustomer(agent, customerLike({ email }));
    const first = await searchCustomersWithHandle(agent, { by: "email", value: email }, 1);
    expect(first.total).toBe(1);
    const handle = first.handle!;

    // Nothing readable: not in the text, not in any base64 reading of it.
    for (const text of [handle, Buffer.from(handle, "base64").toString("latin1")])
      expect(text.toLowerCase()).not.toContain(email.slice(0, 12).toLowerCase());
    expect(encodeURIComponent(handle).length).toBeLessThan(1000);

    const again = await resumeCustomerSearch(agent, { handle, page: 1 });
    expect(again.query).toEqual({ by: "email", value: email });
    expect(again.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));

    // Another user, an altered handle, a forged one: "expired", and no rows.
    const refused = [
      () => resumeCustomerSearch(other, { handle, page: 1 }),
      () =>
        resumeCustomerSearch(agent, {
          handle: handle.slice(0, -2) + (handle.endsWith("A") ? "BB" : "AA"),
          page: 1,
        }),
      () => resumeCustomerSearch(agent, { handle: `Fe26.2**${"x".repeat(60)}`, page: 1 }),
      () => resumeCustomerSearch(agent, { handle: "short", page: 1 }),
    ];
    for (const attempt of refused)
      await expect(attempt()).rejects.toMatchObject({
        code: expect.stringMatching(/NOT_FOUND|VALIDATION/),
      });
  });
});
