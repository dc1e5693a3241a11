// The embedded default: PGlite persisted under the data dir, served over a Unix socket inside that
// (owner-only) directory so the app server and the `veil` CLI can share it. PGlite admits one
// process; whoever opens it first serves it, everyone else connects as an ordinary PostgreSQL client.
import { mkdir, rm, chmod } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
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
  const db = opts.memory ? new PGlite() : new PGlite(path.join(dataDir, "pglite"));
  await db.waitReady;
  // Several clients (app pool, CLI, tests) multiplex onto PGlite's single session; the server
  // keeps a transaction's statements on the connection that opened it.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 16 });
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
