// MDN HTTP Observatory against the production build, behind a loopback TLS front on the standard
// ports (HTTPS on 443 with a throwaway self-signed certificate the scanner trusts through
// NODE_EXTRA_CA_CERTS, plain HTTP on 80), as a deployment's proxy would stand in front of Veil:
// so HSTS and the HTTP→HTTPS redirect are scored too. Every page scanned must grade A+.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { withProductionServer } from "../support/production-server";
import { runProcess } from "../support/run-process";

const PORT = 3932;
const PAGES = ["/", "/login", "/customers", "/docs/api"];
// The scanner's manifest and driver live here; it is installed outside the app's lock file and
// outside the source tree (its own tests would read as ours), with its download scripts off.
const SOURCE = path.join(import.meta.dirname, "observatory");
const TOOL = path.join(process.cwd(), "node_modules/.cache/veil-observatory");
const PACKAGE = path.join(TOOL, "node_modules/@mdn/mdn-http-observatory");

function installScanner() {
  mkdirSync(TOOL, { recursive: true });
  for (const file of ["package.json", "grade.mjs"])
    copyFileSync(path.join(SOURCE, file), path.join(TOOL, file));
  if (!existsSync(PACKAGE)) {
    const r = spawnSync(
      "npm",
      ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"],
      { cwd: TOOL, stdio: "inherit" },
    );
    if (r.status !== 0) throw new Error("could not install the Observatory");
  }
  // What its skipped install script would download: the HSTS preload list (none here).
  mkdirSync(path.join(PACKAGE, "conf"), { recursive: true });
  const preload = path.join(PACKAGE, "conf/hsts-preload.json");
  if (!existsSync(preload)) writeFileSync(preload, "{}");
}

function selfSignedCertificate(dir: string) {
  const r = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost",
    ],
    { stdio: "pipe" },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return {
    cert: readFileSync(path.join(dir, "cert.pem")),
    key: readFileSync(path.join(dir, "key.pem")),
  };
}

/** The proxy in front: forwards to Veil with the headers a TLS-terminating proxy sets. */
function front(proto: "http" | "https", target: URL) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          "x-forwarded-proto": proto,
          "x-forwarded-for": req.socket.remoteAddress ?? "127.0.0.1",
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  };
}

function listen(server: http.Server | https.Server, port: number) {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

type Grade = {
  status: number;
  grade: string;
  score: number;
  tests: Record<string, { pass: boolean; result: string; modifier: number }>;
};

async function main() {
  installScanner();
  const dir = mkdtempSync(path.join(os.tmpdir(), "veil-observatory-"));
  try {
    const tls = selfSignedCertificate(dir);
    const env = {
      VEIL_TRUST_PROXY: "1",
      VEIL_ALLOWED_HOSTS: "localhost,127.0.0.1",
      VEIL_PUBLIC_URL: "https://localhost",
    };
    const probeHeaders = { "x-forwarded-proto": "https" };
    return await withProductionServer({ port: PORT, env, probeHeaders }, async (base) => {
      const target = new URL(base);
      const secure = https.createServer(tls, front("https", target));
      const plain = http.createServer(front("http", target));
      try {
        await listen(secure, 443);
        await listen(plain, 80);
      } catch (err) {
        // The standard ports need root (or CAP_NET_BIND_SERVICE); CI has them, a laptop may not.
        const why = `cannot listen on 443/80 (${(err as NodeJS.ErrnoException).code})`;
        if (process.env.CI) throw new Error(`observatory: ${why}`);
        console.log(`observatory SKIPPED: ${why}; CI runs it.`);
        secure.close();
        plain.close();
        return 0;
      }
      try {
        let failed = 0;
        for (const page of PAGES) {
          // Not spawnSync: the fronts answer from this process's event loop.
          const r = await runProcess(
            process.execPath,
            [path.join(TOOL, "grade.mjs"), "localhost", page],
            {
              cwd: TOOL,
              env: {
                ...process.env,
                NODE_EXTRA_CA_CERTS: path.join(dir, "cert.pem"),
                // The fronts listen on 127.0.0.1 only: "localhost" must not resolve to ::1.
                NODE_OPTIONS: "--dns-result-order=ipv4first",
              },
            },
          );
          let g: Grade | null = null;
          try {
            g = JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as Grade;
          } catch {
            /* reported below */
          }
          if (!g) {
            failed++;
            console.error(`✖ ${page}: the scanner failed\n${r.stderr}`);
            continue;
          }
          const weak = Object.entries(g.tests)
            .filter(([, t]) => !t.pass || t.modifier < 0)
            .map(([name, t]) => `${name}: ${t.result} (${t.modifier})`);
          console.log(`observatory ${page}: ${g.grade} (${g.score}), HTTP ${g.status}`);
          if (g.grade !== "A+") {
            failed++;
            console.error(`✖ ${page} grades ${g.grade}: ${weak.join("; ")}`);
          }
        }
        console.log(`observatory: ${PAGES.length - failed} passed, ${failed} failed`);
        return failed ? 1 : 0;
      } finally {
        secure.close();
        plain.close();
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exit(await main());
