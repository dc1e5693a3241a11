// The Data Mirror on the server: authorised, audited as metadata only, nothing retained, and a
// streamed upload route that keeps the middleware's guarantees while bypassing it.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import type { Principal } from "@/lib/server/auth/principal";
import { route, staffSession, type Authenticator } from "@/lib/server/http/route";
import { mirrorRunStatus, previewMirror, startMirrorRun } from "@/lib/server/mirror";
import { makeUser } from "../support/principals";

const PAN = "4111111111111111";
const IBAN = "GB82WEST12345698765432";
const EMAIL = "canary.mirror@example.com";
const CSV = [
  "customer,card,iban,email,comment",
  `Ann Smith,${PAN},${IBAN},${EMAIL},"paid with ${PAN}, then wrote from ${EMAIL}"`,
  `Bob Jones,5500000000000004,DE89370400440532013000,bob@example.org,fine`,
].join("\n");

async function* chunks(text: string | Uint8Array, size = 1000) {
  const buf = typeof text === "string" ? Buffer.from(text) : text;
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

const readAll = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

const auditDetails = async (actor: Principal & { kind: "user" }) =>
  JSON.stringify(
    await db().auditEvent.findMany({
      where: { actorId: actor.userId, action: { startsWith: "mirror." } },
      select: { action: true, detail: true, outcome: true },
    }),
  );

describe("Data Mirror on the server", () => {
  it("previews: types detected, the role's rules proposed, rows masked, only metadata audited", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const preview = await previewMirror(agent, Buffer.from(CSV));
    expect(preview.header).toBe(true);
    expect(preview.columns.map((c) => [c.type, c.proposed])).toEqual([
      ["name", "plain"],
      ["pan", "last4"],
      ["iban", "partial"],
      ["email", "partial"],
      ["freeText", "partial"],
    ]);
    expect(preview.columns[1]!.allowed).toEqual(["last4", "token", "redacted", "hidden"]);
    const shown = JSON.stringify(preview.rows);
    for (const canary of [PAN, IBAN, EMAIL]) expect(shown).not.toContain(canary);
    expect(preview.rows[0]![1]).toBe("•••• 1111");
    const audit = await auditDetails(agent);
    expect(audit).toContain("mirror.preview");
    for (const canary of [PAN, IBAN, EMAIL, "Ann Smith", "customer"])
      expect(audit).not.toContain(canary);
  });

  it("runs: streams the masked file, records rows and k, audits the run and its end", async () => {
    const { principal: analyst } = await makeUser("ANALYST");
    const { run, stream } = await startMirrorRun(analyst, chunks(CSV, 7), { kColumns: [0] });
    const out = await readAll(stream);
    for (const canary of [PAN, IBAN, EMAIL, "Ann Smith"]) expect(out).not.toContain(canary);
    expect(out.split("\n")[1]).toMatch(/^"tok_/);
    expect(await mirrorRunStatus(analyst, run)).toMatchObject({ state: "done", rows: 2 });
    const audit = await auditDetails(analyst);
    expect(audit).toContain('"action":"mirror.run"');
    expect(audit).toMatch(/"action":"mirror.complete","detail":\{[^}]*"rows":2/);
    for (const canary of [PAN, IBAN, EMAIL, "Ann Smith"]) expect(audit).not.toContain(canary);
  });

  it("a project key makes tokens join across files; without one, every upload has its own", async () => {
    const { principal: analyst } = await makeUser("ANALYST");
    const firstToken = async (input: object) =>
      (await readAll((await startMirrorRun(analyst, chunks(CSV), input)).stream))
        .split("\n")[1]!
        .split(",")[0];
    const a = await firstToken({ project: "churn-2026" });
    expect(await firstToken({ project: "churn-2026" })).toBe(a);
    expect(await firstToken({ project: "other" })).not.toBe(a);
    expect(await firstToken({})).not.toBe(await firstToken({}));
  });

  it("the preview's pseudonyms are the downloaded file's (per upload, and under a project)", async () => {
    const { principal: analyst } = await makeUser("ANALYST");
    const runToken = async (input: object) =>
      (await readAll((await startMirrorRun(analyst, chunks(CSV), input)).stream))
        .split("\n")[1]!
        .split(",")[0]!
        .replaceAll('"', "");
    // Per upload: the run names the preview it follows.
    const preview = await previewMirror(analyst, Buffer.from(CSV));
    expect(preview.rows[0]![0]).toMatch(/^tok_/);
    expect(await runToken({ upload: preview.upload })).toBe(preview.rows[0]![0]);
    // Another upload's preview and file get other pseudonyms; another user cannot borrow it.
    const other = await previewMirror(analyst, Buffer.from(CSV));
    expect(other.rows[0]![0]).not.toBe(preview.rows[0]![0]);
    const { principal: colleague } = await makeUser("ANALYST");
    const borrowed = (
      await readAll(
        (await startMirrorRun(colleague, chunks(CSV), { upload: preview.upload })).stream,
      )
    )
      .split("\n")[1]!
      .split(",")[0]!
      .replaceAll('"', "");
    expect(borrowed).not.toBe(preview.rows[0]![0]);
    // Under a project: the preview made with it shows the project's pseudonyms.
    const projected = await previewMirror(analyst, Buffer.from(CSV), { project: "churn-2026" });
    expect(await runToken({ project: "churn-2026" })).toBe(projected.rows[0]![0]);
  });

  it("refuses a looser rule than the role allows, a disguised file, and non-staff callers", async () => {
    const { principal: agent } = await makeUser("AGENT");
    await expect(
      startMirrorRun(agent, chunks(CSV), { choices: { "1": "plain" } }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(
      startMirrorRun(agent, chunks(gzipSync(Buffer.from(CSV))), {}),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      userMessage: expect.stringMatching(/gzip/),
    });
    await expect(
      startMirrorRun(agent, chunks(CSV), { choices: { "1": "everything" } }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
    });
    const partner: Principal = {
      kind: "partner",
      partnerId: "p",
      profile: "basic",
      purpose: "x",
      scopes: ["customers:read"],
      limits: { perMinute: 1, perHour: 1, perDay: 1 },
      network: { ipAllowList: [], corsOrigins: [] },
      secretGeneration: 1,
      ip: null,
      requestId: null,
    };
    await expect(previewMirror(partner, Buffer.from(CSV))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("a bad row deep in the file fails the stream and the status names the line", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const rows = ["email,n", ...Array.from({ length: 3000 }, (_, i) => `p${i}@example.com,${i}`)];
    rows.splice(2500, 0, "broken");
    const { run, stream } = await startMirrorRun(agent, chunks(rows.join("\n"), 4096), {});
    await expect(readAll(stream)).rejects.toThrow();
    expect(await mirrorRunStatus(agent, run)).toEqual({
      state: "failed",
      error: "Line 2501: this row has a different number of columns.",
    });
    const { principal: other } = await makeUser("AGENT");
    await expect(mirrorRunStatus(other, run)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("a streamed-upload route (outside the middleware)", () => {
  const as = (p: Principal | null): Authenticator => ({
    ...staffSession,
    authenticate: async () => p,
  });
  const upload = (headers: Record<string, string>) =>
    new Request("http://localhost/api/mirror/run", {
      method: "POST",
      body: "a,b\n1,2\n",
      headers: {
        "content-type": "text/csv",
        host: "localhost",
        origin: "http://localhost",
        ...headers,
      },
    });

  it("runs the middleware's guard: security headers, its own request id and client address", async () => {
    const { principal: agent } = await makeUser("AGENT");
    let seen: { ip: string | null; requestId: string | null } | null = null;
    const handler = route(
      { method: "POST", path: "/api/mirror/run", summary: "t", auth: as(agent) },
      async ({ principal }) => {
        seen = {
          ip: (principal as typeof agent).ip,
          requestId: (principal as typeof agent).requestId,
        };
        return { ok: true };
      },
    );
    const res = await handler(
      upload({
        "x-veil-client-ip": "6.6.6.6",
        "x-request-id": "forged",
        "x-forwarded-for": "10.1.2.3",
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(seen).toEqual({ ip: "10.1.2.3", requestId: res.headers.get("x-request-id") });
    expect(res.headers.get("x-request-id")).not.toBe("forged");
    expect((await handler(upload({ host: "evil.example" }))).status).toBe(400);
    const crossSite = await handler(upload({ origin: "https://evil.example" }));
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("content-security-policy")).toContain("default-src");
  });
});
