import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// `npm run screenshots`: the main pages at desktop and phone width into docs/screenshots/
// (committed, shown in the README). Same server and browser as the e2e suite.
export default defineConfig({
  ...base,
  testDir: "tests/screenshots",
  testMatch: "**/*.shots.ts",
  outputDir: "test-results/screenshots",
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
