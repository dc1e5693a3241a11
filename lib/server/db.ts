import "server-only";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import pg, { type PoolConfig } from "pg";
import { env, type Env } from "@/lib/env";
import { ciphertextOmit, type EncryptedColumn } from "@/lib/fields/catalogue";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";

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

/** How long a request waits for a free connection before it is refused as unavailable. */
const TRANSACTION_MAX_WAIT_MS = 5000;

export function poolConfig(e: Env = env()): PoolConfig {
  const embedded = !e.DATABASE_URL;
  return {
    connectionString: databaseUrl(e),
    // PGlite has one session; more client connections only queue behind each other.
    max: embedded ? 2 : e.DATABASE_POOL_SIZE,
    connectionTimeoutMillis: TRANSACTION_MAX_WAIT_MS,
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

function createClient(pool: pg.Pool) {
  return new PrismaClient({
    // Veil's own pool, so the list statement can also run on the driver (driverRows).
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
    // A request waits for a connection in a bounded queue (as long as the pool's own checkout),
    // then is answered 503 with Retry-After: never an unbounded pile-up, never a 500.
    transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS },
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

const globalForDb = globalThis as unknown as {
  veilDb?: Db;
  veilPool?: pg.Pool;
};

export function db(): Db {
  if (!globalForDb.veilDb) {
    globalForDb.veilPool = new pg.Pool(poolConfig());
    globalForDb.veilDb = createClient(globalForDb.veilPool);
  }
  return globalForDb.veilDb;
}

export async function disconnectDb() {
  await globalForDb.veilDb?.$disconnect(); // ends the pool too (disposeExternalPool)
  globalForDb.veilDb = undefined;
  globalForDb.veilPool = undefined;
}

const TIMESTAMP_OID = 1114;
/** `timestamp(3)` columns hold UTC wall time (as Prisma writes them): read them as UTC. */
const utcTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const driverTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? utcTimestamp
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
/** Dates as UTC ISO text: the driver would write local time, which `timestamp` would keep. */
const driverValue = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

const driverQuery = (q: pg.PoolClient, sql: Prisma.Sql, name?: string) =>
  q.query({ name, text: sql.text, values: sql.values.map(driverValue), types: driverTypes });

// A prepared statement's name is a digest of its text: the same text, the same name on every
// connection, and two texts never share one. Remembered for the few texts a process runs.
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `veil_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
    if (statementNames.size < 1000) statementNames.set(text, name);
  }
  return name;
}

function pool(): pg.Pool {
  db();
  return globalForDb.veilPool!;
}

type OnConnection = <V>(p: Promise<V>) => Promise<V>;

/**
 * A client of the driver's pool for `fn`. A connection that failed mid-use is destroyed, not
 * handed to the next caller. A checked-out client has no pool listener: its own 'error' event
 * (the server gone, a restart) must be caught here or it is an uncaught exception; the query in
 * flight rejects as well. `fn` wraps each query in `onConnection`, which throws that cause
 * (later queries fail with "not queryable": the cause is what counts).
 */
async function withDriverClient<T>(
  fn: (client: pg.PoolClient, onConnection: OnConnection) => Promise<T>,
): Promise<T> {
  const client = await pool().connect();
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on("error", onError);
  const onConnection: OnConnection = (p) =>
    p.catch((err: unknown) => {
      if (!(err instanceof pg.DatabaseError)) broken ??= err as Error;
      throw broken ?? err;
    });
  try {
    return await fn(client, onConnection);
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
}

/** One statement on the driver, committed on its own (a statement is its own transaction). */
export async function driverExecute(sql: Prisma.Sql): Promise<void> {
  await withDriverClient((client, onConnection) => onConnection(driverQuery(client, sql)));
}

/**
 * One statement on the driver itself, on the client's own pool, committed on its own: for the
 * statement every list page and partner call runs, where Prisma's raw-query layer (a base64 round
 * trip per bytea value, typed conversion of every cell) costs more than the query. Rows come back
 * as the driver parses them (bytea as Buffer, timestamp as a UTC Date), and only once the
 * statement's transaction has committed (the driver resolves on ReadyForQuery, after the
 * implicit commit): one round trip, where BEGIN … COMMIT took three. `prepared` names the
 * statement after its text, so each connection parses and plans it once (PostgreSQL only: the
 * embedded database's connections share one session, where names would collide).
 */
export async function driverRows<R>(sql: Prisma.Sql, opts: { prepared?: boolean } = {}) {
  const name = opts.prepared && env().DATABASE_URL ? statementName(sql.text) : undefined;
  return withDriverClient(
    async (client, onConnection) =>
      (await onConnection(driverQuery(client, sql, name))).rows as R[],
  );
}
