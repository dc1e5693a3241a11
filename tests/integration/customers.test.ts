import { describe, expect, it } from "vitest";
import { createCustomer, getCustomer, listCustomers, updateCustomer } from "@/lib/server/customers";
import { customerForEdit } from "@/lib/server/customers/edit-form";
import { DecryptionError } from "@/lib/server/crypto/envelope";
import { db } from "@/lib/server/db";
import { customerLike } from "../support/customers";
import { makeUser } from "../support/principals";

describe("customer records in the data layer", () => {
  it("masks by role: agent and admin see partial masks, analyst only tokens", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const { principal: analyst } = await makeUser("ANALYST");
    const { principal: admin } = await makeUser("ADMIN");
    const { id } = await createCustomer(agent, customerLike({ email: "john.smith@example.com" }));
    const asAgent = await getCustomer(agent, id);
    expect(asAgent.fields.pan).toMatchObject({
      value: "•••• 1111",
      level: "last4",
      revealable: false,
    });
    expect(asAgent.fields.email.value).toBe("j•••@example.com");
    expect(asAgent.fields.dateOfBirth.value).toBe("1984");
    expect(asAgent.fields.address.value).toBe("Manchester, GB");
    expect((await getCustomer(admin, id)).fields).toEqual(asAgent.fields);
    const asAnalyst = await getCustomer(analyst, id);
    expect(asAnalyst.fields.pan.value).toMatch(/^tok_[A-Za-z0-9_-]{22}$/);
    expect(asAnalyst.fields.email.value).toMatch(/^tok_/);
    expect(asAnalyst.fields.fullName.value).toMatch(/^tok_/);
    expect(asAnalyst.fields.dateOfBirth.value).toBe("1980–1989");
    expect(asAnalyst.fields.address.value).toBe("GB");
    expect(JSON.stringify(asAnalyst.fields)).not.toMatch(/john|1111|Manchester/i); // fields only: ids are random hex
    // Tokens are stable, so analysts can join records without seeing identifiers.
    expect((await getCustomer(analyst, id)).fields.pan.value).toBe(asAnalyst.fields.pan.value);
  });

  it("writes an audit row for every read, listing fields and levels but no values", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const { id } = await createCustomer(agent, customerLike());
    await getCustomer(agent, id);
    const read = await db().auditEvent.findFirstOrThrow({
      where: { action: "customer.read", targetId: id, actorId: agent.userId },
    });
    expect(read.fields).toEqual(
      expect.arrayContaining([
        { field: "pan", level: "last4" },
        { field: "email", level: "partial" },
      ]),
    );
    const page = await listCustomers(agent, { page: 1, pageSize: 10 });
    const list = await db().auditEvent.findFirstOrThrow({
      where: { action: "customer.list", actorId: agent.userId },
      orderBy: { seq: "desc" },
    });
    expect(list.targetIds).toEqual(page.rows.map((r) => r.id));
    expect(JSON.stringify(list.fields)).toContain("fullName");
  });

  it("finds a record by exact PAN, IBAN, email or national id through blind indexes, and nothing by a partial value", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const input = customerLike({
      pan: "5555555555554444",
      iban: "GB82WEST12345698765432",
      email: "unique.search@example.com",
      nationalId: "ZZ998877A",
    });
    const { id } = await createCustomer(officer, input);
    for (const [by, value] of [
      ["pan", "5555 5555 5555 4444"],
      ["iban", "gb82 west 1234 5698 7654 32"],
      ["email", "Unique.Search@Example.com"],
      ["nationalId", "zz998877a"],
    ] as const) {
      const r = await listCustomers(officer, { search: { by, value } });
      expect(
        r.rows.map((x) => x.id),
        by,
      ).toEqual([id]);
    }
    for (const [by, value] of [
      ["email", "unique.search@example.co"],
      ["nationalId", "ZZ99887"],
      ["iban", "GB82WEST12345698765432".replace("32", "33")],
    ] as const) {
      const r = await listCustomers(officer, { search: { by, value } }).catch(() => ({ rows: [] }));
      expect(r.rows, by).toEqual([]);
    }
    // Last four digits (what agents see) are refused with a reason, not a checksum complaint.
    await expect(
      listCustomers(officer, { search: { by: "pan", value: "4444" } }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      issues: [expect.objectContaining({ message: expect.stringMatching(/last four digits/) })],
    });
  });

  it("pre-fills the edit form only with what the editor already sees in clear", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const { id } = await createCustomer(
      agent,
      customerLike({ fullName: "Prefill Person", email: "prefill@example.com" }),
    );
    const { customer, prefill } = await customerForEdit(agent, id);
    expect(prefill).toEqual({ fullName: "Prefill Person", city: "Manchester", country: "GB" });
    expect(customer.fields.email.value).toBe("p•••@example.com");
    const { principal: analyst } = await makeUser("ANALYST");
    await expect(customerForEdit(analyst, id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("finds by name prefix without storing the name in clear", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const { id } = await createCustomer(agent, customerLike({ fullName: "Zebulon Quackenbush" }));
    expect(
      (await listCustomers(agent, { search: { by: "name", value: "quack" } })).rows.map(
        (r) => r.id,
      ),
    ).toContain(id);
    expect(
      (await listCustomers(agent, { search: { by: "name", value: "zeb qua" } })).rows.map(
        (r) => r.id,
      ),
    ).toEqual([id]);
    expect(
      (await listCustomers(agent, { search: { by: "name", value: "ackenbush" } })).rows.map(
        (r) => r.id,
      ),
    ).not.toContain(id);
  });

  it("fails loudly when ciphertexts are swapped between customers or fields", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const a = await createCustomer(agent, customerLike({ email: "a.swap@example.com" }));
    const b = await createCustomer(agent, customerLike({ email: "b.swap@example.com" }));
    const rows = await db().customer.findMany({
      where: { id: { in: [a.id, b.id] } },
      select: { id: true, emailEnc: true, phoneEnc: true },
    });
    const [ra, rb] = [rows.find((r) => r.id === a.id)!, rows.find((r) => r.id === b.id)!];
    await db().customer.update({ where: { id: a.id }, data: { emailEnc: rb.emailEnc } });
    await expect(getCustomer(agent, a.id)).rejects.toBeInstanceOf(DecryptionError);
    await db().customer.update({ where: { id: a.id }, data: { emailEnc: ra.phoneEnc } });
    await expect(getCustomer(agent, a.id)).rejects.toBeInstanceOf(DecryptionError);
    await db().customer.update({ where: { id: a.id }, data: { emailEnc: ra.emailEnc } });
    expect((await getCustomer(agent, a.id)).fields.email.value).toBe("a•••@example.com");
  });

  it("rejects bad input clearly and writes nothing", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const before = await db().customer.count();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...customerLike(), cvv: "123" }, /security codes/],
      [{ ...customerLike(), CVC2: "123" }, /security codes/],
      [customerLike({ pan: "4111111111111112" }), /checksum/],
      [customerLike({ iban: "GB82WEST12345698765433" }), /checksum/],
      [{ ...customerLike(), favouriteColour: "blue" }, /.+/],
      [customerLike({ fullName: "x".repeat(500) }), /at most/],
      [customerLike({ dateOfBirth: "1984-02-30" }), /real past date/],
    ];
    for (const [input, message] of cases) {
      await expect(createCustomer(agent, input)).rejects.toMatchObject({
        code: "VALIDATION",
        userMessage: expect.stringMatching(message),
      });
    }
    expect(await db().customer.count()).toBe(before);
  });

  it("keeps markup as data (escaped by the renderer, never interpreted)", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const { id } = await createCustomer(
      agent,
      customerLike({ city: `<img src=x onerror=alert(1)>` }),
    );
    expect((await getCustomer(agent, id)).fields.address.value).toBe(
      "<img src=x onerror=alert(1)>, GB",
    );
  });

  it("answers NOT_FOUND for unknown or malformed ids and refuses analysts' writes", async () => {
    const { principal: analyst } = await makeUser("ANALYST");
    for (const id of [
      "00000000-0000-4000-8000-000000000000",
      "../../etc/passwd",
      "' OR 1=1 --",
      42,
    ]) {
      await expect(getCustomer(analyst, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(createCustomer(analyst, customerLike())).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const { principal: agent } = await makeUser("AGENT");
    const { id } = await createCustomer(agent, customerLike());
    await expect(updateCustomer(analyst, id, { city: "Leeds" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await updateCustomer(agent, id, { city: "Leeds", pan: "5555555555554444" });
    expect((await getCustomer(agent, id)).fields).toMatchObject({
      pan: { value: "•••• 4444" },
      address: { value: "Leeds, GB" },
    });
  });
});
