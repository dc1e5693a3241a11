// The OpenAPI document is valid OpenAPI 3.1, and every documented operation, called for real,
// answers with a status it documents and a body that matches the documented schema.
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as jwksGET } from "@/app/.well-known/jwks.json/route";
import { GET as oneGET } from "@/app/api/v1/customers/[id]/route";
import { GET as listGET, POST as createPOST } from "@/app/api/v1/customers/route";
import { POST as revokePOST } from "@/app/api/v1/oauth/revoke/route";
import { POST as tokenPOST } from "@/app/api/v1/oauth/token/route";
import { GET as openapiGET } from "@/app/api/v1/openapi.json/route";
import { insertCustomers } from "@/lib/server/customers";
import { createPartner, changePartnerSharing } from "@/lib/server/partners";
import { customerLike } from "../support/customers";
import { makeUser } from "../support/principals";
import { servedRequest } from "../support/served-request";

type Doc = {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, Responses> }>
  >;
};
type Responses = { content?: Record<string, { schema: unknown }> };

const BASE = "http://localhost";
const form = (path: string, fields: Record<string, string>) =>
  servedRequest(`${BASE}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });

describe("the OpenAPI document", () => {
  let doc: Doc;
  let ajv: Ajv2020;
  let client: { clientId: string; clientSecret: string };
  let token: string;
  let refreshToken: string;
  let customerId: string;

  beforeAll(async () => {
    const res = await openapiGET(servedRequest(`${BASE}/api/v1/openapi.json`));
    expect(res.status).toBe(200);
    doc = await res.json();
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(doc as object, "openapi");

    const { principal: admin } = await makeUser("ADMIN");
    const p = await createPartner(admin, {
      name: "Contract",
      profile: "kyc",
      scopes: ["customers:read", "customers:write"],
    });
    client = p;
    [customerId = ""] = await insertCustomers(admin, [customerLike()]);
    await changePartnerSharing(admin, {
      partnerId: p.partner.id,
      change: "share",
      customers: { kind: "chosen", ids: [customerId] },
    });
    const pair = await (
      await tokenPOST(
        form("/api/v1/oauth/token", {
          grant_type: "client_credentials",
          client_id: p.clientId,
          client_secret: p.clientSecret,
        }),
      )
    ).json();
    token = pair.access_token;
    refreshToken = pair.refresh_token;
  });

  it("is valid OpenAPI 3.1 with a security scheme and every error documented", async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const list = doc.paths["/api/v1/customers"]!.get!;
    expect(Object.keys(list.responses).sort()).toEqual(
      ["200", "401", "403", "405", "422", "429", "500", "503"].sort(),
    );
  });

  it("documents the create body with its fields, and an example the API accepts", async () => {
    type Op = {
      requestBody: { content: Record<string, { schema: JsonSchema; example: unknown }> };
      parameters: { name: string; schema: JsonSchema }[];
    };
    type JsonSchema = { properties?: Record<string, unknown>; required?: string[] } & Record<
      string,
      unknown
    >;
    const paths = doc.paths as unknown as Record<string, Record<string, Op>>;
    const create = paths["/api/v1/customers"]!.post!.requestBody.content["application/json"]!;
    expect(Object.keys(create.schema.properties ?? {}).sort()).toEqual(
      Object.keys(customerLike()).sort(),
    );
    expect(create.schema.additionalProperties).toBe(false);
    expect(create.schema.required?.length).toBeGreaterThan(0);
    const validate = ajv.compile(create.schema);
    expect(validate(create.example), ajv.errorsText(validate.errors)).toBe(true);
    const res = await createPOST(
      servedRequest(`${BASE}/api/v1/customers`, {
        method: "POST",
        body: JSON.stringify(create.example),
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      }),
    );
    expect(res.status).toBe(201);

    // The list's paging bounds and defaults, as the API applies them.
    const params = paths["/api/v1/customers"]!.get!.parameters;
    const limit = params.find((p) => p.name === "limit")!.schema;
    expect(limit).toMatchObject({ minimum: 1, default: 25 });
    expect(limit.maximum).toBeGreaterThan(25);
    expect(params.find((p) => p.name === "cursor")).toBeDefined();
  });

  /** Checks a live answer against what the document says for that operation and status. */
  async function conforms(path: string, method: string, res: Response) {
    const op = doc.paths[path]![method]!;
    const documented = op.responses[String(res.status)];
    expect(documented, `${op.operationId} answered an undocumented ${res.status}`).toBeDefined();
    const type = (res.headers.get("content-type") ?? "").split(";")[0]!;
    if (!documented!.content) return;
    expect(Object.keys(documented!.content), `${op.operationId} ${res.status}`).toContain(type);
    const pointer = [
      "paths",
      path,
      method,
      "responses",
      String(res.status),
      "content",
      type,
      "schema",
    ]
      .map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1"))
      .join("/");
    const validate = ajv.compile({ $ref: `openapi#/${pointer}` });
    const body = await res.json();
    expect(
      validate(body),
      `${op.operationId} ${res.status}: ${ajv.errorsText(validate.errors)}`,
    ).toBe(true);
  }

  it("every documented operation answers as documented (successes and refusals)", async () => {
    const bearer = { authorization: `Bearer ${token}` };
    const calls: Record<string, [string, string, () => Promise<Response>][]> = {
      issueToken: [
        [
          "/api/v1/oauth/token",
          "post",
          () =>
            tokenPOST(
              form("/api/v1/oauth/token", {
                grant_type: "refresh_token",
                refresh_token: refreshToken,
                client_id: client.clientId,
                client_secret: client.clientSecret,
              }),
            ),
        ],
        [
          "/api/v1/oauth/token",
          "post",
          () =>
            tokenPOST(
              form("/api/v1/oauth/token", {
                grant_type: "client_credentials",
                client_id: client.clientId,
                client_secret: "wrong",
              }),
            ),
        ],
        [
          "/api/v1/oauth/token",
          "post",
          () => tokenPOST(form("/api/v1/oauth/token", { grant_type: "password" })),
        ],
      ],
      revokeToken: [
        [
          "/api/v1/oauth/revoke",
          "post",
          () =>
            revokePOST(
              form("/api/v1/oauth/revoke", {
                token: "vrt_nothing",
                client_id: client.clientId,
                client_secret: client.clientSecret,
              }),
            ),
        ],
        [
          "/api/v1/oauth/revoke",
          "post",
          () => revokePOST(form("/api/v1/oauth/revoke", { token: "x" })),
        ],
      ],
      signingKeys: [
        [
          "/.well-known/jwks.json",
          "get",
          () => jwksGET(servedRequest(`${BASE}/.well-known/jwks.json`)),
        ],
      ],
      openApi: [
        [
          "/api/v1/openapi.json",
          "get",
          () => openapiGET(servedRequest(`${BASE}/api/v1/openapi.json`)),
        ],
      ],
      listCustomers: [
        [
          "/api/v1/customers",
          "get",
          () => listGET(servedRequest(`${BASE}/api/v1/customers?limit=5`, { headers: bearer })),
        ],
        [
          "/api/v1/customers",
          "get",
          () => listGET(servedRequest(`${BASE}/api/v1/customers?limit=oops`, { headers: bearer })),
        ],
        ["/api/v1/customers", "get", () => listGET(servedRequest(`${BASE}/api/v1/customers`))],
      ],
      createCustomer: [
        [
          "/api/v1/customers",
          "post",
          () =>
            createPOST(
              servedRequest(`${BASE}/api/v1/customers`, {
                method: "POST",
                body: JSON.stringify(customerLike()),
                headers: { ...bearer, "content-type": "application/json" },
              }),
            ),
        ],
        [
          "/api/v1/customers",
          "post",
          () =>
            createPOST(
              servedRequest(`${BASE}/api/v1/customers`, {
                method: "POST",
                body: JSON.stringify({ ...customerLike(), cvv: "123" }),
                headers: { ...bearer, "content-type": "application/json" },
              }),
            ),
        ],
      ],
      readCustomer: [
        [
          "/api/v1/customers/{id}",
          "get",
          () =>
            oneGET(servedRequest(`${BASE}/api/v1/customers/${customerId}`, { headers: bearer }), {
              params: Promise.resolve({ id: customerId }),
            }),
        ],
        [
          "/api/v1/customers/{id}",
          "get",
          () =>
            oneGET(servedRequest(`${BASE}/api/v1/customers/nope`, { headers: bearer }), {
              params: Promise.resolve({ id: "nope" }),
            }),
        ],
      ],
    };
    const documented = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).map((o) => o.operationId),
    );
    // Every documented operation is exercised here, and nothing undocumented is.
    expect(documented.sort()).toEqual(Object.keys(calls).sort());
    const statuses = new Set<string>();
    for (const [opId, list] of Object.entries(calls))
      for (const [path, method, call] of list) {
        const res = await call();
        statuses.add(`${opId}:${res.status}`);
        await conforms(path, method, res);
      }
    for (const expected of [
      "issueToken:200",
      "issueToken:401",
      "issueToken:400",
      "revokeToken:200",
      "listCustomers:200",
      "listCustomers:422",
      "listCustomers:401",
      "createCustomer:201",
      "createCustomer:422",
      "readCustomer:200",
      "readCustomer:404",
    ])
      expect(statuses).toContain(expected);
  });
});
