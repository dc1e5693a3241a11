import { describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { migrationNames } from "@/lib/db/schema-engine";
import { databaseUrl, db } from "@/lib/server/db";

describe("migrations", () => {
  it("are all applied and recorded in _prisma_migrations", async () => {
    const rows = await db().$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
      SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual(await migrationNames());
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("apply nothing the second time (idempotent)", async () => {
    expect(await applyMigrations(databaseUrl())).toEqual([]);
  });
});
