import "server-only";
import { db } from "@/lib/server/db";
import { keyProvider } from "./key-provider";

/** The key inventory: how many data keys each master key wraps, and whether a provider holds it. */
export async function dataKeyInventory(): Promise<
  { keyId: string; rows: number; held: boolean }[]
> {
  const groups = await db().customer.groupBy({
    by: ["dataKeyId"],
    _count: { _all: true },
    orderBy: { dataKeyId: "asc" },
  });
  const provider = keyProvider();
  return groups.map((g) => ({
    keyId: g.dataKeyId,
    rows: g._count._all,
    held: provider.has(g.dataKeyId),
  }));
}

/**
 * Null when every stored data key can be unwrapped; otherwise the sentence a start fails with,
 * naming each missing master key and how many customers need it.
 */
export async function missingMasterKeys(): Promise<string | null> {
  const missing = (await dataKeyInventory()).filter((k) => !k.held);
  if (!missing.length) return null;
  const list = missing.map((k) => `"${k.keyId}" (${k.rows} customer${k.rows === 1 ? "" : "s"})`);
  return `data keys are wrapped under master key${missing.length > 1 ? "s" : ""} ${list.join(", ")} that no key provider holds: list ${missing.length > 1 ? "them" : "it"} in VEIL_MASTER_KEYS or VEIL_PKCS11_KEY_LABELS.`;
}

/** The latest data-key rotation (finished or not), for the inventory. */
export async function lastKeyRotation() {
  return db().keyRotation.findFirst({ orderBy: { startedAt: "desc" } });
}
