import "server-only";
import { readFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PoolConfig } from "pg";
import { env, type Env } from "@/lib/env";
import { ciphertextOmit, type EncryptedColumn } from "@/lib/fields/catalogue";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Where the app's data lives: the operator's PostgreSQL (`DATABASE_URL`) or the embedded PGlite
 * that `npm start` / the CLI serve on a private Unix socket. One driver (adapter-pg) for both.
 */
export function databaseUrl(e: Env = env()): string {
  const url = e.DATABASE_URL ?? e.VEIL_EMBEDDED_DATABASE_URL;
  if (!url) {
    throw new Error(
      "No database configured: set DATABASE_URL, or start Veil with `npm start` (embedded PGlite).",
    );
  }
  return url;
}

export function poolConfig(e: Env = env()): PoolConfig {
  const embedded = !e.DATABASE_URL;
  return {
    connectionString: databaseUrl(e),
    // PGlite has one session; more client connections only queue behind each other.
    max: embedded ? 2 : e.DATABASE_POOL_SIZE,
    connectionTimeoutMillis: 5000,
    statement_timeout: e.DATABASE_STATEMENT_TIMEOUT_MS || undefined,
    ...(e.DATABASE_SSL_CA_FILE
      ? { ssl: { ca: readFileSync(e.DATABASE_SSL_CA_FILE, "utf8"), rejectUnauthorized: true } }
      : {}),
  };
}

/** Ciphertext and wrapped keys are never selected unless an `unsafe…` function asks by name. */
const CUSTOMER_CIPHERTEXT_OMIT = ciphertextOmit() as Record<
  EncryptedColumn | "dataKeyWrapped",
  true
>;

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg(poolConfig()),
    // Secrets never ride along by accident: code that needs them must ask by name.
    omit: {
      user: { passwordHash: true, totpSecretSealed: true },
      partner: { secretHash: true, previousSecretHash: true },
      refreshToken: { tokenHash: true },
      customer: CUSTOMER_CIPHERTEXT_OMIT,
    },
  });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * The client itself where a function takes a transaction client: each statement then commits on
 * its own (reads that need no snapshot, an append that must be durable before an answer).
 * Prisma types the callback's client without the global `omit`, hence the cast.
 */
export function autocommit(): Tx {
  return db() as unknown as Tx;
}

const globalForDb = globalThis as unknown as { veilDb?: Db; veilDbStops?: Set<() => void> };

/** Background work on the database (the audit sealer) stops when the client is closed. */
export function onDisconnect(stop: () => void) {
  (globalForDb.veilDbStops ??= new Set()).add(stop);
}

export function db(): Db {
  globalForDb.veilDb ??= createClient();
  return globalForDb.veilDb;
}

export async function disconnectDb() {
  for (const stop of globalForDb.veilDbStops ?? []) stop();
  await globalForDb.veilDb?.$disconnect();
  globalForDb.veilDb = undefined;
}
