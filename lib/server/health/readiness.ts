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
  } catch (err) {
    // A reachable database that refuses us is a deployment mistake, not an outage: say which.
    const code = err as { code?: string; cause?: { code?: string }; meta?: { code?: string } };
    const pgCode = code.code ?? code.cause?.code ?? code.meta?.code;
    if (pgCode === "42501" || /permission denied/i.test(String((err as Error)?.message))) {
      return {
        name: "database",
        ok: false,
        detail:
          "permission denied: grant the app role its rights (npm run veil -- db:roles --apply)",
      };
    }
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

/**
 * Misconfigurations that do not stop traffic but a reviewer must see: the app connecting as the
 * schema owner or a superuser (it could then rewrite audit triggers, drop tables, read anything).
 */
async function privilegeWarnings(): Promise<string[]> {
  try {
    const [row] = await withTimeout(
      db().$queryRaw<{ owns: boolean | null; superuser: boolean | null }[]>`
        SELECT (SELECT pg_get_userbyid(c.relowner) = current_user FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relname = 'AuditEvent') AS owns,
               (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`,
    );
    return row?.owns || row?.superuser
      ? [
          "The app connects as a role that owns the schema (or a superuser). Run `npm run veil -- db:roles --apply` and point DATABASE_URL at the restricted role.",
        ]
      : [];
  } catch {
    return [];
  }
}

/** Every dependency the app needs to serve traffic; details are generic (no hosts, no errors). */
export async function readiness(): Promise<{
  ready: boolean;
  checks: Check[];
  warnings: string[];
}> {
  const [checks, warnings] = await Promise.all([
    Promise.all([databaseCheck(), redisCheck()]).then((c) =>
      c.filter((x): x is Check => x !== null),
    ),
    privilegeWarnings(),
  ]);
  return { ready: checks.every((c) => c.ok), checks, warnings };
}
