import pg from "pg";
import { databaseUrl } from "@/lib/server/db";

/** Every row of every table as text (bytea as hex), as a thief with the database would see it. */
export async function fullTableScan(): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const tables = await client.query<{ t: string }>(
      `SELECT quote_ident(table_name) AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    let out = "";
    for (const { t } of tables.rows) {
      const rows = await client.query<{ r: string }>(`SELECT x::text AS r FROM ${t} x`);
      out += rows.rows.map((r) => r.r).join("\n");
    }
    return out;
  } finally {
    await client.end();
  }
}
