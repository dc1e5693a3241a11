// Masking cost: decrypt + mask for a page of 50, and the list page's server time against the
// same query without decryption, masking or audit (baseline measured in the same run).
import { randomUUID } from "node:crypto";
import { FIELD_NAMES } from "@/lib/fields/catalogue";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { insertCustomers, listCustomers, plainColumns } from "@/lib/server/customers";
import { unsafeLoadSealed, unsafeOpenFields } from "@/lib/server/customers/ciphertexts";
import { fieldsToOpen, toMaskedCustomer } from "@/lib/server/customers/masked-view";
import { db } from "@/lib/server/db";
import { fakeCustomers } from "@/lib/seed/fake-customers";
import { median, round, timeEach } from "./support";

export async function benchCustomers(runs = 40) {
  const user = await db().user.create({
    data: { email: `bench-${randomUUID()}@bench.veil`, name: "Bench Agent", role: "AGENT" },
  });
  const agent: UserPrincipal = {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    role: "AGENT",
    stepUpAt: null,
    stepUpFactor: null,
    mfaSatisfied: true,
    ip: null,
    requestId: null,
  };
  await insertCustomers({ kind: "system", name: "bench" }, fakeCustomers(200, 3));
  const rows = await db().customer.findMany({ select: plainColumns, take: 50 });
  const results: Record<string, unknown> = {};
  for (const role of ["AGENT", "ANALYST"] as const) {
    const subject = `role:${role}`;
    const toOpen = fieldsToOpen(subject, FIELD_NAMES);
    const sealed = await unsafeLoadSealed(
      db() as never,
      rows.map((r) => r.id),
      toOpen,
    );
    const byId = new Map(sealed.map((s) => [s.id, s]));
    const times = await timeEach(runs, async () => {
      for (const row of rows)
        toMaskedCustomer(subject, row, await unsafeOpenFields(byId.get(row.id)!, toOpen));
    });
    results[`decryptAndMask50_${role.toLowerCase()}_us`] = round(median(times) * 1000, 0);
  }
  const masked = await timeEach(runs, () => listCustomers(agent, { page: 1, pageSize: 50 }));
  const unmasked = await timeEach(runs, () =>
    Promise.all([
      db().customer.count(),
      db().customer.findMany({
        select: { id: true, city: true, country: true, panLast4: true, createdAt: true },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        take: 50,
      }),
    ]),
  );
  return {
    ...results,
    targetMs: 5,
    listPage50MaskedMedianMs: round(median(masked)),
    listPage50UnmaskedMedianMs: round(median(unmasked)),
    maskedOverUnmaskedRatio: round(median(masked) / median(unmasked), 2),
    note: "masked = read + decrypt + mask + audit append in one transaction; unmasked = the same page query only",
  };
}
