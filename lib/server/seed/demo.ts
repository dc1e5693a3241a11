import "server-only";
import { env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";
import { appendAudit } from "@/lib/server/audit/append";
import { hashPassword } from "@/lib/server/auth/passwords";
import { requiresTotp, roleCan, ROLE_LABELS, ROLES } from "@/lib/policy/capabilities";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { sealTotpSecret } from "@/lib/server/auth/totp";
import { insertCustomers } from "@/lib/server/customers";
import { db } from "@/lib/server/db";
import { fakeCustomers } from "@/lib/seed/fake-customers";

export const DEMO_CUSTOMERS = 500;

/** Inserts `count` fake customers in batches (one transaction and audit row per batch). */
export async function seedCustomers(
  count: number,
  onBatch?: (done: number) => void,
): Promise<number> {
  const all = fakeCustomers(count, Date.now() % 100_000);
  for (let i = 0; i < all.length; i += 100) {
    await insertCustomers(SEEDER, all.slice(i, i + 100), "customer.seed");
    onBatch?.(Math.min(i + 100, all.length));
  }
  return all.length;
}

export type SeedReport = { seeded: string[]; notices: string[] };

const SEEDER: SystemPrincipal = { kind: "system", name: "seed" };
const DEMO_FIRST_NAMES = ["Aggie", "Oscar", "Ana", "Ada"];
/** The role that both asks for reveals and approves other people's: the second demo account. */
const SECOND_PAIR_OF_EYES = ROLES.find(
  (r) => roleCan(r, "customers.reveal") && roleCan(r, "reveal.decide"),
)!;
/**
 * One demo account per role, `<role>@veil.local` (e.g. "Oscar Officer"), and a second officer,
 * `officer2@veil.local`: four eyes needs two independent officers, and an officer an admin has
 * just created may not approve for a week (lib/server/approvals/independence.ts).
 */
export const DEMO_USERS: { handle: string; email: string; name: string; role: Role }[] = [
  ...ROLES.map((role, i) => ({
    handle: role.toLowerCase(),
    name: `${DEMO_FIRST_NAMES[i] ?? "Demo"} ${ROLE_LABELS[role]}`,
    role,
  })),
  { handle: "officer2", name: "Olive Officer", role: SECOND_PAIR_OF_EYES },
].map((u) => ({ ...u, email: `${u.handle}@veil.local` }));

/**
 * Demo data for the quick start: one user per role. Runs only on an empty database; later
 * capabilities add their own demo data here.
 */
export async function seedDemoData(): Promise<SeedReport> {
  const report: SeedReport = { seeded: [], notices: [] };
  const password = env().VEIL_DEMO_PASSWORD;
  if ((await db().user.count()) === 0) {
    if (!password) {
      report.notices.push("No VEIL_DEMO_PASSWORD: demo users were not created.");
      return report;
    }
    const passwordHash = await hashPassword(password);
    const totpSecret = env().VEIL_DEMO_TOTP_SECRET;
    await db().$transaction(async (tx) => {
      for (const u of DEMO_USERS) {
        const created = await tx.user.create({
          data: {
            email: u.email,
            name: u.name,
            role: u.role,
            passwordHash,
            passwordChangedAt: new Date(),
          },
        });
        if (totpSecret && requiresTotp(u.role)) {
          await tx.user.update({
            where: { id: created.id },
            data: {
              totpSecretSealed: sealTotpSecret(totpSecret, created.id),
              totpEnabledAt: new Date(),
            },
          });
        }
        await appendAudit(tx, {
          actor: SEEDER,
          action: "user.create",
          target: { type: "user", id: created.id },
          detail: { role: u.role },
        });
      }
    });
    // Role names, not addresses: this line goes to the server's log stream.
    report.seeded.push(
      `demo users: ${DEMO_USERS.map((u) => u.handle).join(", ")} (<name>@veil.local)`,
    );
  }
  if ((await db().customer.count()) === 0) {
    const n = await seedCustomers(DEMO_CUSTOMERS);
    report.seeded.push(`${n} demo customers (fake data)`);
  }
  if (
    password &&
    (await db().user.count({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } })) > 0
  ) {
    // Where to find it, never the password itself: start-up output ends up in shipped logs.
    report.notices.push(
      "demo password: VEIL_DEMO_PASSWORD (set by you, or generated into .data/secrets.env)",
    );
  }
  return report;
}
