import "server-only";
import type { z } from "zod";
import { db, type Tx } from "@/lib/server/db";

// Settings an admin changes in the app (model `Setting`): read through a short per-process cache,
// so another instance sees a change within CACHE_MS; the instance that saved it sees it at once.

const CACHE_MS = 3000;

const globalForSettings = globalThis as unknown as {
  veilSettings?: Map<string, { at: number; value: unknown }>;
};
const cache = (globalForSettings.veilSettings ??= new Map());

/** The setting's value, or `fallback` when it is unset or no longer parses. */
export async function readSetting<T>(key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value as T;
  const row = await db().setting.findUnique({ where: { key } });
  const parsed = row ? schema.safeParse(row.value) : null;
  const value = parsed?.success ? parsed.data : fallback;
  cache.set(key, { at: Date.now(), value });
  return value;
}

/** Saves a setting in the caller's transaction (which audits the change). */
export async function saveSetting(tx: Tx, key: string, value: object | boolean, by: string) {
  await tx.setting.upsert({
    where: { key },
    create: { key, value, updatedBy: by },
    update: { value, updatedBy: by },
  });
  cache.delete(key);
}
