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
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string }>;
};
type Doc = {
  info: { title: string; description: string; version: string };
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
              <td className="py-1 text-xs text-slate-600">{p.description ?? ""}</td>
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
          aria-labelledby="auth"
          className="mt-8 rounded-lg border border-slate-200 bg-white p-5"
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
