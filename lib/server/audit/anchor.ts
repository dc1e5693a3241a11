import "server-only";
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { appendFile } from "node:fs/promises";
import { z } from "zod";
import { env } from "@/lib/env";
import { db } from "@/lib/server/db";
import { postSigned } from "@/lib/server/webhook/client";
import { webhookTarget } from "@/lib/server/webhook/target";
import { logger } from "@/lib/server/log";
import { sealAuditChain } from "./seal";

// Anchored checkpoints: the chain's head (sequence and hash), signed with an Ed25519 key the
// database never holds, and written OUT of the database (the log stream, and a file when
// configured). The chain alone proves the order and integrity of the rows that are there; a
// database owner could still delete the newest rows and rewind the head consistently. A
// checkpoint kept elsewhere proves that row N existed with hash H, so such a cut, or a rewritten
// history before N, is caught by `veil audit:verify --checkpoint FILE`.

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export const anchorSchema = z.object({
  v: z.literal(1),
  seq: z.string().regex(/^\d+$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});
export type Anchor = z.infer<typeof anchorSchema>;

/** The signing key from VEIL_AUDIT_ANCHOR_KEY (a 32-byte Ed25519 seed, base64/base64url). */
function signingKey(): KeyObject | null {
  const seed = env().VEIL_AUDIT_ANCHOR_KEY;
  if (!seed) return null;
  const raw = Buffer.from(seed, "base64");
  if (raw.length !== 32) throw new Error("VEIL_AUDIT_ANCHOR_KEY must be 32 bytes (base64)");
  return createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, raw]),
    format: "der",
    type: "pkcs8",
  });
}

/** The public half, as 32 bytes base64url: what an auditor keeps to verify checkpoints. */
export function anchorPublicKey(): string | null {
  const key = signingKey();
  if (!key) return null;
  const der = createPublicKey(key).export({ format: "der", type: "spki" });
  return der.subarray(SPKI_ED25519_PREFIX.length).toString("base64url");
}

const signed = (a: Pick<Anchor, "seq" | "hash" | "at">) =>
  Buffer.from(`veil-audit-anchor-v1|${a.seq}|${a.hash}|${a.at}`);

/** Whether `anchor` was signed by the holder of the key whose public half is given. */
export function anchorSignatureValid(anchor: Anchor, publicKey: string): boolean {
  const raw = Buffer.from(publicKey, "base64url");
  if (raw.length !== 32) return false;
  const key = createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, raw]),
    format: "der",
    type: "spki",
  });
  return verify(null, signed(anchor), key, Buffer.from(anchor.signature, "base64url"));
}

/**
 * Seals what is committed, signs the head, and writes the checkpoint out: one JSON log line, and
 * a line appended to VEIL_AUDIT_ANCHOR_FILE when set. Null when no key is configured.
 */
export async function anchorAuditChain(): Promise<Anchor | null> {
  const key = signingKey();
  if (!key) return null;
  await sealAuditChain({ wait: true });
  const head = await db().auditHead.findUnique({ where: { id: 1 } });
  if (!head) return null;
  const body = { seq: head.seq.toString(), hash: head.hash, at: new Date().toISOString() };
  const anchor: Anchor = {
    v: 1,
    ...body,
    signature: sign(null, signed(body), key).toString("base64url"),
  };
  logger().info({ auditAnchor: anchor }, "audit checkpoint");
  const file = env().VEIL_AUDIT_ANCHOR_FILE;
  if (file) await appendFile(file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  await sendCheckpoint(anchor);
  return anchor;
}

export type AnchorCheck = { ok: true } | { ok: false; reason: string };

/**
 * Holds the database to a checkpoint: signed by the trusted key, the row at its sequence still
 * there (live or archived) with the same hash, and the chain not cut back before it. (That the
 * rows between are intact and linked is the chain walk's job.)
 */
export async function checkAgainstAnchor(anchor: Anchor, publicKey: string): Promise<AnchorCheck> {
  if (!anchorSignatureValid(anchor, publicKey))
    return { ok: false, reason: "the checkpoint's signature does not verify with the anchor key" };
  const seq = BigInt(anchor.seq);
  if (seq === 0n) return { ok: true };
  const head = await db().auditHead.findUnique({ where: { id: 1 } });
  if (!head || head.seq < seq)
    return {
      ok: false,
      reason: `the chain ends at #${head?.seq ?? 0} but the checkpoint of ${anchor.at} saw #${seq}: rows were removed from the end`,
    };
  const row =
    (await db().auditEvent.findUnique({ where: { seq }, select: { hash: true } })) ??
    (await db().auditArchive.findUnique({ where: { seq }, select: { hash: true } }));
  if (!row) return { ok: false, reason: `row #${seq}, anchored at ${anchor.at}, is missing` };
  if (row.hash !== anchor.hash)
    return {
      ok: false,
      reason: `row #${seq} no longer has the hash anchored at ${anchor.at}: history before it was rewritten`,
    };
  return { ok: true };
}

/**
 * The anchor job's minute tick: a checkpoint when this minute starts one of the
 * VEIL_AUDIT_ANCHOR_MINUTES periods (counted from the epoch, so every worker agrees on which
 * minute it is, and the runner gives each tick to one worker). Null on the other minutes.
 */
export async function anchorIfDue(now = Date.now()): Promise<Anchor | null> {
  const minutes = env().VEIL_AUDIT_ANCHOR_MINUTES;
  if (!minutes || Math.floor(now / 60_000) % minutes !== 0) return null;
  return anchorAuditChain();
}

/**
 * Sends a signed audit checkpoint to the webhook too (when one is configured), so a copy lives
 * with the receiver. Best effort with a few quick retries: the log line and the anchor file are
 * written regardless, and the next checkpoint supersedes this one.
 */
export async function sendCheckpoint(checkpoint: object): Promise<boolean> {
  const url = webhookTarget();
  const secret = env().VEIL_ALERT_WEBHOOK_SECRET;
  if (!url || !secret) return false;
  const body = JSON.stringify({ type: "audit.checkpoint", checkpoint });
  for (const wait of [0, 1000, 5000]) {
    if (wait) await new Promise((r) => setTimeout(r, wait));
    const ok = await postSigned(url, secret, body).catch((err: Error) => {
      logger().warn({ err: err.message }, "checkpoint webhook failed");
      return false;
    });
    if (ok) return true;
  }
  return false;
}
