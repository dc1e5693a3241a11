// `npm start` stopped (Ctrl+C, a service manager's SIGTERM) while a request is in flight: the
// request is answered and its audit row kept, then the launcher exits cleanly. The launcher owns
// the embedded database the server uses, so it may close it only once the server has drained.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import { waitForHealth } from "../support/wait-for-health";
import { E2E_PORT, e2eServerEnv } from "./support/server-env";

const PORT = E2E_PORT + 7;
const PROBE_CLIENT = "launcher-stop-probe";

/** A POST whose body arrives in two parts, `pause` apart; resolves with the status line. */
function postInTwoParts(body: string, between: () => Promise<void>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(PORT, "127.0.0.1");
    let answer = "";
    socket.on("data", (c) => (answer += c.toString("latin1")));
    socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on("error", reject);
    socket.once("connect", async () => {
      const half = Math.floor(body.length / 2);
      socket.write(
        [
          "POST /api/v1/oauth/token HTTP/1.1",
          `Host: localhost:${PORT}`,
          "Content-Type: application/x-www-form-urlencoded",
          `Content-Length: ${Buffer.byteLength(body)}`,
          "Connection: close",
          "",
          body.slice(0, half),
        ].join("\r\n"),
      );
      await between();
      socket.write(body.slice(half));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) =>
    child.exitCode !== null ? r(child.exitCode) : child.once("exit", (code) => r(code)),
  );

test("stopping npm start mid-request: the request is answered and audited, then a clean exit", async () => {
  test.setTimeout(240_000);
  mkdirSync("test-results", { recursive: true });
  const dataDir = mkdtempSync(path.resolve("test-results", "launcher-stop-"));
  const launcher = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"],
    {
      env: {
        ...e2eServerEnv(),
        NODE_ENV: "production",
        PORT: String(PORT),
        VEIL_DATA_DIR: dataDir,
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const launcherExit = exited(launcher);
  try {
    await waitForHealth(`http://127.0.0.1:${PORT}/api/health`, launcher, {
      host: `localhost:${PORT}`,
    });
    const status = await postInTwoParts(
      `grant_type=client_credentials&client_id=${PROBE_CLIENT}&client_secret=not-the-secret`,
      async () => {
        // The server is now draining; give a launcher that closes the database early the time
        // to do it before the body (and with it the database work) arrives.
        launcher.kill("SIGTERM");
        await new Promise((r) => setTimeout(r, 1500));
      },
    );
    expect(status, "the in-flight token request is answered as if nothing happened").toBe(401);
    expect(await launcherExit).toBe(0);
  } finally {
    launcher.kill("SIGKILL");
  }
  // The server is gone with the launcher, and the data dir opens again, holding the refusal.
  await expect(
    fetch(`http://127.0.0.1:${PORT}/api/health`, { signal: AbortSignal.timeout(2000) }),
  ).rejects.toThrow();
  const embedded = await openEmbeddedDatabase(dataDir);
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM "AuditEvent"
        WHERE action = 'partner.token' AND outcome = 'denied' AND detail->>'error' = 'invalid_client'`,
    );
    expect(rows[0].n).toBe(1);
  } finally {
    await client.end();
    await embedded.stop();
  }
});
