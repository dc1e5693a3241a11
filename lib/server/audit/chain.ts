import "server-only";
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type FieldAccess = { field: string; level: string };

/** What a row commits to. Changing any of these, or the order of rows, breaks the chain. */
export type ChainedFields = {
  seq: bigint;
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetIds?: string[] | null;
  fields: FieldAccess[] | null;
  purpose: string | null;
  /** Covered from hash version 2 on. */
  detail?: unknown;
  hashVersion?: number;
  outcome: string;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
};

/** Deterministic JSON: keys sorted at every level, bigint as decimal strings, dates as ISO. */
export function canonical(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The recipe new rows are sealed with. Version 1 rows (before `detail`) still verify. */
export const CURRENT_HASH_VERSION = 2;

/**
 * Hashes exactly the chained fields (picked by name: extra properties never leak in). Version 2
 * also covers `detail` and the version itself, under its own domain tag, so a row cannot be
 * passed off as the other version.
 */
export function hashEvent(e: ChainedFields): string {
  const version = e.hashVersion ?? 1;
  const picked: Record<string, unknown> = {
    seq: e.seq,
    id: e.id,
    at: e.at,
    actorType: e.actorType,
    actorId: e.actorId,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    targetIds: e.targetIds?.length ? e.targetIds : null,
    fields: e.fields ?? null,
    purpose: e.purpose,
    outcome: e.outcome,
    requestId: e.requestId,
    ip: e.ip,
    prevHash: e.prevHash,
  };
  if (version >= 2) {
    picked.detail = e.detail ?? null;
    picked.hashVersion = version;
  }
  const body = canonical(picked);
  return createHash("sha256").update(`veil-audit-v${version}\n${body}`).digest("hex");
}
