// The only reader of process.env. Validated once with zod; production with a real database refuses
// to start on missing or weak secrets, the local quick start generates them once under the data dir.
import { z } from "zod";

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

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interface `npm start` binds; loopback by default, 0.0.0.0 in containers. */
  VEIL_LISTEN_HOST: z.string().default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: optionalString,
  DATABASE_MIGRATE_URL: optionalString,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15000),
  DATABASE_SSL_CA_FILE: optionalString,
  /** Password `veil db:roles` gives the restricted application role (else generated). */
  VEIL_APP_DB_PASSWORD: optionalString,
  /** Set by the launcher when it serves the embedded PGlite; not for operators. */
  VEIL_EMBEDDED_DATABASE_URL: optionalString,
  REDIS_URL: optionalString,
  VEIL_DATA_DIR: z.string().default(".data"),
  VEIL_ALLOWED_HOSTS: z.string().default("localhost,127.0.0.1"),
  VEIL_TRUST_PROXY: bool,
  /** How many proxies append to X-Forwarded-For in front of Veil (with VEIL_TRUST_PROXY). */
  VEIL_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /**
   * Sign-in attempts one client address may make per 15 minutes (any outcome). Raise it when
   * many staff share one address (an office NAT) — the per-account limit still holds.
   */
  VEIL_LOGIN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(10).max(100_000).default(60),
  /** Sign-in attempts one account may receive per 15 minutes (any outcome). */
  VEIL_LOGIN_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(10).max(10_000).default(30),
  /**
   * Refusals before authentication (bad bearer tokens, bad client credentials, dead set-password
   * links) one client address may cause per 15 minutes; past it, the address gets 429 before any
   * authentication work. Only the first refusal per address and window is audited.
   */
  VEIL_ANONYMOUS_REFUSALS_PER_ADDRESS: z.coerce.number().int().min(5).max(100_000).default(30),
  /**
   * Days after an admin creates an account or resets its password or second factor during which
   * that account decides no four-eyes request and that admin decides none of its requests.
   */
  VEIL_FOUR_EYES_COOLING_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** The organisation's own words (its name, products, city), comma-separated: passwords built on them are refused. */
  VEIL_PASSWORD_CONTEXT_WORDS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((w) => w.trim().toLowerCase())
        .filter((w) => w.length >= 3),
    ),
  /** Exact searches (email, card, IBAN, national ID) one user may run per hour. */
  VEIL_EXACT_SEARCH_BUDGET_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(30),
  /** Data Mirror limits: the largest upload (bytes) and the most rows one file may have. */
  VEIL_MIRROR_MAX_BYTES: z.coerce.number().int().min(1024).default(200_000_000),
  VEIL_MIRROR_MAX_ROWS: z.coerce.number().int().min(1).default(2_000_000),
  /** Retention (lib/policy/retention.ts): customers unchanged this long are erased. */
  VEIL_RETENTION_CUSTOMER_YEARS: z.coerce.number().int().min(1).max(100).default(6),
  /** Retention: audit events older than this move to the archive table. */
  VEIL_RETENTION_AUDIT_YEARS: z.coerce.number().int().min(1).max(100).default(7),
  /** Retention: staff sign-in history older than this is deleted. */
  VEIL_RETENTION_SIGN_IN_DAYS: z.coerce.number().int().min(30).max(36500).default(365),
  VEIL_PUBLIC_URL: optionalString,
  VEIL_AUTH_SECRET: optionalString,
  VEIL_SESSION_SECRET: optionalString,
  /** The previous session secret while rotating: still accepted, never used to seal. */
  VEIL_SESSION_SECRET_PREVIOUS: optionalString,
  VEIL_MASTER_KEYS: optionalString,
  /** Where master keys live: `env` (VEIL_MASTER_KEYS) or `pkcs11` (an HSM; env keys still unwrap). */
  VEIL_KEY_PROVIDER: z.enum(["env", "pkcs11"]).default("env"),
  /** The HSM vendor's PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so). */
  VEIL_PKCS11_MODULE: optionalString,
  /** The label of the token that holds the master keys. */
  VEIL_PKCS11_TOKEN_LABEL: optionalString,
  /** The token's user PIN, or (better) a file holding it. */
  VEIL_PKCS11_PIN: optionalString,
  VEIL_PKCS11_PIN_FILE: optionalString,
  /** Labels of the master keys in the token, comma-separated, the active (wrapping) one first. */
  VEIL_PKCS11_KEY_LABELS: optionalString,
  /** How long an unwrapped data key may stay in process memory, and how many at most (0: off). */
  VEIL_DEK_CACHE_TTL_S: z.coerce.number().int().min(1).max(3600).default(300),
  VEIL_DEK_CACHE_MAX: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  VEIL_BLIND_INDEX_KEY: optionalString,
  VEIL_DEMO_PASSWORD: optionalString,
  VEIL_DEMO_TOTP_SECRET: optionalString,
  /** Ed25519 seed (32 bytes, base64) that signs audit checkpoints; never stored in the database. */
  VEIL_AUDIT_ANCHOR_KEY: optionalString,
  /** File that signed audit checkpoints are appended to (besides the log stream). */
  VEIL_AUDIT_ANCHOR_FILE: optionalString,
  /** Minutes between automatic checkpoints; 0 turns them off. */
  VEIL_AUDIT_ANCHOR_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** HTTPS endpoint alerts are POSTed to (signed with VEIL_ALERT_WEBHOOK_SECRET). */
  VEIL_ALERT_WEBHOOK_URL: optionalString,
  VEIL_ALERT_WEBHOOK_SECRET: optionalString,
  /** Allow a webhook on a private or loopback address (an internal receiver; tests). */
  VEIL_ALERT_WEBHOOK_ALLOW_PRIVATE: bool,
  /** OpenTelemetry: traces are exported over OTLP when this is set (OTEL_* variables apply). */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString,
  OTEL_SERVICE_NAME: z.string().default("veil"),
  /** Bearer token for GET /api/metrics (Prometheus). Unset: the endpoint is off. */
  VEIL_METRICS_TOKEN: optionalString,
  /** Lowers bcrypt cost and similar work factors; refused in production. */
  VEIL_FAST_HASH_FOR_TESTS: bool,
});

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
