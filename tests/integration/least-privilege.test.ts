import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/server/audit/append";
import { archiveAuditBefore } from "@/lib/server/audit/retention";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { readiness } from "@/lib/server/health/readiness";
import { insertCustomers } from "@/lib/server/customers";
import { db } from "@/lib/server/db";
import { appRoleForThisFile } from "../support/app-role";
import { testAction } from "../support/audit";
import { runVeil } from "../support/cli";
import { customerLike } from "../support/customers";
import { makeUser } from "../support/principals";

const { asAppRole } = appRoleForThisFile();
const onPostgres = Boolean(process.env.DATABASE_URL);

describe("the application role", () => {
  it("cannot UPDATE, DELETE or TRUNCATE audit rows, even inside the retention window", async () => {
    await expect(asAppRole(`UPDATE "AuditEvent" SET outcome = 'x'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(asAppRole(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/permission denied/);
    await expect(asAppRole(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/permission denied/);
    await expect(
      asAppRole(`SELECT set_config('veil.audit_retention', 'on', false); DELETE FROM "AuditEvent"`),
    ).rejects.toThrow(/permission denied/);
  });

  it("cannot DROP, ALTER or CREATE", async () => {
    await expect(asAppRole(`DROP TABLE "Customer"`)).rejects.toThrow(
      /must be owner|permission denied/,
    );
    await expect(asAppRole(`ALTER TABLE "User" ADD COLUMN x int`)).rejects.toThrow(
      /must be owner|permission denied/,
    );
    await expect(asAppRole(`CREATE TABLE sneaky (x int)`)).rejects.toThrow(/permission denied/);
    await expect(
      asAppRole(`DROP TRIGGER "AuditEvent_append_only_rows" ON "AuditEvent"`),
    ).rejects.toThrow(/must be owner|permission denied/);
  });

  it("cannot read secret columns directly, only through the accessor functions", async () => {
    await expect(asAppRole(`SELECT "dataKeyWrapped" FROM "Customer" LIMIT 1`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(asAppRole(`SELECT * FROM "Customer" LIMIT 1`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(asAppRole(`SELECT "passwordHash" FROM "User" LIMIT 1`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(asAppRole(`SELECT "totpSecretSealed" FROM "User" LIMIT 1`)).rejects.toThrow(
      /permission denied/,
    );
    for (const column of ["secretHash", "previousSecretHash"])
      await expect(asAppRole(`SELECT "${column}" FROM "Partner" LIMIT 1`)).rejects.toThrow(
        /permission denied/,
      );
  });

  it("cannot dump password hashes through the accessors: they verify in the database and return no hash", async () => {
    const { user } = await makeUser("AGENT");
    await makeUser("AGENT");
    const salt = await asAppRole(`SELECT veil_password_salt('${user.id}'::uuid) AS s`);
    expect(salt.rows[0].s).toMatch(/^\$2b\$\d\d\$[./A-Za-z0-9]{22}$/); // the salt alone, never the digest
    const all = await asAppRole(
      `SELECT string_agg(x::text, '') AS dump FROM "User" u, LATERAL veil_password_salt(u.id) x`,
    );
    expect(all.rows[0].dump).not.toMatch(/[./A-Za-z0-9]{53}/);
    const wrong = await asAppRole(
      `SELECT veil_password_matches('${user.id}'::uuid, '${"$2b$04$" + "a".repeat(53)}') AS ok`,
    );
    expect(wrong.rows[0].ok).toBe(false);
    await expect(
      asAppRole(`SELECT * FROM veil_user_credentials(user_id => '${user.id}'::uuid)`),
    ).rejects.toThrow(/does not exist|permission denied/);
  });

  it("cannot shadow the accessors' tables or pre-empt their read budget with temporary objects", async () => {
    const { user } = await makeUser("ADMIN");
    const real = (await asAppRole(`SELECT veil_password_salt('${user.id}'::uuid) AS s`)).rows[0].s;
    const results = (await asAppRole(`
      CREATE TEMP TABLE "User" (id uuid, "passwordHash" varchar);
      INSERT INTO pg_temp."User" VALUES ('${user.id}', '$2b$04$shadowshadowshadowshadowXXXXXXXXXXXXXXXXXXXXXXXXXXXXX');
      SELECT veil_password_salt('${user.id}'::uuid) AS s`)) as unknown as pg.QueryResult[];
    expect(results.at(-1)!.rows[0].s).toBe(real);
    // A budget table of the app role's own making (which it could reset) is refused outright; on
    // PGlite's single shared session the owner's table may exist already, which refuses it too.
    await expect(
      asAppRole(`
        CREATE TEMP TABLE veil_secret_budget (kind text NOT NULL, xact xid8 NOT NULL, used int NOT NULL);
        SELECT veil_user_totp_secret('${user.id}'::uuid)`),
    ).rejects.toThrow(/not the owner|"veil_secret_budget" already exists/);
  });

  it("cannot dump sealed TOTP secrets: one user per transaction", async () => {
    const a = await makeUser("ADMIN");
    const b = await makeUser("ADMIN");
    const one = await asAppRole(`SELECT veil_user_totp_secret('${a.user.id}'::uuid) AS s`);
    expect(one.rows).toHaveLength(1);
    await expect(
      asAppRole(
        `SELECT veil_user_totp_secret(u.id) FROM "User" u WHERE u.id IN ('${a.user.id}', '${b.user.id}')`,
      ),
    ).rejects.toThrow(/per transaction/);
  });

  it("cannot dump wrapped data keys: an array of every id or a lateral join both fail", async () => {
    const system = { kind: "system", name: "test" } as const;
    await insertCustomers(
      system,
      Array.from({ length: 101 }, () => customerLike()),
    );
    await expect(
      asAppRole(`SELECT * FROM veil_customer_keys(ARRAY(SELECT id FROM "Customer"))`),
    ).rejects.toThrow(/at most 100/);
    await expect(
      asAppRole(
        `SELECT k.* FROM "Customer" c CROSS JOIN LATERAL veil_customer_keys(ARRAY[c.id]) k`,
      ),
    ).rejects.toThrow(/at most 100/);
    await expect(
      asAppRole(`SELECT * FROM veil_keys_to_rewrap('no-such-key', 5000, NULL)`),
    ).rejects.toThrow(/at most 100/);
    // Paging with the rotation cursor inside one transaction still spends one budget.
    await expect(
      asAppRole(
        `SELECT * FROM veil_keys_to_rewrap('no-such-key', 60, NULL)
         UNION ALL SELECT * FROM veil_keys_to_rewrap('no-such-key', 60, '00000000-0000-0000-0000-000000000000')`,
      ),
    ).rejects.toThrow(/at most 100/);
    // Statements of one transaction share its budget (a multi-statement query is one transaction).
    await expect(
      asAppRole(`
        SELECT * FROM veil_customer_keys(ARRAY(SELECT id FROM "Customer" ORDER BY id LIMIT 60));
        SELECT * FROM veil_customer_keys(ARRAY(SELECT id FROM "Customer" ORDER BY id DESC LIMIT 60))`),
    ).rejects.toThrow(/at most 100/);
    // Each new transaction of a session starts with the whole budget, whatever the last spent.
    const fullPage = `SELECT * FROM veil_customer_keys(ARRAY(SELECT id FROM "Customer" LIMIT 100))`;
    const page = await asAppRole(fullPage, fullPage, fullPage);
    expect(page.rows).toHaveLength(100);
  });

  it("can still read and write what the app needs", async () => {
    await insertCustomers({ kind: "system", name: "test" }, [customerLike({ city: "Readable" })]);
    const readable = await asAppRole(
      `SELECT count(*)::int AS n FROM "Customer" WHERE city = 'Readable'`,
    );
    expect(readable.rows[0].n).toBeGreaterThan(0);
    const marker = `from app role ${randomBytes(4).toString("hex")}`;
    await asAppRole(
      `INSERT INTO "Alert" (id, kind, severity, message) VALUES (gen_random_uuid(), 'test', 'low', '${marker}')`,
    );
    // On PGlite the statement runs in a transaction that is rolled back; on PostgreSQL it sticks.
    expect(await db().alert.count({ where: { message: marker } })).toBe(onPostgres ? 1 : 0);
  });
});

describe("Veil connected as the schema owner", () => {
  it("readiness warns while the app connects as the schema owner", async () => {
    const body = await readiness();
    expect(body.ready).toBe(true);
    expect(body.warnings[0]).toMatch(/owns the schema/);
  });
});

describe("audit retention", () => {
  it("archives old rows behind a signed checkpoint and audit:verify stays green", async () => {
    for (let i = 0; i < 3; i++)
      await recordAudit({
        actor: { kind: "system", name: "test" },
        action: testAction("test.history"),
      });
    await new Promise((r) => setTimeout(r, 20));
    // Another file (retention) may have archived earlier rows into the project's database.
    const { _max } = await db().auditArchive.aggregate({ _max: { seq: true } });
    const r = await archiveAuditBefore({ kind: "system", name: "test" }, new Date());
    expect(r.archived).toBeGreaterThan(0);
    expect(
      await db().auditArchive.count({
        where: { seq: { gt: _max.seq ?? 0n, lte: r.throughSeq! } },
      }),
    ).toBe(r.archived);
    expect(await db().auditEvent.count({ where: { seq: { lte: r.throughSeq! } } })).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "audit.archive" } })).toBeGreaterThan(0);
    const cli = await runVeil(["audit:verify"]);
    expect(cli.code).toBe(0);
    // A forged checkpoint (say, to hide deleted rows) fails verification.
    const cp = await db().auditCheckpoint.findFirstOrThrow({ orderBy: { throughSeq: "desc" } });
    await db().auditCheckpoint.update({ where: { id: cp.id }, data: { hash: "f".repeat(64) } });
    try {
      expect(await verifyAuditChain()).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/checkpoint/),
      });
    } finally {
      await db().auditCheckpoint.update({ where: { id: cp.id }, data: { hash: cp.hash } });
    }
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
