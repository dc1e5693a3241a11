// The only reader of process.env. Validated once with zod; production with a real database refuses
// to start on missing or weak secrets, the local quick start generates them once under the data dir.
import { z } from "zod";
import { ROLES, type RoleName } from "@/lib/policy/capabilities";

const bool = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

export const SECRET_NAMES = [
  "VEIL_AUTH_SECRET",
  "VEIL_SESSION_SECRET",
  "VEIL_MASTER_KEYS",
  "VEIL_BLIND_INDEX_KEY",
] as const;

// Every setting Veil reads, each with its description: `.env.example` is generated from this
// (`npm run env:example`; a unit test fails when the two differ). `production` is the value the
// example file proposes for a deployment (uncommented there); `internal` settings are set by the
// launcher or tests, never by operators, and stay out of the file.
type SettingMeta = { production?: string; internal?: true; group: string };
const setting = <T extends z.ZodType>(s: T, description: string, meta: SettingMeta) =>
  s.meta({ description, ...meta });

const schema = z.object({
  NODE_ENV: setting(
    z.enum(["development", "production", "test"]).default("development"),
    "Set by `npm start` (production) and the test runner.",
    { group: "Server", internal: true },
  ),
  PORT: setting(
    z.coerce.number().int().min(1).max(65535).default(3000),
    "Port the server listens on.",
    { group: "Server" },
  ),
  VEIL_LISTEN_HOST: setting(
    z.string().default("127.0.0.1"),
    "Interface `npm start` binds: loopback by default, 0.0.0.0 in a container.",
    { group: "Server" },
  ),
  LOG_LEVEL: setting(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    "Log level of the JSON log on stdout.",
    { group: "Server" },
  ),
  VEIL_PUBLIC_URL: setting(
    optionalString,
    "The address staff and partners use (sign-in callbacks, token issuer, links in emails).",
    { group: "Server", production: "https://veil.example.com" },
  ),
  VEIL_ALLOWED_HOSTS: setting(
    z.string().default("localhost,127.0.0.1"),
    "Host names Veil answers to, comma-separated (`name` on any port, `name:port` exactly); any other Host header gets 400.",
    { group: "Server", production: "veil.example.com" },
  ),
  VEIL_TRUST_PROXY: setting(
    bool,
    "1 behind a TLS-terminating proxy: honour X-Forwarded-For and X-Forwarded-Proto, redirect http to https (308).",
    { group: "Server", production: "1" },
  ),
  VEIL_TRUSTED_PROXY_HOPS: setting(
    z.coerce.number().int().min(1).max(10).default(1),
    "With VEIL_TRUST_PROXY: how many proxies append to X-Forwarded-For (the client is that many entries from the right).",
    { group: "Server", production: "1" },
  ),
  VEIL_DATA_DIR: setting(
    z.string().default(".data"),
    "Where the embedded database and the quick start's generated secrets live.",
    { group: "Server" },
  ),
  DATABASE_URL: setting(
    optionalString,
    "PostgreSQL for the app (the restricted role); unset, Veil uses the embedded database in VEIL_DATA_DIR.",
    { group: "Database", production: "postgresql://veil_app:CHANGE_ME@127.0.0.1:5432/veil" },
  ),
  DATABASE_MIGRATE_URL: setting(
    optionalString,
    "PostgreSQL as the schema owner, for migrations only (never given to the serving process); unset: DATABASE_URL.",
    { group: "Database", production: "postgresql://veil_owner:CHANGE_ME@127.0.0.1:5432/veil" },
  ),
  DATABASE_POOL_SIZE: setting(
    z.coerce.number().int().min(1).max(100).default(10),
    "Connections each app process keeps to PostgreSQL.",
    { group: "Database" },
  ),
  DATABASE_STATEMENT_TIMEOUT_MS: setting(
    z.coerce.number().int().min(0).default(15000),
    "A statement running longer is cancelled (0: no limit).",
    { group: "Database" },
  ),
  DATABASE_SSL_CA_FILE: setting(
    optionalString,
    "CA bundle that PostgreSQL's TLS certificate must chain to (verified; unset: no TLS).",
    { group: "Database" },
  ),
  VEIL_APP_DB_PASSWORD: setting(
    optionalString,
    "Password `veil db:roles` gives the restricted application role (else generated).",
    { group: "Database", production: "" },
  ),
  VEIL_EMBEDDED_DATABASE_URL: setting(
    optionalString,
    "Set by the launcher when it serves the embedded database.",
    { group: "Database", internal: true },
  ),
  REDIS_URL: setting(
    optionalString,
    "Redis shared by every instance (limits, lockouts, revocations; rediss:// for TLS). Unset: one process keeps them in memory.",
    { group: "Database", production: "redis://127.0.0.1:6379" },
  ),
  VEIL_AUTH_SECRET: setting(
    optionalString,
    "Signs staff sign-in tokens (next-auth). Required in production: 32+ random bytes.",
    { group: "Secrets", production: "" },
  ),
  VEIL_SESSION_SECRET: setting(
    optionalString,
    "Root of per-purpose keys (HKDF): second-factor secret sealing, the step-up cookie (iron-session), captcha. Required in production: 32+ random bytes.",
    { group: "Secrets", production: "" },
  ),
  VEIL_SESSION_SECRET_PREVIOUS: setting(
    optionalString,
    "The previous session secret while rotating: still accepted, never used to seal.",
    { group: "Secrets" },
  ),
  VEIL_MASTER_KEYS: setting(
    optionalString,
    "Master keys that wrap each customer's data key, `id:base64` comma-separated, the active one first (not needed with an HSM once `veil keys:rotate` has moved every data key).",
    { group: "Secrets", production: "k1:BASE64_OF_32_RANDOM_BYTES" },
  ),
  VEIL_BLIND_INDEX_KEY: setting(
    optionalString,
    "HMAC key of the exact-match search indexes and pseudonyms. Required in production: 32+ random bytes.",
    { group: "Secrets", production: "" },
  ),
  VEIL_OIDC_ISSUER: setting(
    optionalString,
    "OpenID Connect single sign-on: the identity provider's issuer URL (its discovery document is at /.well-known/openid-configuration). Unset: local passwords only.",
    { group: "Single sign-on (OpenID Connect)" },
  ),
  VEIL_OIDC_CLIENT_ID: setting(optionalString, "Veil's client id at the identity provider.", {
    group: "Single sign-on (OpenID Connect)",
  }),
  VEIL_OIDC_CLIENT_SECRET: setting(
    optionalString,
    "Veil's client secret at the identity provider (a secret: from the environment or a secret store).",
    { group: "Single sign-on (OpenID Connect)" },
  ),
  VEIL_OIDC_NAME: setting(
    z.string().trim().min(1).max(40).default("single sign-on"),
    'What the sign-in button names ("Sign in with <name>"), e.g. Okta, Microsoft, Google, Keycloak.',
    { group: "Single sign-on (OpenID Connect)" },
  ),
  VEIL_OIDC_SCOPES: setting(
    z.string().default("openid email profile groups"),
    "Scopes asked for, space-separated (openid is required; the groups claim may need its own scope).",
    { group: "Single sign-on (OpenID Connect)" },
  ),
  VEIL_OIDC_GROUPS_CLAIM: setting(
    z
      .string()
      .regex(/^[A-Za-z0-9_:./-]{1,100}$/)
      .default("groups"),
    "The ID token claim that lists the user's groups or roles (e.g. groups, roles).",
    { group: "Single sign-on (OpenID Connect)" },
  ),
  VEIL_OIDC_ROLE_MAP: setting(
    z.string().default(""),
    "Groups to Veil roles, e.g. veil-admins=ADMIN,veil-officers=OFFICER,veil-agents=AGENT,veil-analysts=ANALYST; the first listed group a user has decides. No mapped group: no access.",
    { group: "Single sign-on (OpenID Connect)" },
  ),
  VEIL_SSO_BREAK_GLASS_EMAIL: setting(
    optionalString,
    "The one admin account that may still sign in with a password when single sign-on is required for admins (for when the identity provider is down). Every use raises a high alert.",
    { group: "Single sign-on (OpenID Connect)" },
  ),
  VEIL_KEY_PROVIDER: setting(
    z.enum(["env", "pkcs11"]).default("env"),
    "Where master keys live: `env` (VEIL_MASTER_KEYS) or `pkcs11` (an HSM; env keys still unwrap).",
    { group: "Master keys in an HSM" },
  ),
  VEIL_PKCS11_MODULE: setting(
    optionalString,
    "The HSM vendor's PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so).",
    { group: "Master keys in an HSM" },
  ),
  VEIL_PKCS11_TOKEN_LABEL: setting(
    optionalString,
    "The label of the token that holds the master keys.",
    {
      group: "Master keys in an HSM",
    },
  ),
  VEIL_PKCS11_PIN: setting(optionalString, "The token's user PIN (better: VEIL_PKCS11_PIN_FILE).", {
    group: "Master keys in an HSM",
  }),
  VEIL_PKCS11_PIN_FILE: setting(optionalString, "A file holding the token's user PIN.", {
    group: "Master keys in an HSM",
  }),
  VEIL_PKCS11_KEY_LABELS: setting(
    optionalString,
    "Labels of the master keys in the token, comma-separated, the active (wrapping) one first.",
    { group: "Master keys in an HSM" },
  ),
  VEIL_DEK_CACHE_TTL_S: setting(
    z.coerce.number().int().min(1).max(3600).default(300),
    "Seconds an unwrapped data key may stay in process memory (also how long an erased customer's key may outlive the erasure in another instance).",
    { group: "Master keys in an HSM" },
  ),
  VEIL_DEK_CACHE_MAX: setting(
    z.coerce.number().int().min(0).max(1_000_000).default(10_000),
    "Unwrapped data keys kept in memory at most, and masked record views likewise (0: neither is kept).",
    { group: "Master keys in an HSM" },
  ),
  VEIL_LOGIN_LIMIT_PER_ADDRESS: setting(
    z.coerce.number().int().min(10).max(100_000).default(60),
    "Sign-in attempts one client address may make per 15 minutes (any outcome); raise it when many staff share one address (an office NAT): the per-account limit still holds.",
    { group: "Limits" },
  ),
  VEIL_LOGIN_LIMIT_PER_ACCOUNT: setting(
    z.coerce.number().int().min(10).max(10_000).default(30),
    "Sign-in attempts one account may receive per 15 minutes (any outcome).",
    { group: "Limits" },
  ),
  VEIL_ANONYMOUS_REFUSALS_PER_ADDRESS: setting(
    z.coerce.number().int().min(5).max(100_000).default(30),
    "Refusals before authentication (bad bearer tokens, bad client credentials, dead set-password links) one address may cause per 15 minutes before it gets 429 first.",
    { group: "Limits" },
  ),
  VEIL_EXACT_SEARCH_BUDGET_PER_HOUR: setting(
    z.coerce.number().int().min(1).max(10_000).default(30),
    "Exact searches (email, card, IBAN, national ID) one user may run per rolling hour; past it: refused and alerted.",
    { group: "Limits" },
  ),
  VEIL_MIRROR_MAX_BYTES: setting(
    z.coerce.number().int().min(1024).default(200_000_000),
    "Data Mirror: the largest upload, in bytes.",
    { group: "Limits" },
  ),
  VEIL_MIRROR_MAX_ROWS: setting(
    z.coerce.number().int().min(1).default(2_000_000),
    "Data Mirror: the most rows one file may have.",
    { group: "Limits" },
  ),
  VEIL_FOUR_EYES_COOLING_DAYS: setting(
    z.coerce.number().int().min(1).max(365).default(7),
    "Days after an admin creates an account or resets its password or second factor during which that account decides no four-eyes request and that admin decides none of its requests.",
    { group: "Policy" },
  ),
  VEIL_PASSWORD_CONTEXT_WORDS: setting(
    z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((w) => w.trim().toLowerCase())
          .filter((w) => w.length >= 3),
      ),
    "The organisation's own words (its name, products, city), comma-separated: passwords built on them are refused.",
    { group: "Policy" },
  ),
  VEIL_RETENTION_CUSTOMER_YEARS: setting(
    z.coerce.number().int().min(1).max(100).default(6),
    "Retention: customers unchanged this long are erased.",
    { group: "Policy" },
  ),
  VEIL_RETENTION_AUDIT_YEARS: setting(
    z.coerce.number().int().min(1).max(100).default(7),
    "Retention: audit events older than this move to the archive table.",
    { group: "Policy" },
  ),
  VEIL_RETENTION_SIGN_IN_DAYS: setting(
    z.coerce.number().int().min(30).max(36500).default(365),
    "Retention: staff sign-in history older than this is deleted.",
    { group: "Policy" },
  ),
  VEIL_RETENTION_SCHEDULE: setting(
    z
      .string()
      .default("30 3 * * *")
      .refine((v) => v === "off" || /^(\S+\s+){4}\S+$/.test(v.trim()), "a 5-field cron or off"),
    "When the retention policy runs by itself (cron, UTC; `off`: only `veil retention:run`).",
    { group: "Policy" },
  ),
  VEIL_JOBS: setting(
    z.enum(["inline", "external"]).default("inline"),
    "Who runs background jobs (sealing, checkpoints, alert webhooks, retention): `inline` this server process too, `external` only `veil worker` processes.",
    { group: "Server", production: "external" },
  ),
  VEIL_JOB_LEASE_S: setting(
    z.coerce.number().int().min(5).max(3600).default(60),
    "Seconds a job (or a claimed webhook delivery) stays with a worker that stopped answering before another takes it over.",
    { group: "Server" },
  ),
  VEIL_AUDIT_ANCHOR_KEY: setting(
    optionalString,
    "Ed25519 seed (32 bytes, base64) that signs audit checkpoints; never stored in the database.",
    { group: "Audit and alerts" },
  ),
  VEIL_AUDIT_ANCHOR_FILE: setting(
    optionalString,
    "File that signed audit checkpoints are appended to (besides the log stream).",
    { group: "Audit and alerts" },
  ),
  VEIL_AUDIT_ANCHOR_MINUTES: setting(
    z.coerce.number().int().min(0).max(10_080).default(60),
    "Minutes between automatic checkpoints (0: off).",
    { group: "Audit and alerts" },
  ),
  VEIL_ALERT_WEBHOOK_URL: setting(
    optionalString,
    "HTTPS endpoint alerts are POSTed to (public addresses only; signed with VEIL_ALERT_WEBHOOK_SECRET).",
    { group: "Audit and alerts" },
  ),
  VEIL_ALERT_WEBHOOK_SECRET: setting(
    optionalString,
    "Signs each alert webhook (32+ random bytes; required with the URL in production).",
    { group: "Audit and alerts" },
  ),
  VEIL_ALERT_WEBHOOK_ALLOW_PRIVATE: setting(
    bool,
    "Allow a webhook on a private or loopback address (an internal receiver).",
    { group: "Audit and alerts" },
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: setting(
    optionalString,
    "OpenTelemetry: traces are exported over OTLP when this is set (OTEL_* variables apply).",
    { group: "Observability" },
  ),
  OTEL_SERVICE_NAME: setting(z.string().default("veil"), "Service name on exported traces.", {
    group: "Observability",
  }),
  VEIL_METRICS_TOKEN: setting(
    optionalString,
    "Bearer token for GET /api/metrics (Prometheus), 32+ random bytes; unset, the endpoint is off.",
    { group: "Observability" },
  ),
  VEIL_DEMO_PASSWORD: setting(
    optionalString,
    "The demo accounts' password on the quick start (else generated into VEIL_DATA_DIR/secrets.env).",
    { group: "Quick start" },
  ),
  VEIL_DEMO_TOTP_SECRET: setting(
    optionalString,
    "A second-factor secret for the demo accounts whose role requires one (unset: they enrol at first sign-in).",
    { group: "Quick start" },
  ),
  VEIL_FAST_HASH_FOR_TESTS: setting(
    bool,
    "Lowers bcrypt cost and similar work factors for tests; refused in production.",
    { group: "Tests", internal: true },
  ),
});

/** Each setting's description and metadata, for the generated `.env.example`. */
export function settingsDocumentation() {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as unknown as {
    properties: Record<string, { description: string; default?: unknown } & SettingMeta>;
  };
  return Object.entries(json.properties).map(([name, p]) => ({ name, ...p }));
}

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {}

const WEAK = /^(changeme|change-me|secret|password|test|default|example|x+|0+)$/i;

/** ≥ 32 bytes of key material, base64 or hex or plain, and not an obvious placeholder. */
export function isStrongSecret(value: string | undefined): boolean {
  if (!value || WEAK.test(value)) return false;
  const bytes =
    /^[0-9a-f]+$/i.test(value) && value.length % 2 === 0
      ? value.length / 2
      : /^[A-Za-z0-9+/_-]+={0,2}$/.test(value)
        ? Math.floor((value.replace(/=+$/, "").length * 3) / 4)
        : value.length;
  return bytes >= 32 && new Set(value).size >= 10;
}

/** `k2:base64,k1:base64` — every key 32 bytes. Returns the problem, or null when valid. */
export function masterKeysProblem(value: string | undefined): string | null {
  if (!value) return "is missing";
  const parts = value.split(",").map((p) => p.trim());
  for (const part of parts) {
    const [id, key] = part.split(":");
    if (!id || !key || !/^[A-Za-z0-9_-]{1,32}$/.test(id))
      return "must look like k2:<base64>,k1:<base64>";
    if (Buffer.from(key, "base64").length !== 32) return `key "${id}" must be 32 bytes of base64`;
  }
  return null;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid configuration: ${issue.path.join(".")} ${issue.message}`);
  }
  const env = parsed.data;
  if (env.VEIL_KEY_PROVIDER === "pkcs11") {
    const missing: string[] = (
      ["VEIL_PKCS11_MODULE", "VEIL_PKCS11_TOKEN_LABEL", "VEIL_PKCS11_KEY_LABELS"] as const
    ).filter((name) => !env[name]);
    if (!env.VEIL_PKCS11_PIN && !env.VEIL_PKCS11_PIN_FILE) missing.push("VEIL_PKCS11_PIN_FILE");
    if (missing.length)
      throw new ConfigError(`VEIL_KEY_PROVIDER=pkcs11 needs ${missing.join(", ")}.`);
  }
  if (env.VEIL_OIDC_ISSUER) {
    const missing = (["VEIL_OIDC_CLIENT_ID", "VEIL_OIDC_CLIENT_SECRET"] as const).filter(
      (name) => !env[name],
    );
    if (missing.length)
      throw new ConfigError(`VEIL_OIDC_ISSUER is set: it needs ${missing.join(" and ")} too.`);
    const bad = roleMapProblem(env.VEIL_OIDC_ROLE_MAP);
    if (bad) throw new ConfigError(`VEIL_OIDC_ROLE_MAP ${bad}`);
  }
  if (isStrictDeployment(env)) {
    for (const name of SECRET_NAMES) {
      const value = env[name];
      const problem =
        name === "VEIL_MASTER_KEYS"
          ? env.VEIL_KEY_PROVIDER === "pkcs11" && !value
            ? null // master keys in the HSM; env keys only while data keys still need them
            : masterKeysProblem(value)
          : !value
            ? "is missing"
            : isStrongSecret(value)
              ? null
              : "is too weak (use at least 32 random bytes, e.g. `openssl rand -base64 32`)";
      if (problem)
        throw new ConfigError(`${name} ${problem}. Veil will not start in production without it.`);
    }
    if (env.VEIL_ALERT_WEBHOOK_URL && !isStrongSecret(env.VEIL_ALERT_WEBHOOK_SECRET)) {
      throw new ConfigError(
        "VEIL_ALERT_WEBHOOK_SECRET is missing or too weak (use at least 32 random bytes).",
      );
    }
    if (env.VEIL_METRICS_TOKEN && !isStrongSecret(env.VEIL_METRICS_TOKEN)) {
      throw new ConfigError("VEIL_METRICS_TOKEN is too weak (use at least 32 random bytes).");
    }
    if (env.VEIL_SESSION_SECRET_PREVIOUS && !isStrongSecret(env.VEIL_SESSION_SECRET_PREVIOUS)) {
      throw new ConfigError("VEIL_SESSION_SECRET_PREVIOUS is too weak.");
    }
    if (env.VEIL_FAST_HASH_FOR_TESTS) {
      throw new ConfigError("VEIL_FAST_HASH_FOR_TESTS must not be set in production.");
    }
  }
  return env;
}

/** Production on an operator-provided database: secrets must come from the operator. */
export function isStrictDeployment(env: Pick<Env, "NODE_ENV" | "DATABASE_URL">) {
  return env.NODE_ENV === "production" && Boolean(env.DATABASE_URL);
}

let cached: Env | null = null;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Re-read process.env on next access (tests that change configuration). */
export function reloadEnv() {
  cached = null;
}

/** For launchers and the CLI: add generated local secrets (never overriding what is set). */
export function applyDefaults(values: Record<string, string>) {
  for (const [k, v] of Object.entries(values)) if (!process.env[k]) process.env[k] = v;
  cached = null;
}

/** The environment a child process (the Next server) is started with. */
export function childProcessEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Only the migration step needs these; the serving process must not hold the owner's login. */
const OWNER_ONLY = ["DATABASE_MIGRATE_URL", "VEIL_APP_DB_PASSWORD"];

/** The environment the serving process (the Next server) is started with. */
export function servingProcessEnv(
  extra: Record<string, string>,
  source: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...source, ...extra };
  for (const name of OWNER_ONLY) delete out[name];
  return out;
}

/** Raw read for the handful of values needed before validation (launcher flags). */
export function rawEnv(name: string): string | undefined {
  return process.env[name];
}

export type SsoRole = RoleName;

/**
 * `VEIL_OIDC_ROLE_MAP` as ordered pairs: "veil-admins=ADMIN,veil-officers=OFFICER" →
 * [["veil-admins", <that role>], …]. The order is the precedence when a user has several groups.
 */
export function parseRoleMap(map: string): [group: string, role: SsoRole][] {
  return map
    .split(",")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.lastIndexOf("=");
      return [
        pair.slice(0, at).trim(),
        pair
          .slice(at + 1)
          .trim()
          .toUpperCase() as SsoRole,
      ];
    });
}

function roleMapProblem(map: string): string | null {
  const pairs = parseRoleMap(map);
  if (!pairs.length) return "is empty: with no mapped group nobody could sign in through SSO.";
  for (const [group, role] of pairs) {
    if (!group) return `has an entry without a group name ("=${role}").`;
    if (!ROLES.includes(role))
      return `maps "${group}" to "${role}": use one of ${ROLES.join(", ")}.`;
  }
  return null;
}
