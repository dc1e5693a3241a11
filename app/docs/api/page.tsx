import { ScrollRegion } from "@/components/ui/scroll-region";
import type { Metadata } from "next";
import { PublicHeader } from "@/components/public-header";
import { openApiDocument } from "@/lib/server/http/openapi";

export const metadata: Metadata = { title: "Partner API" };

// The partner API reference, rendered on the server from the OpenAPI document: no client script,
// no CDN, nothing for the strict CSP to refuse.

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  enum?: unknown[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  items?: Schema;
  format?: string;
};
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    schema?: Schema;
    description?: string;
  }[];
  requestBody?: { content: Record<string, { schema: Schema; example?: unknown }> };
  responses: Record<
    string,
    {
      description: string;
      headers?: Record<string, unknown>;
      content?: Record<string, { schema: Schema; example?: unknown }>;
    }
  >;
};
type Doc = {
  info: { title: string; description: string; version: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
};

const METHOD_TONE: Record<string, string> = {
  get: "bg-emerald-100 text-emerald-900",
  post: "bg-brand-100 text-brand-900",
};

function typeOf(s: Schema | undefined): string {
  if (!s) return "";
  if (s.enum) return s.enum.map(String).join(" | ");
  if (s.type === "array") return `${typeOf(s.items)}[]`;
  return [Array.isArray(s.type) ? s.type.join(" | ") : s.type, s.format].filter(Boolean).join(", ");
}

/** A field's description and its bounds, as people read them ("1–100, default 25"). */
function notes(p: Schema): string {
  const bounds = [
    p.minimum !== undefined || p.maximum !== undefined
      ? `${p.minimum ?? "…"}–${p.maximum ?? "…"}`
      : null,
    p.maxLength !== undefined ? `at most ${p.maxLength} characters` : null,
    p.default !== undefined ? `default ${JSON.stringify(p.default)}` : null,
  ].filter(Boolean);
  return [p.description, bounds.join(", ")].filter(Boolean).join(" · ");
}

function Code({ label, children }: { label: string; children: string }) {
  return (
    <ScrollRegion label={label}>
      <pre className="mt-2 rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
        <code>{children}</code>
      </pre>
    </ScrollRegion>
  );
}

/** The call as a shell command, with the base URL, the token where one is needed and the body. */
function curl(base: string, path: string, method: string, op: Operation): string {
  const lines = [
    `curl -X ${method.toUpperCase()} '${base}${path.replace("{id}", "$CUSTOMER_ID")}'`,
  ];
  if (op.security?.length) lines.push(`  -H "Authorization: Bearer $ACCESS_TOKEN"`);
  const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : null;
  if (body?.[0] === "application/json") {
    lines.push(`  -H 'Content-Type: application/json'`);
    lines.push(`  -d '${JSON.stringify(body[1].example ?? {}, null, 2)}'`);
  } else if (body) {
    lines.push(`  -u "$CLIENT_ID:$CLIENT_SECRET"`);
    for (const name of Object.keys(body[1].schema.properties ?? {}))
      if (body[1].schema.required?.includes(name))
        lines.push(
          `  --data-urlencode '${name}=${name === "grant_type" ? "client_credentials" : `$${name.toUpperCase()}`}'`,
        );
  }
  return lines.join(" \\\n");
}

function Fields({ schema }: { schema: Schema }) {
  const props = Object.entries(schema.properties ?? {});
  if (!props.length) return null;
  return (
    <ScrollRegion label="Fields">
      <table className="mt-2 w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">
              Field
            </th>
            <th scope="col" className="py-1 pr-4 font-medium">
              Type
            </th>
            <th scope="col" className="py-1 font-medium">
              Notes
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {props.map(([name, p]) => (
            <tr key={name}>
              <td className="py-1 pr-4 font-mono text-xs">
                {name}
                {schema.required?.includes(name) ? <span className="text-red-700"> *</span> : null}
              </td>
              <td className="py-1 pr-4 text-xs text-slate-600">{typeOf(p)}</td>
              <td className="py-1 text-xs text-slate-600">{notes(p)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export default function ApiDocsPage() {
  const doc = openApiDocument() as Doc;
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );
  const server = doc.servers?.[0]?.url ?? "/";
  const base = server.startsWith("http") ? server.replace(/\/$/, "") : "https://veil.example.com";
  return (
    <div className="min-h-screen bg-slate-50">
      <PublicHeader>
        <a className="text-sm text-brand-700 underline" href="/api/v1/openapi.json">
          OpenAPI 3.1 (JSON)
        </a>
      </PublicHeader>
      <main id="main" className="mx-auto max-w-5xl px-4 py-10 sm:px-6">
        <h1 className="text-3xl font-semibold tracking-tight text-brand-900">{doc.info.title}</h1>
        <p className="mt-2 max-w-3xl text-slate-600">{doc.info.description}</p>
        <section
          aria-labelledby="sharing"
          className="mt-8 rounded-lg border border-amber-200 bg-amber-50 p-5"
        >
          <h2 id="sharing" className="text-lg font-semibold text-slate-900">
            Before you start: records are shared with you
          </h2>
          <p className="mt-2 text-sm text-slate-700">
            A partner sees only the customers an administrator has shared with it (in Veil, under
            Partners). Until then the list is empty and every record answers 404 — exactly as if it
            did not exist. Fields are masked by your redaction profile; hidden fields are absent.
          </p>
        </section>
        <section
          aria-labelledby="quick-start"
          className="mt-6 rounded-lg border border-slate-200 bg-white p-5"
        >
          <h2 id="quick-start" className="text-lg font-semibold text-slate-900">
            Quick start
          </h2>
          <ol className="mt-2 list-decimal space-y-3 pl-5 text-sm text-slate-700">
            <li>
              Get a token with your client id and secret (shown once when the partner was created):
              <Code label="Get a token">{`curl -X POST '${base}/api/v1/oauth/token' \\
  -u "$CLIENT_ID:$CLIENT_SECRET" \\
  --data-urlencode 'grant_type=client_credentials'
# {"access_token":"eyJ…","token_type":"Bearer","expires_in":600,"refresh_token":"…"}`}</Code>
            </li>
            <li>
              List customers, 25 at a time (at most 100):
              <Code label="List customers">{`curl '${base}/api/v1/customers?limit=25' \\
  -H "Authorization: Bearer $ACCESS_TOKEN"
# {"data":[…],"nextCursor":"MjAyNi0xMS0wMlQwOToxNDowMC4wMDBafDBiOWU0…"}`}</Code>
            </li>
            <li>
              Page on with the cursor until <code>nextCursor</code> is null:
              <Code label="Next page">{`curl '${base}/api/v1/customers?limit=25&cursor=$NEXT_CURSOR' \\
  -H "Authorization: Bearer $ACCESS_TOKEN"`}</Code>
            </li>
            <li>
              Before the ten minutes are up, refresh (each refresh token works once; reusing one
              revokes its whole family):
              <Code label="Refresh">{`curl -X POST '${base}/api/v1/oauth/token' \\
  -u "$CLIENT_ID:$CLIENT_SECRET" \\
  --data-urlencode 'grant_type=refresh_token' \\
  --data-urlencode "refresh_token=$REFRESH_TOKEN"`}</Code>
            </li>
            <li>
              When done, revoke the refresh token (and with it everything issued from it):
              <Code label="Revoke">{`curl -X POST '${base}/api/v1/oauth/revoke' \\
  -u "$CLIENT_ID:$CLIENT_SECRET" \\
  --data-urlencode "token=$REFRESH_TOKEN"`}</Code>
            </li>
          </ol>
        </section>
        <section
          aria-labelledby="errors"
          className="mt-6 rounded-lg border border-slate-200 bg-white p-5"
        >
          <h2 id="errors" className="text-lg font-semibold text-slate-900">
            Errors and limits
          </h2>
          <p className="mt-2 text-sm text-slate-700">
            Errors are <code>application/problem+json</code> (RFC 9457), never a stack trace:
          </p>
          <Code label="A problem">{`{
  "type": "about:blank",
  "title": "VALIDATION",
  "status": 422,
  "detail": "Some of the input is not valid.",
  "code": "VALIDATION",
  "errors": [{ "path": "limit", "message": "Too big: expected number to be <=100" }]
}`}</Code>
          <p className="mt-2 text-sm text-slate-700">
            <code>code</code> is stable for programs; <code>detail</code> is for people and may
            change.
          </p>
          <ul className="mt-3 space-y-1 text-sm text-slate-700">
            <li>
              <code>401</code> no, a bad, an expired or a revoked token · <code>403</code> the token
              lacks the scope, or your address or origin is not allowed · <code>404</code> no such
              record, or not shared with you · <code>422</code> invalid input, every field listed in{" "}
              <code>errors</code> · <code>429</code> over a limit · <code>503</code> briefly
              unavailable, nothing was done: retry after <code>Retry-After</code> seconds. A{" "}
              <code>500</code> carries an <code>errorId</code> to quote to the operator.
            </li>
            <li>
              Every answer to a token holder carries <code>RateLimit-Limit</code>,{" "}
              <code>RateLimit-Remaining</code>, <code>RateLimit-Reset</code> (seconds) and{" "}
              <code>RateLimit-Policy</code> (e.g. <code>60;w=60, 10000;w=86400</code>); a{" "}
              <code>429</code> adds <code>Retry-After</code>.
            </li>
          </ul>
        </section>
        <section
          aria-labelledby="auth"
          className="mt-6 rounded-lg border border-slate-200 bg-white p-5"
        >
          <h2 id="auth" className="text-lg font-semibold text-slate-900">
            Authentication
          </h2>
          <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm text-slate-700">
            <li>
              <code>POST /api/v1/oauth/token</code> with <code>grant_type=client_credentials</code>{" "}
              and your client id and secret (HTTP Basic or form fields).
            </li>
            <li>
              Send the ten-minute access token as <code>Authorization: Bearer …</code> — never in a
              URL.
            </li>
            <li>
              Before it expires, exchange the refresh token (<code>grant_type=refresh_token</code>).
              Each refresh token works once; presenting a used one revokes the whole family.
            </li>
          </ol>
        </section>
        <nav aria-label="Operations" className="mt-8">
          <ul className="flex flex-wrap gap-2 text-sm">
            {operations.map(({ op }) => (
              <li key={op.operationId}>
                <a
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50"
                  href={`#${op.operationId}`}
                >
                  {op.operationId}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="mt-6 space-y-6">
          {operations.map(({ path, method, op }) => {
            const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : null;
            const [successStatus, successResponse] =
              Object.entries(op.responses).find(([status]) => status.startsWith("2")) ?? [];
            const success = successResponse?.content
              ? { content: Object.values(successResponse.content)[0]! }
              : null;
            return (
              <section
                key={op.operationId}
                id={op.operationId}
                aria-labelledby={`${op.operationId}-title`}
                className="rounded-lg border border-slate-200 bg-white p-5"
              >
                <h2
                  id={`${op.operationId}-title`}
                  className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900"
                >
                  <span
                    className={`rounded px-2 py-0.5 font-mono text-xs uppercase ${METHOD_TONE[method] ?? "bg-slate-100"}`}
                  >
                    {method.toUpperCase()}
                  </span>
                  <code className="break-all">{path}</code>
                </h2>
                <p className="mt-1 text-sm text-slate-800">{op.summary}</p>
                {op.description ? (
                  <p className="mt-1 text-sm text-slate-600">{op.description}</p>
                ) : null}
                <p className="mt-2 text-xs text-slate-500">
                  {op.security?.length ? "Requires a bearer access token." : "No access token."}
                </p>
                {op.parameters?.length ? (
                  <>
                    <h3 className="mt-3 text-sm font-medium text-slate-900">Parameters</h3>
                    <Fields
                      schema={{
                        properties: Object.fromEntries(
                          op.parameters.map((p) => [
                            `${p.name} (${p.in})`,
                            { ...p.schema, description: p.description ?? p.schema?.description },
                          ]),
                        ),
                        required: op.parameters
                          .filter((p) => p.required)
                          .map((p) => `${p.name} (${p.in})`),
                      }}
                    />
                  </>
                ) : null}
                {body ? (
                  <>
                    <h3 className="mt-3 text-sm font-medium text-slate-900">
                      Body <span className="font-normal text-slate-500">({body[0]})</span>
                    </h3>
                    <Fields schema={body[1].schema} />
                  </>
                ) : null}
                <h3 className="mt-3 text-sm font-medium text-slate-900">Example request</h3>
                <Code label={`Example request: ${op.operationId}`}>
                  {curl(base, path, method, op)}
                </Code>
                {success?.content ? (
                  <>
                    <h3 className="mt-3 text-sm font-medium text-slate-900">
                      Response <span className="font-normal text-slate-500">({successStatus})</span>
                    </h3>
                    <Fields schema={success.content.schema} />
                    {success.content.example ? (
                      <Code label={`Example response: ${op.operationId}`}>
                        {JSON.stringify(success.content.example, null, 2)}
                      </Code>
                    ) : null}
                  </>
                ) : null}
                <h3 className="mt-3 text-sm font-medium text-slate-900">Responses</h3>
                <ul className="mt-1 space-y-0.5 text-sm">
                  {Object.entries(op.responses).map(([status, r]) => (
                    <li key={status}>
                      <span
                        className={`font-mono text-xs ${status.startsWith("2") ? "text-emerald-800" : "text-slate-600"}`}
                      >
                        {status}
                      </span>{" "}
                      <span className="text-slate-700">{r.description}</span>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      </main>
    </div>
  );
}
