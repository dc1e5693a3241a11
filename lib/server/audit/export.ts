import "server-only";
import { stringify } from "csv-stringify/sync";
import { neutraliseFormula, SAFE_CSV_OPTIONS } from "@/lib/csv/cells";
import { auditExportSchema, type AuditRow } from "@/lib/schemas/audit";
import type { Principal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { parseInput } from "@/lib/server/validation";
import { recordAudit } from "./append";
import { auditPage, auditScope, auditWhere, usedFilters } from "./query";

// The audit viewer's download: the filtered set as CSV or JSON, streamed in batches.

const EXPORT_BATCH = 1000;
const CSV_COLUMNS = [
  "seq",
  "at",
  "actor_type",
  "actor_id",
  "actor",
  "action",
  "target_type",
  "target_id",
  "targets",
  "fields",
  "purpose",
  "outcome",
  "request_id",
  "ip",
];

function csvRecord(r: AuditRow) {
  return [
    r.seq ?? "",
    r.at,
    r.actorType,
    r.actorId ?? "",
    r.actorLabel,
    r.action,
    r.targetType ?? "",
    r.targetId ?? "",
    String(r.targetCount),
    r.fields.map((f) => `${f.field}:${f.level}`).join(" "),
    r.purpose ?? "",
    r.outcome,
    r.requestId ?? "",
    r.ip ?? "",
  ];
}

/**
 * The whole filtered set as CSV or JSON, streamed in batches as the client reads (memory stays
 * flat however many rows match). The export is audited before the first byte leaves.
 */
export async function exportAudit(actor: Principal, input: unknown) {
  const scope = auditScope(actor);
  const q = parseInput(auditExportSchema, input);
  await recordAudit({
    actor,
    action: "audit.export",
    detail: { filters: usedFilters(q).filter((f) => f !== "format"), format: q.format },
  });
  const where = auditWhere(q, scope);
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let first = true;
  let done = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return controller.close();
      const page = await db().$transaction((tx) => auditPage(tx, where, cursor, EXPORT_BATCH));
      let chunk: string;
      if (q.format === "csv") {
        chunk = stringify(page.rows.map(csvRecord), {
          header: first,
          columns: CSV_COLUMNS,
          cast: { string: neutraliseFormula },
          ...SAFE_CSV_OPTIONS,
        });
      } else {
        const body = page.rows.map((r) => JSON.stringify(r)).join(",\n");
        chunk = `${first ? "[\n" : body ? ",\n" : ""}${body}${page.nextCursor ? "" : "\n]\n"}`;
      }
      first = false;
      cursor = page.nextCursor ?? undefined;
      done = !page.nextCursor;
      controller.enqueue(encoder.encode(chunk));
    },
  });
  return {
    stream,
    contentType: q.format === "csv" ? "text/csv; charset=utf-8" : "application/json",
    filename: `veil-audit-${new Date().toISOString().slice(0, 10)}.${q.format}`,
  };
}
