import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TEST_IDP_CLIENT } from "../../support/test-idp";

export const E2E_PORT = Number(process.env.VEIL_E2E_PORT ?? 3217);
/** Base32 TOTP secret the e2e demo admin and officer are enrolled with (test-only). */
export const E2E_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
export const E2E_DEMO_PASSWORD = "e2e-demo-password-long-enough";
/** Lets the specs read the server's own metrics (its memory while a large file streams through). */
export const E2E_METRICS_TOKEN = "e2e-metrics-token-0123456789abcdefghijklmnopqrstuv";

/** The test identity provider (tests/support/test-idp.ts) the e2e server signs staff in with. */
export const E2E_IDP_PORT = Number(process.env.VEIL_E2E_IDP_PORT ?? E2E_PORT + 82);
export const E2E_IDP_ISSUER = `http://127.0.0.1:${E2E_IDP_PORT}`;
export const E2E_IDP_NAME = "Test IdP";

let dataDir: string | undefined;

/** A fresh embedded database per run, fixed demo credentials, no inherited DATABASE_URL. */
export function e2eServerEnv(): Record<string, string> {
  dataDir ??= process.env.VEIL_E2E_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), "veil-e2e-"));
  mkdirSync("test-results", { recursive: true });
  process.env.VEIL_E2E_DATA_DIR = dataDir; // the spec workers read the same dir
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !["DATABASE_URL", "REDIS_URL", "DATABASE_MIGRATE_URL"].includes(k))
      env[k] = v;
  }
  return {
    ...env,
    PORT: String(E2E_PORT),
    VEIL_DATA_DIR: dataDir,
    VEIL_DEMO_PASSWORD: E2E_DEMO_PASSWORD,
    VEIL_DEMO_TOTP_SECRET: E2E_TOTP_SECRET,
    // Every spec signs in from 127.0.0.1: one shared address, like staff behind an office NAT.
    VEIL_LOGIN_LIMIT_PER_ADDRESS: "2000",
    // The demo admin and officer sign in dozens of times within minutes across the specs.
    VEIL_LOGIN_LIMIT_PER_ACCOUNT: "500",
    VEIL_METRICS_TOKEN: E2E_METRICS_TOKEN,
    // Not the default (6): /privacy must show the configuration the server runs with.
    VEIL_RETENTION_CUSTOMER_YEARS: "5",
    // Single sign-on through the test identity provider, beside local passwords.
    VEIL_OIDC_ISSUER: E2E_IDP_ISSUER,
    VEIL_OIDC_CLIENT_ID: TEST_IDP_CLIENT.id,
    VEIL_OIDC_CLIENT_SECRET: TEST_IDP_CLIENT.secret,
    VEIL_OIDC_NAME: E2E_IDP_NAME,
    VEIL_OIDC_ROLE_MAP: "veil-admins=ADMIN,veil-officers=OFFICER,veil-agents=AGENT",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** The test identity provider's settings (its redirect URI is Veil's next-auth callback). */
export function e2eIdpEnv(): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    TEST_IDP_PORT: String(E2E_IDP_PORT),
    TEST_IDP_REDIRECT_URIS: `http://localhost:${E2E_PORT}/api/auth/callback/oidc`,
    // 127.0.0.1, not localhost: Node may resolve localhost to ::1, where Veil does not listen.
    TEST_IDP_BACKCHANNEL_LOGOUT_URI: `http://127.0.0.1:${E2E_PORT}/api/sso/backchannel-logout`,
  };
}
