import { readFile } from "node:fs/promises";
import {
  anchorAuditChain,
  anchorPublicKey,
  anchorSchema,
  checkAgainstAnchor,
  type Anchor,
} from "@/lib/server/audit/anchor";
import { archiveAuditBefore } from "@/lib/server/audit/retention";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { parseOptions, UsageError, type Command } from "./command";

export const auditCommands: Command[] = [
  {
    name: "audit:verify",
    usage: "audit:verify [--checkpoint FILE [--public-key KEY]]",
    summary: "Recompute the audit hash chain; exit 0 when intact, 2 naming the first broken seq.",
    help: "With --checkpoint, also hold the database to the last signed checkpoint in FILE (one JSON per line, as `audit:anchor` and the server write them): rows removed from the end or history rewritten before it are caught. The key is the anchor key's public half (default: derived from VEIL_AUDIT_ANCHOR_KEY).",
    async run(argv) {
      const o = parseOptions(argv, {
        checkpoint: { type: "string" },
        "public-key": { type: "string" },
      });
      let anchor: Anchor | null = null;
      if (o.checkpoint) {
        const lines = (await readFile(o.checkpoint, "utf8").catch(() => "")).trim().split("\n");
        const parsed = anchorSchema.safeParse(
          (() => {
            try {
              return JSON.parse(lines[lines.length - 1] ?? "");
            } catch {
              return null;
            }
          })(),
        );
        if (!parsed.success) throw new UsageError(`${o.checkpoint} holds no valid checkpoint.`);
        anchor = parsed.data;
      }
      const publicKey = o["public-key"] ?? anchorPublicKey();
      if (anchor && !publicKey)
        throw new UsageError(
          "Give --public-key (or set VEIL_AUDIT_ANCHOR_KEY) to check a checkpoint.",
        );
      if (anchor) {
        const held = await checkAgainstAnchor(anchor, publicKey!);
        if (!held.ok) {
          console.error(`Audit chain BROKEN against the checkpoint: ${held.reason}.`);
          return 2;
        }
        console.log(`Checkpoint of ${anchor.at} holds: row #${anchor.seq} is there, unchanged.`);
      }
      const report = await verifyAuditChain();
      if (report.ok) {
        console.log(
          `Audit chain intact: ${report.checked} event(s), head at seq ${report.headSeq}.`,
        );
        if (report.unsealed)
          console.log(
            `${report.unsealed} committed event(s) not sealed yet (oldest ${report.oldestUnsealedSeconds}s)${(report.oldestUnsealedSeconds ?? 0) > 60 ? ": the sealer is not keeping up or not running; investigate" : ""}.`,
          );
        return 0;
      }
      console.error(
        `Audit chain BROKEN at seq ${report.brokenSeq}: ${report.reason} (${report.checked} event(s) verified before it).`,
      );
      return 2;
    },
  },
];

auditCommands.push({
  name: "audit:archive",
  usage: "audit:archive --before YYYY-MM-DD",
  summary:
    "Retention: move older audit events to the archive behind a signed checkpoint (run as the schema owner).",
  help: "Connects with DATABASE_MIGRATE_URL (the owner role): the application role cannot remove audit rows. The chain stays verifiable; the archive itself is kept intact.",
  async run(argv) {
    const o = parseOptions(argv, { before: { type: "string" } });
    const before =
      o.before && /^\d{4}-\d{2}-\d{2}$/.test(o.before) ? new Date(`${o.before}T00:00:00Z`) : null;
    if (!before || Number.isNaN(before.getTime()))
      throw new UsageError("--before must be a date, YYYY-MM-DD.");
    if (before > new Date()) throw new UsageError("--before cannot be in the future.");
    const r = await archiveAuditBefore({ kind: "system", name: "retention" }, before);
    console.log(
      r.throughSeq === null
        ? "Nothing older than that to archive."
        : `Archived ${r.archived} event(s) through seq ${r.throughSeq}; the live chain now starts after a signed checkpoint.`,
    );
    return 0;
  },
});

auditCommands.push({
  name: "audit:anchor",
  usage: "audit:anchor [--json]",
  summary:
    "Sign a checkpoint of the audit chain's head now and print it (also logged, and appended to VEIL_AUDIT_ANCHOR_FILE).",
  help: "Keep the printed line somewhere the database's owners cannot change (a WORM bucket, a ticket, another team's log). `audit:verify --checkpoint FILE` checks the database against it.",
  async run(argv) {
    const o = parseOptions(argv, { json: { type: "boolean" } });
    const anchor = await anchorAuditChain();
    if (!anchor) throw new UsageError("Set VEIL_AUDIT_ANCHOR_KEY to sign checkpoints.");
    if (o.json) console.log(JSON.stringify({ ...anchor, publicKey: anchorPublicKey() }));
    else {
      console.log(JSON.stringify(anchor));
      console.error(`Signed with the anchor key whose public half is ${anchorPublicKey()}.`);
    }
    return 0;
  },
});
