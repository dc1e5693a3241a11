// The application role for a test file: created with Veil's own `db:roles --apply` before the
// file's tests and dropped after, so they can connect or SET ROLE as the app does in production.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect } from "vitest";
import { databaseUrl } from "@/lib/server/db";
import { runVeil } from "./cli";

export function appRoleForThisFile() {
  const role = `veil_app_${randomBytes(4).toString("hex")}`;
  const password = randomBytes(18).toString("base64url");
  const ownerUrl = databaseUrl();
  beforeAll(async () => {
    const r = await runVeil(["db:roles", "--apply", "--app-role", role], {
      env: { VEIL_APP_DB_PASSWORD: password },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
  afterAll(async () => {
    const c = new pg.Client({ connectionString: ownerUrl });
    await c.connect();
    await c.query(`DROP OWNED BY ${role}`).catch(() => {});
    await c.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
    await c.end();
  });
  /** The owner's connection string with the app role's credentials (PostgreSQL). */
  const appRoleUrl = () => {
    const url = new URL(ownerUrl);
    url.username = role;
    url.password = password;
    return url.toString();
  };
  /**
   * Statements run as the application role, each its own transaction, one after another in one
   * session: its own login on PostgreSQL, SET LOCAL ROLE on PGlite (one session). The last result.
   */
  async function asAppRole(...transactions: string[]) {
    if (process.env.DATABASE_URL) {
      const c = new pg.Client({ connectionString: appRoleUrl() });
      await c.connect();
      try {
        let result!: pg.QueryResult;
        for (const sql of transactions) result = await c.query(sql);
        return result;
      } finally {
        await c.end();
      }
    }
    const c = new pg.Client({ connectionString: ownerUrl });
    await c.connect();
    try {
      let result!: pg.QueryResult;
      for (const sql of transactions) {
        await c.query("BEGIN");
        await c.query(`SET LOCAL ROLE ${role}`);
        result = await c.query(sql);
        // One statement leaves nothing behind in the shared session; a sequence must commit.
        await c.query(transactions.length > 1 ? "COMMIT" : "ROLLBACK");
      }
      return result;
    } finally {
      await c.query("ROLLBACK").catch(() => {});
      await c.end();
    }
  }
  return { role, ownerUrl, appRoleUrl, asAppRole };
}
