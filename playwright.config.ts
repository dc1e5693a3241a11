import path from "node:path";
import { defineConfig } from "@playwright/test";
import { e2eIdpEnv, e2eServerEnv, E2E_IDP_ISSUER, E2E_PORT } from "./tests/e2e/support/server-env";

// Debian's Chromium, never a downloaded browser (no internet here, and CI must be reproducible).
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.e2e.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  outputDir: "test-results/e2e",
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "chromium", use: { browserName: "chromium" }, teardown: "server-log" },
    // After every spec: the server's output for the whole run holds nothing it must not.
    { name: "server-log", testMatch: "**/server-log.check.ts" },
  ],
  webServer: [
    {
      // A real OpenID Connect provider (oidc-provider) for the single sign-on specs.
      command: "node --import tsx tests/support/test-idp.ts",
      url: `${E2E_IDP_ISSUER}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: e2eIdpEnv(),
    },
    {
      // The real quick start (build if needed, migrate, seed, serve), on a throwaway data dir;
      // its output goes to a log file that the canary tests search.
      command: `sh -c 'node --conditions=react-server --import tsx scripts/start.ts > "${path.join("test-results", "e2e-server.log")}" 2>&1'`,
      url: `http://localhost:${E2E_PORT}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      env: e2eServerEnv(),
    },
  ],
});
