// The embedded default: PGlite persisted under the data dir, served over a Unix socket inside that
// (owner-only) directory so the app server and the `veil` CLI can share it. PGlite admits one
// process; whoever opens it first serves it, everyone else connects as an ordinary PostgreSQL client.
import { mkdir, rm, chmod } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const SOCKET_NAME = ".s.PGSQL.5432";

export type EmbeddedDatabase = { url: string; owned: boolean; stop(): Promise<void> };

export function embeddedUrl(dataDir: string): string {
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir(dataDir))}`;
}

function socketDir(dataDir: string) {
  return path.resolve(dataDir);
}

/** True when another process is serving this data dir's PGlite. */
export async function isEmbeddedServed(dataDir: string): Promise<boolean> {
  const socket = path.join(socketDir(dataDir), SOCKET_NAME);
  return new Promise((resolve) => {
    const c = net.connect(socket);
    c.once("connect", () => {
      c.destroy();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
}

/**
 * Connect to the embedded database: reuse the process that serves it, or open and serve it here.
 * `memory` keeps the data in RAM (tests); otherwise it lives in `<dataDir>/pglite`.
 */
export async function openEmbeddedDatabase(
  dataDir: string,
  opts: { memory?: boolean; requireOwnership?: boolean } = {},
): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  const url = embeddedUrl(dataDir);
  if (await isEmbeddedServed(dataDir)) {
    if (opts.requireOwnership) {
      throw new Error(
        `Another Veil process is already serving the embedded database in ${dataDir}. Stop it first.`,
      );
    }
    return { url, owned: false, stop: async () => {} };
  }
  const socketPath = path.join(socketDir(dataDir), SOCKET_NAME);
  await rm(socketPath, { force: true }); // stale socket left by a crashed process
  // pg_trgm: the audit viewer's purpose/case search (a trigram index), as on PostgreSQL.
  const options = { extensions: { pg_trgm } };
  const db = opts.memory ? new PGlite(options) : new PGlite(path.join(dataDir, "pglite"), options);
  await db.waitReady;
  // Several clients (app pool, CLI, tests) multiplex onto PGlite's single session; the server
  // keeps a transaction's statements on the connection that opened it.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 16 });
  keepExtendedQueriesTogether(server);
  await server.start();
  await chmod(socketPath, 0o600);
  return {
    url,
    owned: true,
    async stop() {
      await server.stop();
      await db.close();
      await rm(socketPath, { force: true });
    },
  };
}

/** Frontend messages of an extended-protocol query before its Sync (Parse, Bind, Describe, …). */
const EXTENDED_MID = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

type QueueItem = {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(err: unknown): void;
  onData(data: Uint8Array): void;
};
type QueryQueue = {
  queue: QueueItem[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearQueueForHandler(id: number): void;
};

/**
 * pglite-socket (0.2) runs one message at a time from whichever connection is next, keeping a
 * connection's turn only inside an explicit transaction. Two clients' extended-protocol queries
 * (Parse, Bind, Execute, Sync) then interleave, and one binds the other's statement ("bind
 * message supplies 2 parameters, but prepared statement requires 3"). This keeps a connection's
 * turn from its first Parse until its Sync, as PostgreSQL's per-session protocol assumes.
 */
function keepExtendedQueriesTogether(server: PGLiteSocketServer) {
  const q = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let midQuery = false;
  q.processQueue = async function processQueue() {
    if (q.processing || q.queue.length === 0) return;
    q.processing = true;
    try {
      while (q.queue.length > 0) {
        let item: QueueItem | undefined;
        if ((midQuery || q.db.isInTransaction()) && q.lastHandlerId !== null) {
          const i = q.queue.findIndex((r) => r.handlerId === q.lastHandlerId);
          item = i === -1 ? undefined : q.queue.splice(i, 1)[0];
        } else item = q.queue.shift();
        if (!item) break; // the connection holding its turn has not sent the rest yet
        let bytes = 0;
        try {
          await q.db.runExclusive(() =>
            q.db.execProtocolRawStream(item.message, {
              onRawData: (d: Uint8Array) => {
                bytes += d.length;
                item.onData(d);
              },
            }),
          );
        } catch (err) {
          midQuery = false;
          item.reject(err);
          continue;
        }
        midQuery = EXTENDED_MID.has(item.message[0]!);
        q.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      q.processing = false;
    }
  };
  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (id: number) => {
    if (q.lastHandlerId === id) midQuery = false; // a client gone mid-query releases its turn
    clear(id);
    void q.processQueue();
  };
}
