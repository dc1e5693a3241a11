// Runs in each integration worker before its test file: this project's database and secrets.
import { inject } from "vitest";

for (const [k, v] of Object.entries(inject("veilEnv"))) {
  if (v === "") delete process.env[k];
  else process.env[k] = v;
}

// As every entry point does at start: alerts follow the audit trail.
const { registerAlertRules } = await import("@/lib/server/alerts/subscribe");
registerAlertRules();
