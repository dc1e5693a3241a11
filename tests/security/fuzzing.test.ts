// Fuzzing with hostile and random input: every route handler and the data-layer function behind
// every server action. The promise under test: bad input gets a clear 4xx (a typed AppError for
// actions), never a 500 or an unexpected error, and changes nothing.
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as jwksGET } from "@/app/.well-known/jwks.json/route";
import * as catchAll from "@/app/api/[...path]/route";
import * as auditExport from "@/app/api/audit/export/route";
import * as captcha from "@/app/api/captcha/route";
import * as passkeyOptions from "@/app/api/passkeys/sign-in-options/route";
import * as certificate from "@/app/api/gdpr/erasures/[id]/certificate/route";
import * as gdprExport from "@/app/api/gdpr/export/route";
import * as health from "@/app/api/health/route";
import * as mirrorPreview from "@/app/api/mirror/preview/route";
import * as mirrorRun from "@/app/api/mirror/run/route";
import * as mirrorRunStatus from "@/app/api/mirror/runs/[id]/route";
import * as reveal from "@/app/api/reveal/route";
import * as one from "@/app/api/v1/customers/[id]/route";
import * as list from "@/app/api/v1/customers/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as revoke from "@/app/api/v1/oauth/revoke/route";
import * as token from "@/app/api/v1/oauth/token/route";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { updateAlert } from "@/lib/server/alerts/inbox";
import { updateThresholds } from "@/lib/server/alerts/settings";
import {
  createCustomer,
  insertCustomers,
  listCustomers,
  updateCustomer,
} from "@/lib/server/customers";
import { decideReveal, requestReveal } from "@/lib/server/customers/reveal-requests";
import { db } from "@/lib/server/db";
import { isAppError } from "@/lib/server/errors";
import { decideErasure, requestErasure } from "@/lib/server/gdpr/erasure";
import {
  createPartner,
  rotatePartnerSecret,
  setPartnerDisabled,
  changePartnerSharing,
} from "@/lib/server/partners";
import {
  changeUserRole,
  createUser,
  reissueInvite,
  resetUserPassword,
  resetUserTwoFactor,
  setUserDisabled,
  signOutUserEverywhere,
} from "@/lib/server/users/admin";
import { checkSetPasswordLink, setPasswordWithToken } from "@/lib/server/users/invitations";
import { changeOwnPassword } from "@/lib/server/users/password";
import { verifyStepUp } from "@/lib/server/users/step-up";
import { confirmTotpEnrolment } from "@/lib/server/users/two-factor";
import { customerLike } from "../support/customers";
import { clientCredentialsToken } from "../support/partner-token";
import { makeUser } from "../support/principals";

// Staff routes find their caller through the session cookie, which only exists inside Next's
// request scope; here the caller is whichever staff member the fuzzer picked (or nobody).
const session = vi.hoisted(() => ({ viewer: null as unknown }));
vi.mock("@/lib/server/auth/viewer", async (original) => ({
  ...(await original<typeof import("@/lib/server/auth/viewer")>()),
  getViewer: async () => session.viewer,
}));

const RUNS = Number(process.env.VEIL_FUZZ_RUNS ?? 60);
const BASE = "http://localhost";

/** Strings attackers and broken clients send. */
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.uuid().map(String),
  fc.integer().map(String),
  fc.constantFrom(
    "' OR '1'='1",
    '1; DROP TABLE "Customer"; --',
    '\') UNION SELECT "passwordHash" FROM "User" --',
    "<script>alert(document.cookie)</script>",
    '"><img src=x onerror=alert(1)>',
    "../../../../etc/passwd",
    "%00",
    "\u0000",
    "{{7*7}}",
    "${jndi:ldap://127.0.0.1/a}",
    "=cmd|' /C calc'!A0",
    "1e309",
    "-1",
    "NaN",
    "__proto__",
    "constructor",
    "4111111111111111",
    "9".repeat(400),
    "a".repeat(5000),
  ),
);
const asciiHeader = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});
const KEYS = [
  "limit",
  "cursor",
  "id",
  "customerId",
  "field",
  "purpose",
  "caseRef",
  "name",
  "email",
  "pan",
  "iban",
  "cvv",
  "grant_type",
  "client_id",
  "client_secret",
  "refresh_token",
  "token",
  "__proto__",
  "constructor",
];
const record = fc.dictionary(
  fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })),
  fc.oneof(hostile, fc.boolean(), fc.integer(), fc.constant(null), fc.jsonValue({ maxDepth: 2 })),
  { maxKeys: 6 },
);
const body = fc.oneof(
  fc.constant(undefined),
  hostile,
  record.map((r) => JSON.stringify(r)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  // Values as JSON text: an object value may carry its own "toString" key (no string form).
  record.map((r) =>
    new URLSearchParams(
      Object.entries(r).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    ).toString(),
  ),
  fc.constant(`{"name":"${"x".repeat(70_000)}"}`), // over the 64 KB body limit
  fc.constant('{"unterminated": '),
);
const contentType = fc.constantFrom(
  undefined,
  "application/json",
  "application/x-www-form-urlencoded",
  "text/plain",
  "multipart/form-data; boundary=zz",
  "text/csv",
  "application/json; charset=utf-7",
);

type Handler = (
  req: Request,
  segment?: { params: Promise<Record<string, unknown>> },
) => Promise<Response>;
type Target = {
  path: string;
  method: "GET" | "POST";
  module: Record<string, unknown>;
  params?: (v: string) => Record<string, unknown>;
};

const TARGETS: Target[] = [
  { path: "/api/v1/customers", method: "GET", module: list },
  { path: "/api/v1/customers", method: "POST", module: list },
  { path: "/api/v1/customers/{id}", method: "GET", module: one, params: (id) => ({ id }) },
  { path: "/api/v1/oauth/token", method: "POST", module: token },
  { path: "/api/v1/oauth/revoke", method: "POST", module: revoke },
  { path: "/api/v1/openapi.json", method: "GET", module: openapi },
  { path: "/.well-known/jwks.json", method: "GET", module: { GET: jwksGET } },
  { path: "/api/reveal", method: "POST", module: reveal },
  { path: "/api/audit/export", method: "GET", module: auditExport },
  { path: "/api/gdpr/export", method: "POST", module: gdprExport },
  {
    path: "/api/gdpr/erasures/{id}/certificate",
    method: "GET",
    module: certificate,
    params: (id) => ({ id }),
  },
  { path: "/api/mirror/preview", method: "POST", module: mirrorPreview },
  { path: "/api/mirror/run", method: "POST", module: mirrorRun },
  {
    path: "/api/mirror/runs/{id}",
    method: "GET",
    module: mirrorRunStatus,
    params: (id) => ({ id }),
  },
  { path: "/api/captcha", method: "GET", module: captcha },
  { path: "/api/passkeys/sign-in-options", method: "GET", module: passkeyOptions },
  { path: "/api/health", method: "GET", module: health },
  {
    path: "/api/{...path}",
    method: "GET",
    module: catchAll,
    params: (p) => ({ path: p.split("/") }),
  },
];

/**
 * What invalid input must never change: the business tables' sizes and last updates. (Audit
 * rows, sign-in events and alerts may grow: refusals are recorded on purpose.)
 */
async function fingerprint() {
  const [row] = await db().$queryRaw<Record<string, unknown>[]>`
    SELECT (SELECT count(*) FROM "Customer") AS customers,
           (SELECT max("updatedAt") FROM "Customer") AS "customersChanged",
           (SELECT count(*) FROM "User") AS users,
           (SELECT count(*) FROM "Partner") AS partners,
           (SELECT max("updatedAt") FROM "Partner") AS "partnersChanged",
           (SELECT count(*) FROM "PartnerCustomer") AS shares,
           (SELECT count(*) FROM "RevealRequest") AS "revealRequests",
           (SELECT count(*) FROM "ErasureRequest") AS "erasureRequests",
           (SELECT count(*) FROM "RefreshToken") AS "refreshTokens",
           (SELECT count(*) FROM "SetPasswordToken") AS "setPasswordTokens",
           (SELECT count(*) FROM "RecoveryCode") AS "recoveryCodes",
           (SELECT max("updatedAt") FROM "AlertSetting") AS "settingsChanged",
           (SELECT count(*) FROM "KeyRotation") AS "keyRotations"`;
  return JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v));
}

const STACK_TRACE = /\n\s+at [^\n]+[(:]\d+/;

describe("route handlers under hostile input", () => {
  let bearer: string;
  const staff: Record<string, UserPrincipal> = {};

  beforeAll(async () => {
    for (const role of ["AGENT", "OFFICER", "ANALYST", "ADMIN"] as const)
      staff[role] = (await makeUser(role)).principal;
    const p = await createPartner(staff.ADMIN!, {
      name: "Fuzz",
      profile: "kyc",
      scopes: ["customers:read", "customers:write"],
    });
    const ids = await insertCustomers(staff.ADMIN!, [customerLike()]);
    await changePartnerSharing(staff.ADMIN!, {
      partnerId: p.partner.id,
      change: "share",
      customers: { kind: "chosen", ids },
    });
    bearer = await clientCredentialsToken(p);
    expect(bearer).toBeTruthy();
  });

  for (const target of TARGETS) {
    it(`${target.method} ${target.path}: never a 500, never a stack trace, nothing written`, async () => {
      const before = await fingerprint();
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            // Mostly the route's own method (past the 405), sometimes any other.
            method: fc.oneof(
              { weight: 6, arbitrary: fc.constant(target.method) },
              { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE") },
            ),
            query: fc.dictionary(
              fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })),
              hostile,
              { maxKeys: 4 },
            ),
            param: hostile,
            body,
            contentType,
            auth: fc.oneof(
              { weight: 5, arbitrary: fc.constant("partner") },
              { weight: 1, arbitrary: fc.constantFrom("none", "garbage", "query-token") },
              { weight: 1, arbitrary: asciiHeader.map((h) => `raw:${h}`) },
            ),
            viewer: fc.constantFrom(null, "AGENT", "OFFICER", "OFFICER", "ANALYST", "ADMIN"),
            origin: fc.constantFrom(
              undefined,
              undefined,
              undefined,
              BASE,
              "https://evil.example",
              "null",
            ),
          }),
          async (c) => {
            const handler = target.module[c.method] as Handler | undefined;
            if (!handler) return;
            const url = new URL(`${BASE}${target.path.replace(/\{[^}]+\}/g, "x")}`);
            for (const [k, v] of Object.entries(c.query)) url.searchParams.append(k, v);
            if (c.auth === "query-token") url.searchParams.set("access_token", bearer);
            const headers = new Headers({ host: "localhost" });
            if (c.contentType) headers.set("content-type", c.contentType);
            if (c.origin) headers.set("origin", c.origin);
            if (c.auth === "partner") headers.set("authorization", `Bearer ${bearer}`);
            if (c.auth === "garbage") headers.set("authorization", "Bearer e30.e30.AAAA-not-a-jwt");
            if (c.auth.startsWith("raw:")) headers.set("authorization", c.auth.slice(4));
            session.viewer = c.viewer ? staff[c.viewer] : null;
            const hasBody = c.method !== "GET" && c.body !== undefined;
            const req = new Request(url, {
              method: c.method,
              headers,
              ...(hasBody ? { body: c.body } : {}),
            });
            const res = await handler(
              req,
              target.params ? { params: Promise.resolve(target.params(c.param)) } : undefined,
            );
            const text = await res.text();
            expect(res.status, `${c.method} ${url.pathname}: ${text.slice(0, 200)}`).toBeLessThan(
              500,
            );
            expect(text).not.toMatch(STACK_TRACE);
            if (res.status >= 400) expect(res.headers.get("content-type") ?? "").toMatch(/json/);
          },
        ),
        { numRuns: RUNS },
      );
      session.viewer = null;
      // Valid requests can write (a partner POST that happens to validate would): the fuzzer
      // cannot produce one without a real customer's fields, so any change here is a finding.
      expect(await fingerprint()).toBe(before);
    });
  }
});

type Call = (actor: UserPrincipal, input: unknown) => Promise<unknown>;
const ctx = { ip: "127.0.0.1", requestId: null };

/** The data-layer function behind every server action, as the action calls it. */
const ACTIONS: Record<string, Call> = {
  searchCustomers: (a, i) => listCustomers(a, { page: 1, pageSize: 25, search: i }),
  createCustomer,
  updateCustomer: (a, i) => updateCustomer(a, (i as { id?: string } | null)?.id ?? "x", i),
  requestReveal,
  decideReveal: (a, i) => decideReveal(a, i as never),
  requestErasure: (a, i) => requestErasure(a, i as never),
  decideErasure: (a, i) => decideErasure(a, i as never),
  stepUp: verifyStepUp,
  changePassword: changeOwnPassword,
  confirmTotp: confirmTotpEnrolment,
  createUser,
  changeRole: (a, i) => changeUserRole(a, i as never),
  setDisabled: (a, i) => setUserDisabled(a, i as never),
  resetTwoFactor: (a, i) => resetUserTwoFactor(a, i as never),
  signOutEverywhere: (a, i) => signOutUserEverywhere(a, i as never),
  resetPassword: (a, i) => resetUserPassword(a, i as never),
  reissueInvite: (a, i) => reissueInvite(a, i as never),
  createPartner,
  rotateSecret: rotatePartnerSecret,
  setPartnerDisabled: (a, i) => setPartnerDisabled(a, i as never),
  updateAlert,
  updateThresholds,
  checkSetPasswordLink: (_a, i) => checkSetPasswordLink(i, ctx),
  setPassword: (_a, i) => setPasswordWithToken(i, ctx),
};

describe("server actions under hostile input", () => {
  const staff: UserPrincipal[] = [];
  beforeAll(async () => {
    for (const role of ["AGENT", "OFFICER", "ANALYST", "ADMIN"] as const)
      staff.push((await makeUser(role)).principal);
  });

  for (const [name, call] of Object.entries(ACTIONS)) {
    it(`${name}: a typed refusal (never an unexpected error) and nothing written`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: staff.length - 1 }),
          fc.oneof(record, fc.jsonValue({ maxDepth: 3 }), hostile, fc.constant(undefined)),
          async (who, input) => {
            const before = await fingerprint();
            const outcome = await call(staff[who]!, input).then(
              () => null,
              (err: unknown) => err,
            );
            // A random input that happens to be valid may succeed; a refusal must be typed
            // (the action shows its message) and must have changed nothing.
            if (outcome === null) return;
            expect(isAppError(outcome), `${name}: ${String(outcome)}`).toBe(true);
            expect(await fingerprint()).toBe(before);
          },
        ),
        { numRuns: RUNS },
      );
    });
  }
});
