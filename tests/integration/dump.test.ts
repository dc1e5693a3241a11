import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createCustomer, getCustomer } from "@/lib/server/customers";
import { databaseUrl } from "@/lib/server/db";
import { CANARY, CANARY_SECRETS } from "../support/customers";
import { makeUser } from "../support/principals";
import { fullTableScan } from "../support/table-scan";

function forms(secret: string) {
  return [
    secret,
    secret.toLowerCase(),
    Buffer.from(secret).toString("hex"),
    Buffer.from(secret).toString("base64"),
  ];
}

describe("a stolen copy of the database", () => {
  let id: string;
  beforeAll(async () => {
    const { principal: agent } = await makeUser("AGENT");
    ({ id } = await createCustomer(agent, CANARY));
    await getCustomer(agent, id); // reads write audit rows too: those must not carry values either
  });

  it("contains none of the canary plaintexts, in any table or index column", async () => {
    const scan = await fullTableScan();
    expect(scan).toContain(id);
    for (const secret of CANARY_SECRETS)
      for (const f of forms(secret)) expect(scan, secret).not.toContain(f);
  });

  it("pg_dump output (PostgreSQL) contains none of them either", async () => {
    const url = databaseUrl();
    if (!process.env.DATABASE_URL) return; // the PGlite half is covered by the full table scan above
    const bin = ["/usr/bin/pg_dump", "/usr/lib/postgresql/15/bin/pg_dump"].find((p) =>
      existsSync(p),
    );
    expect(bin, "pg_dump must be installed where PostgreSQL runs").toBeTruthy();
    const dump = execFileSync(bin!, ["--data-only", "--inserts", url], {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(dump).toContain('INSERT INTO public."Customer"');
    for (const secret of CANARY_SECRETS)
      for (const f of forms(secret)) expect(dump, secret).not.toContain(f);
  });
});
