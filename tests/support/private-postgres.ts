// A PostgreSQL server of a test's own (initdb in a temporary directory, a free port), so a test
// can restart or crash it under load without disturbing the shared server other tests use.
import { execFileSync, spawn } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const bindir = () => execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export async function startPrivatePostgres() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "veil-pg-"));
  const port = await freePort();
  // PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  // Asynchronous, so the test's own traffic keeps flowing while the server goes down and up.
  const run = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const cmd = asRoot ? "runuser" : path.join(bindir(), tool);
      const argv = asRoot ? ["-u", "postgres", "--", path.join(bindir(), tool), ...args] : args;
      const child = spawn(cmd, argv, { cwd: os.tmpdir(), stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`${tool} failed: ${output}`)),
      );
    });
  const data = path.join(dir, "data");
  await run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const pgCtl = (...args: string[]) => run("pg_ctl", ["-D", data, "-w", "-t", "30", ...args]);
  await pgCtl("-o", options, "-l", path.join(dir, "log"), "start");
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    /** A clean restart: connections are terminated, a checkpoint is written. */
    restart: () => pgCtl("-m", "fast", "-o", options, "-l", path.join(dir, "log"), "restart"),
    /** A crash: no checkpoint, the next start replays the WAL (`-m immediate`). */
    crash: () => pgCtl("-m", "immediate", "stop"),
    start: () => pgCtl("-o", options, "-l", path.join(dir, "log"), "start"),
    async stop() {
      await pgCtl("-m", "immediate", "stop").catch(() => {}); // already down
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresIds() {
  const id = (flag: string) =>
    Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}
