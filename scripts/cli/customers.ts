import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { STORED_PARTS } from "@/lib/fields/catalogue";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { importCustomers, type ImportRecord } from "@/lib/server/customers/import";
import { rotateDataKeys } from "@/lib/server/customers/rotate";
import { parseOptions, UsageError, type Command } from "./command";
import { progress } from "./progress";

const CLI: SystemPrincipal = { kind: "system", name: "cli" };
const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** JSON: an array, `line` = element number (1-based). CSV: a header row, `line` = file line. */
export function readImportFile(file: string): ImportRecord[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`Cannot read ${file}.`);
  }
  if (text.length > MAX_IMPORT_BYTES)
    throw new UsageError("The file is larger than 200 MB; split it.");
  const isJson = path.extname(file).toLowerCase() === ".json" || /^\s*\[/.test(text);
  if (isJson) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new UsageError("The file is not valid JSON.");
    }
    if (!Array.isArray(data))
      throw new UsageError("The JSON file must hold an array of customers.");
    return data.map((d, i) => ({ line: i + 1, data: d }));
  }
  try {
    const rows = parseCsv(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
      relax_column_count: false,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    return rows.map((r) => ({ line: r.info.lines, data: r.record }));
  } catch (err) {
    throw new UsageError(
      `The CSV file could not be read (${(err as { code?: string }).code ?? "parse error"}).`,
    );
  }
}

export const customerCommands: Command[] = [
  {
    name: "customers:import",
    usage: "customers:import --file customers.json|customers.csv [--json] [--batch N]",
    summary: "Import customers: validate every row, then insert in batches; rejected rows by line.",
    help: `Fields: ${Object.keys(STORED_PARTS).join(", ")} (phone in +E.164, dateOfBirth as YYYY-MM-DD, country as 2 letters). A CVV column is refused. Exit code 1 when any row was rejected.`,
    async run(argv) {
      const o = parseOptions(argv, {
        file: { type: "string" },
        json: { type: "boolean" },
        batch: { type: "string" },
      });
      if (!o.file) throw new UsageError("--file is required.");
      const batchSize = o.batch ? Number(o.batch) : 200;
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000)
        throw new UsageError("--batch must be 1–5000.");
      const records = readImportFile(o.file);
      const bar = progress("Importing", records.length, !o.json && process.stderr.isTTY);
      const report = await importCustomers(CLI, records, {
        batchSize,
        onProgress: (done) => bar.update(done),
      });
      bar.stop();
      if (o.json) console.log(JSON.stringify(report));
      else {
        console.log(
          `Imported ${report.imported.length} customer(s); rejected ${report.rejected.length}.`,
        );
        for (const r of report.rejected) console.log(`  line ${r.line}: ${r.reason}`);
      }
      return report.rejected.length ? 1 : 0;
    },
  },
  {
    name: "keys:rotate",
    usage: "keys:rotate [--batch N] [--pause-ms MS]",
    summary: "Re-wrap every customer data key under the active (first) master key; resumable.",
    help: "Put the new key first in VEIL_MASTER_KEYS (keep the old one listed), or, with an HSM, first in VEIL_PKCS11_KEY_LABELS (after keys:create); run this, then remove the old key. Safe to interrupt and rerun. --batch is capped at 100 (the key accessor hands out one page per transaction). --pause-ms eases load on a busy database.",
    async run(argv) {
      const o = parseOptions(argv, { batch: { type: "string" }, "pause-ms": { type: "string" } });
      const batchSize = o.batch ? Number(o.batch) : 100;
      const pauseMs = o["pause-ms"] ? Number(o["pause-ms"]) : 0;
      if (
        !Number.isInteger(batchSize) ||
        batchSize < 1 ||
        !Number.isInteger(pauseMs) ||
        pauseMs < 0
      )
        throw new UsageError("--batch and --pause-ms must be whole numbers.");
      let bar: ReturnType<typeof progress> | null = null;
      const result = await rotateDataKeys(CLI, {
        batchSize,
        pauseMs,
        onProgress: (done, total) => {
          bar ??= progress("Re-wrapping", total);
          bar.update(done);
          if (!process.stderr.isTTY) console.log(`progress ${done}/${total}`);
        },
      });
      (bar as ReturnType<typeof progress> | null)?.stop();
      console.log(
        `All ${result.total} data keys are under master key ${result.toKeyId} (${result.rewrapped} re-wrapped now). Older keys can be removed from VEIL_MASTER_KEYS.`,
      );
      return 0;
    },
  },
];
