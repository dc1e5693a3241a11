import "server-only";
import { shippedMigrationNames } from "@/lib/db/migration-names";
import { db } from "@/lib/server/db";
import { store } from "@/lib/server/store";

export type Check = { name: string; ok: boolean; detail: string };

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms = CHECK_TIMEOUT_MS): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms).unref()),
  ]);
}

async function databaseCheck(): Promise<Check> {
  try {
    const rows = await withTimeout(
      db().$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    const pending = (await shippedMigrationNames()).filter((n) => !applied.has(n));
    return pending.length === 0
      ? { name: "database", ok: true, detail: "reachable and migrated" }
      : { name: "database", ok: false, detail: `${pending.length} migration(s) not applied` };
  } catch {
    return { name: "database", ok: false, detail: "unreachable" };
  }
}

async function redisCheck(): Promise<Check | null> {
  const shared = store();
  if (!shared.shared) return null;
  try {
    await withTimeout(shared.ping());
    return { name: "redis", ok: true, detail: "reachable" };
  } catch {
    return { name: "redis", ok: false, detail: "unreachable" };
  }
}

/** Every dependency the app needs to serve traffic; details are generic (no hosts, no errors). */
export async function readiness(): Promise<{ ready: boolean; checks: Check[] }> {
  const checks = (await Promise.all([databaseCheck(), redisCheck()])).filter((c): c is Check => c !== null);
  return { ready: checks.every((c) => c.ok), checks };
}
