import "server-only";
import { customerInputSchema, type CustomerInput } from "@/lib/schemas/customers";
import type { Principal } from "@/lib/server/auth/principal";
import { insertCustomers } from "./index";

export type ImportRecord = { line: number; data: unknown };
export type ImportReport = {
  imported: { line: number; id: string }[];
  rejected: { line: number; reason: string }[];
};

/**
 * Validates every record first (reasons name the field, never echo the value), then imports
 * the valid ones in batches: one transaction and one audit row per batch.
 */
export async function importCustomers(
  actor: Principal,
  records: ImportRecord[],
  opts: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportReport> {
  if (actor.kind !== "system") throw new Error("bulk import runs from the operator CLI");
  const valid: { line: number; data: CustomerInput }[] = [];
  const rejected: ImportReport["rejected"] = [];
  for (const record of records) {
    const parsed = customerInputSchema.safeParse(record.data);
    if (parsed.success) valid.push({ line: record.line, data: parsed.data });
    else {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join(".") || "record";
      rejected.push({
        line: record.line,
        reason: `${field}: ${issue.code === "unrecognized_keys" ? `unknown field(s) ${(issue as { keys?: string[] }).keys?.join(", ")}` : issue.message}`,
      });
    }
  }
  const imported: ImportReport["imported"] = [];
  const size = opts.batchSize ?? 200;
  for (let i = 0; i < valid.length; i += size) {
    const batch = valid.slice(i, i + size);
    const ids = await insertCustomers(
      actor,
      batch.map((b) => b.data),
      "customer.import",
    );
    ids.forEach((id, j) => imported.push({ line: batch[j]!.line, id }));
    opts.onProgress?.(imported.length, valid.length);
  }
  return { imported, rejected };
}
