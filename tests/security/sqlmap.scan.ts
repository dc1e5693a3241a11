// sqlmap (Debian's package) against every partner API parameter and the sign-in form, on the
// production build over real PostgreSQL. Passes when sqlmap finishes every target, finds no
// injection point, and the server never answered 500. Run by `npm run test:security`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { insertCustomers } from "@/lib/server/customers";
import { createPartner, changePartnerSharing } from "@/lib/server/partners";
import { fakeCustomers } from "@/lib/seed/fake-customers";
import { customerLike } from "../support/customers";
import { withProductionServer } from "../support/production-server";
import { runProcess } from "../support/run-process";

const PORT = 3931;
// As behind the TLS proxy it is configured to trust (plain http would be redirected to https).
const PROXIED = { "x-forwarded-proto": "https" };
const PROXIED_HEADER = "X-Forwarded-Proto: https";
const SYSTEM: SystemPrincipal = { kind: "system", name: "sqlmap-scan" };

type Target = { name: string; args: string[]; headers?: string[]; ignore401?: boolean };
type Finding = { target: string; problem: string };

if (spawnSync("sqlmap", ["--version"]).status !== 0) {
  console.log("sqlmap scan SKIPPED: sqlmap is not installed (apt-get install -y sqlmap).");
  process.exit(0);
}

async function sqlmap(target: Target, outputDir: string): Promise<Finding[]> {
  const { code, stdout, stderr } = await runProcess("sqlmap", [
    ...target.args,
    // A refused credential is the expected answer of these endpoints, not a reason to stop.
    ...(target.ignore401 ? ["--ignore-code=401"] : []),
    "--headers",
    [PROXIED_HEADER, ...(target.headers ?? [])].join("\n"),
    "--batch",
    "--dbms=PostgreSQL",
    "--level=3",
    "--risk=2",
    "--time-sec=2",
    "--threads=4",
    // Each request from a new client address: the per-address limits would otherwise answer
    // every payload with the same 429, and the scan would prove nothing.
    "--tamper=xforwardedfor",
    "--flush-session",
    "--disable-coloring",
    // `VEIL_SQLMAP_VERBOSE=3` shows each payload (for chasing a finding).
    `-v`,
    process.env.VEIL_SQLMAP_VERBOSE ?? "1",
    `--output-dir=${outputDir}`,
  ]);
  const out = stdout + stderr;
  if (process.env.VEIL_SQLMAP_VERBOSE) process.stdout.write(out);
  const findings: Finding[] = [];
  const problem = (p: string) => findings.push({ target: target.name, problem: p });
  if (
    /identified the following injection point|is vulnerable|appears to be .* injectable/i.test(out)
  )
    problem(`sqlmap reports an injection point:\n${out.slice(-3000)}`);
  if (!/do not appear to be injectable|does not seem to be injectable/i.test(out))
    problem(`sqlmap did not finish its tests (exit ${code}):\n${out.slice(-2000)}`);
  const errors = /HTTP error codes detected during run:\n?([^\n]*)/.exec(out)?.[1] ?? "";
  if (/\b5\d\d\b/.test(errors)) problem(`the server answered ${errors}`);
  const tested = (out.match(/testing '/g) ?? []).length;
  console.log(
    `sqlmap ${target.name}: ${tested} payload families, HTTP codes: ${errors || "none unusual"}`,
  );
  return findings;
}

async function main() {
  const outputDir = mkdtempSync(path.join(os.tmpdir(), "veil-sqlmap-"));
  let p: Awaited<ReturnType<typeof createPartner>> | undefined;
  const seed = async () => {
    const ids = await insertCustomers(SYSTEM, fakeCustomers(20, 3), "customer.seed");
    p = await createPartner(SYSTEM, {
      name: "sqlmap",
      profile: "kyc",
      scopes: ["customers:read", "customers:write"],
      perMinute: 10_000,
      perDay: 10_000_000,
    });
    await changePartnerSharing(SYSTEM, {
      partnerId: p.partner.id,
      change: "share",
      customers: { kind: "chosen", ids },
    });
  };
  // The scan's random X-Forwarded-For is believed (as behind a real proxy), so each payload
  // meets the defences a fresh client would, not a limiter that already refused it.
  const env = { VEIL_TRUST_PROXY: "1", VEIL_LOGIN_LIMIT_PER_ACCOUNT: "10000" };
  try {
    return await withProductionServer({ port: PORT, env, seed, probeHeaders: PROXIED }, (base) =>
      scanAll(base, p!, outputDir),
    );
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

async function scanAll(
  base: string,
  p: Awaited<ReturnType<typeof createPartner>>,
  outputDir: string,
) {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const tokenRes = await fetch(`${base}/api/v1/oauth/token`, {
    method: "POST",
    headers: { ...PROXIED, "content-type": "application/x-www-form-urlencoded" },
    body: form({
      grant_type: "client_credentials",
      client_id: p.clientId,
      client_secret: p.clientSecret,
    }),
  });
  const pair = (await tokenRes.json()) as { access_token: string; refresh_token: string };
  if (!pair.access_token) throw new Error(`no token: ${tokenRes.status}`);
  const auth = `Authorization: Bearer ${pair.access_token}`;
  const page = (await (
    await fetch(`${base}/api/v1/customers?limit=2`, {
      headers: { ...PROXIED, authorization: `Bearer ${pair.access_token}` },
    })
  ).json()) as {
    data: { id: string }[];
    nextCursor: string | null;
  };
  const csrfRes = await fetch(`${base}/api/auth/csrf`, { headers: PROXIED });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const cookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

  const targets: Target[] = [
    {
      name: "GET /api/v1/customers (limit, cursor)",
      args: [
        "-u",
        `${base}/api/v1/customers?limit=2&cursor=${page.nextCursor ?? "x"}`,
        "-p",
        "limit,cursor",
      ],
      headers: [auth],
    },
    {
      name: "GET /api/v1/customers/{id}",
      args: ["-u", `${base}/api/v1/customers/${page.data[0]!.id}*`],
      headers: [auth],
    },
    {
      name: "POST /api/v1/customers (JSON body)",
      args: [
        "-u",
        `${base}/api/v1/customers`,
        "--method=POST",
        "--data",
        JSON.stringify(customerLike()),
      ],
      headers: [auth, "Content-Type: application/json"],
    },
    {
      name: "POST /api/v1/oauth/token (client credentials)",
      ignore401: true,
      args: [
        "-u",
        `${base}/api/v1/oauth/token`,
        "--data",
        form({
          grant_type: "client_credentials",
          client_id: p.clientId,
          client_secret: "wrong-secret",
        }),
      ],
    },
    {
      name: "POST /api/v1/oauth/token (refresh token)",
      args: [
        "-u",
        `${base}/api/v1/oauth/token`,
        "--data",
        form({
          grant_type: "refresh_token",
          client_id: p.clientId,
          client_secret: p.clientSecret,
          refresh_token: "not-a-real-one",
        }),
        "-p",
        "refresh_token",
      ],
    },
    {
      name: "POST /api/v1/oauth/revoke",
      ignore401: true,
      args: [
        "-u",
        `${base}/api/v1/oauth/revoke`,
        "--data",
        form({ token: "not-a-real-one", client_id: p.clientId, client_secret: p.clientSecret }),
        "-p",
        "token,client_id",
      ],
    },
    {
      name: "POST sign-in (email, password)",
      ignore401: true,
      args: [
        "-u",
        `${base}/api/auth/callback/credentials`,
        "--data",
        form({
          csrfToken,
          email: "someone@example.com",
          password: "not-the-password",
          json: "true",
        }),
        "-p",
        "email,password",
        "--cookie",
        cookie,
      ],
      headers: [`Origin: https://127.0.0.1:${PORT}`],
    },
  ];
  const findings: Finding[] = [];
  // `VEIL_SQLMAP_ONLY=refresh` scans only the targets whose name contains it.
  const only = process.env.VEIL_SQLMAP_ONLY;
  for (const t of targets.filter((x) => !only || x.name.includes(only)))
    findings.push(...(await sqlmap(t, outputDir)));
  for (const f of findings) console.error(`✖ ${f.target}: ${f.problem}`);
  console.log(
    `sqlmap: ${targets.length - new Set(findings.map((f) => f.target)).size} passed, ${new Set(findings.map((f) => f.target)).size} failed`,
  );
  return findings.length ? 1 : 0;
}

process.exit(await main());
