// The partner API as an integration sees it: masked by profile, visibility by sharing, cursor
// pages, validation, limits, network allow-lists and CORS. Handlers are called as Next calls them.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as oneGET } from "@/app/api/v1/customers/[id]/route";
import {
  GET as listGET,
  OPTIONS as listOPTIONS,
  POST as createPOST,
} from "@/app/api/v1/customers/route";
import { POST as tokenPOST } from "@/app/api/v1/oauth/token/route";
import { CUSTOMER_FIELDS, FIELD_NAMES } from "@/lib/fields/catalogue";
import { levelFor } from "@/lib/policy/field-policy";
import type { CreatePartnerInput } from "@/lib/schemas/partners";
import { insertCustomers } from "@/lib/server/customers";
import { db } from "@/lib/server/db";
import { createPartner, changePartnerSharing } from "@/lib/server/partners";
import { CANARY, customerLike } from "../support/customers";
import { makeUser } from "../support/principals";
import { servedRequest } from "../support/served-request";

const BASE = "http://localhost";

/** A partner and a token from its token endpoint, asked from `peer` (inside its allow-list). */
async function partnerWithToken(overrides: Partial<CreatePartnerInput> = {}, peer?: string) {
  const { principal: admin } = await makeUser("ADMIN");
  const created = await createPartner(admin, {
    name: "API Test",
    profile: "basic",
    scopes: ["customers:read"],
    ...overrides,
  });
  const res = await tokenPOST(
    servedRequest(`${BASE}/api/v1/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: created.clientId,
        client_secret: created.clientSecret,
      }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      peer,
    }),
  );
  expect(res.status).toBe(200);
  const { access_token } = await res.json();
  return { admin, ...created, token: access_token as string };
}

function request(
  path: string,
  token: string | null,
  init: { method?: string; body?: string; headers?: Record<string, string>; peer?: string } = {},
) {
  return servedRequest(`${BASE}${path}`, {
    method: init.method ?? "GET",
    body: init.body,
    peer: init.peer ?? "198.51.100.20",
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...init.headers,
    },
  });
}
const readOne = (id: string, token: string, headers: Record<string, string> = {}) =>
  oneGET(request(`/api/v1/customers/${encodeURIComponent(id)}`, token, { headers }), {
    params: Promise.resolve({ id }),
  });
const postJson = (token: string, body: unknown, type = "application/json") =>
  createPOST(
    request("/api/v1/customers", token, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": type },
    }),
  );

describe("partner customer endpoints", () => {
  let basic: Awaited<ReturnType<typeof partnerWithToken>>;
  let canaryId: string;
  let unsharedId: string;

  beforeAll(async () => {
    basic = await partnerWithToken();
    const { principal: admin } = await makeUser("ADMIN");
    [canaryId = "", unsharedId = ""] = await insertCustomers(admin, [CANARY, customerLike()]);
    await changePartnerSharing(admin, {
      partnerId: basic.partner.id,
      change: "share",
      customers: { kind: "chosen", ids: [canaryId!] },
    });
  });

  it("a basic partner gets exactly the fields its profile shows, masked, field by field", async () => {
    const res = await readOne(canaryId, basic.token);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const text = await res.text();
    const body = JSON.parse(text);
    for (const field of FIELD_NAMES) {
      const level = levelFor("partner:basic", field);
      // The stored parts behind the field (city and country are public to every viewer).
      const raw = CUSTOMER_FIELDS[field].parts
        .filter((part) => part !== "city" && part !== "country")
        .map((part) => CANARY[part]);
      if (level === "hidden") expect(body.fields, field).not.toHaveProperty(field);
      else expect(body.fields[field], field).toEqual(expect.any(String));
      if (level === "plain") for (const r of raw) expect(body.fields[field]).toContain(r);
      // No raw value the profile does not show in full appears anywhere in the answer.
      else for (const r of raw) expect(text, field).not.toContain(r);
    }
    expect(body.fields.pan).toMatch(/1236$/);
  });

  it("answers 404 alike for a record not shared with it, one that does not exist and a bad id", async () => {
    const bodies = [];
    for (const id of [unsharedId, randomUUID(), "1 OR 1=1; --", "../customers"]) {
      const res = await readOne(id, basic.token);
      expect(res.status, id).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      bodies.push(await res.json());
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    const list = await (await listGET(request("/api/v1/customers?limit=100", basic.token))).json();
    expect(list.data.map((c: { id: string }) => c.id)).toEqual([canaryId]);
  });

  it("pages with a cursor through every shared record exactly once; a bad cursor is a 4xx", async () => {
    const p = await partnerWithToken();
    const { principal: admin } = await makeUser("ADMIN");
    const ids = await insertCustomers(
      admin,
      Array.from({ length: 5 }, () => customerLike()),
    );
    await changePartnerSharing(admin, {
      partnerId: p.partner.id,
      change: "share",
      customers: { kind: "chosen", ids },
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await listGET(
        request(`/api/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ""}`, p.token),
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...ids].sort());
    for (const bad of [
      "cursor=not-a-cursor",
      `cursor=${Buffer.from('["x","y"]').toString("base64url")}`,
      "cursor=%27%20OR%201%3D1--",
      "limit=0",
      "limit=1000",
      "unknown=1",
      `access_token=${p.token}`,
    ]) {
      const res = await listGET(request(`/api/v1/customers?${bad}`, p.token));
      expect(res.status, bad).toBeGreaterThanOrEqual(400);
      expect(res.status, bad).toBeLessThan(500);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("audits every read under the partner's purpose", async () => {
    const before = await db().auditEvent.count({ where: { actorId: basic.partner.id } });
    await readOne(canaryId, basic.token);
    const row = await db().auditEvent.findFirst({
      where: { actorId: basic.partner.id, action: "customer.read" },
      orderBy: { at: "desc" },
    });
    expect(row).toMatchObject({
      actorType: "partner",
      targetId: canaryId,
      purpose: basic.partner.purpose,
    });
    expect(await db().auditEvent.count({ where: { actorId: basic.partner.id } })).toBe(before + 1);
  });
});

describe("a list page and its audit row", () => {
  it("names exactly the rows served, in order, under the partner's purpose", async () => {
    const partner = await partnerWithToken();
    const { principal: admin } = await makeUser("ADMIN");
    const ids = await insertCustomers(admin, [customerLike(), customerLike(), customerLike()]);
    await changePartnerSharing(admin, {
      partnerId: partner.partner.id,
      change: "share",
      customers: { kind: "chosen", ids },
    });
    const res = await listGET(request("/api/v1/customers?limit=2", partner.token));
    const page = await res.json();
    expect(page.data).toHaveLength(2);
    const row = await db().auditEvent.findFirstOrThrow({
      where: { actorId: partner.partner.id, action: "customer.list" },
      orderBy: { at: "desc" },
    });
    expect(row.targetIds).toEqual(page.data.map((c: { id: string }) => c.id));
    expect(row).toMatchObject({ targetType: "customer", purpose: partner.partner.purpose });
  });

  it("serves nothing when its audit row cannot be written (fails closed)", async () => {
    // The audit table refuses this partner's list rows (as a full disk or a broken grant would).
    const { res, body, id, listRows } = await listWithAuditRefused("at the insert");
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(body).not.toContain(id);
    expect(body).not.toContain("canary-mail");
    expect(await listRows()).toBe(0);
  });

  // The page is decrypted and masked while its transaction commits; if the commit itself fails
  // (a full disk, a failover), what was masked is thrown away and the audit row is not there.
  it("serves nothing when the commit of its audit row fails", async () => {
    const { res, body, id, listRows, again } = await listWithAuditRefused("at the commit");
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(body).not.toContain(id);
    expect(body).not.toContain("canary-mail");
    expect(await listRows()).toBe(0);
    // The connection that saw the failed commit is usable again (or was replaced).
    expect((await again()).status).toBe(200);
  });
});

/**
 * A partner lists one shared canary record while the audit table refuses that partner's list
 * rows: at the INSERT (a BEFORE trigger) or only at COMMIT (a deferred constraint trigger).
 */
async function listWithAuditRefused(when: "at the insert" | "at the commit") {
  const partner = await partnerWithToken();
  const { principal: admin } = await makeUser("ADMIN");
  const [id] = await insertCustomers(admin, [CANARY]);
  await changePartnerSharing(admin, {
    partnerId: partner.partner.id,
    change: "share",
    customers: { kind: "chosen", ids: [id!] },
  });
  await db().$executeRawUnsafe(`
    CREATE FUNCTION test_refuse_list_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW."action" = 'customer.list' AND NEW."actorId" = '${partner.partner.id}' THEN
        RAISE EXCEPTION 'audit row refused';
      END IF;
      RETURN NEW;
    END $$`);
  await db().$executeRawUnsafe(
    when === "at the insert"
      ? `CREATE TRIGGER test_refuse_list_audit BEFORE INSERT ON "AuditEvent"
         FOR EACH ROW EXECUTE FUNCTION test_refuse_list_audit()`
      : `CREATE CONSTRAINT TRIGGER test_refuse_list_audit AFTER INSERT ON "AuditEvent"
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_list_audit()`,
  );
  const list = () => listGET(request("/api/v1/customers?limit=10", partner.token));
  try {
    const res = await list();
    return {
      res,
      body: await res.text(),
      id: id!,
      listRows: () =>
        db().auditEvent.count({ where: { actorId: partner.partner.id, action: "customer.list" } }),
      again: list,
    };
  } finally {
    await db().$executeRawUnsafe(`DROP TRIGGER test_refuse_list_audit ON "AuditEvent"`);
    await db().$executeRawUnsafe(`DROP FUNCTION test_refuse_list_audit()`);
  }
}

describe("creating customers through the API", () => {
  it("validates like the portal, refuses CVVs and bad bodies with nothing written, and shares the new record with its creator only", async () => {
    const writer = await partnerWithToken({
      profile: "kyc",
      scopes: ["customers:read", "customers:write"],
    });
    const reader = await partnerWithToken();
    const count = () => db().customer.count();
    const before = await count();
    const refusals: [unknown, string | undefined, number][] = [
      [{ ...customerLike(), cvv: "123" }, undefined, 422],
      [{ ...customerLike(), isAdmin: true }, undefined, 422],
      [{ ...customerLike(), email: "not-an-email" }, undefined, 422],
      ["{not json", undefined, 422],
      [customerLike(), "text/plain", 415],
      [{ ...customerLike(), fullName: "x".repeat(70_000) }, undefined, 413],
    ];
    for (const [body, type, status] of refusals) {
      const res = await postJson(writer.token, body, type);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.text()).not.toMatch(/at .*\.ts|prisma|stack/i);
    }
    const cvv = await postJson(writer.token, { ...customerLike(), cvv: "123" });
    expect(JSON.stringify(await cvv.json())).toMatch(/CVV/);
    expect(await count()).toBe(before);
    // A read-only token may not write.
    expect((await postJson(reader.token, customerLike())).status).toBe(403);

    const sqlish = customerLike({ fullName: 'Robert\'); DROP TABLE "Customer";--' });
    const created = await postJson(writer.token, sqlish);
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect(await count()).toBe(before + 1);
    const mine = await readOne(id, writer.token);
    expect(mine.status).toBe(200);
    expect((await mine.json()).fields.fullName).toBe(sqlish.fullName);
    expect((await readOne(id, reader.token)).status).toBe(404);
  });
});

describe("partner limits, networks and origins", () => {
  it("the 21st request in an hour on a 20/hour partner is 429 with Retry-After and RateLimit headers", async () => {
    const p = await partnerWithToken({ perMinute: 1000, perHour: 20 });
    let last: Response | null = null;
    for (let i = 0; i < 20; i++) {
      last = await listGET(request("/api/v1/customers", p.token));
      expect(last.status).toBe(200);
    }
    expect(last!.headers.get("ratelimit-limit")).toBe("20");
    expect(last!.headers.get("ratelimit-remaining")).toBe("0");
    const refused = await listGET(request("/api/v1/customers", p.token));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(3600);
  });

  it("refuses addresses outside the partner's allow-list (audited)", async () => {
    // The token endpoint honours the allow-list too (review 2 #11): it is asked from inside.
    const p = await partnerWithToken({ ipAllowList: ["203.0.113.0/24"] }, "203.0.113.5");
    const from = (ip: string) => listGET(request("/api/v1/customers", p.token, { peer: ip }));
    expect((await from("203.0.113.77")).status).toBe(200);
    expect((await from("198.51.100.7")).status).toBe(403);
    expect(
      await db().auditEvent.count({
        where: { actorId: p.partner.id, action: "partner.network_refused" },
      }),
    ).toBe(1);
  });

  it("CORS: only the partner's own origins, no wildcard, no credentials; preflight by origin", async () => {
    const origin = `https://app-${randomUUID().slice(0, 8)}.partner.example`;
    const p = await partnerWithToken({ corsOrigins: [origin] });
    const ok = await listGET(request("/api/v1/customers", p.token, { headers: { origin } }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(origin);
    expect(ok.headers.get("access-control-allow-credentials")).toBeNull();
    expect(ok.headers.get("vary")).toContain("Origin");
    const evil = await listGET(
      request("/api/v1/customers", p.token, { headers: { origin: "https://evil.example" } }),
    );
    expect(evil.status).toBe(403);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();

    const pre = (o: string) =>
      listOPTIONS(
        servedRequest(`${BASE}/api/v1/customers`, {
          method: "OPTIONS",
          headers: { origin: o, "access-control-request-method": "GET" },
        }),
      );
    const allowed = await pre(origin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(origin);
    expect(allowed.headers.get("access-control-allow-methods")).toContain("GET");
    const refused = await pre("https://evil.example");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  });
});
