import { reloadEnv } from "@/lib/env";

/** Sets (or, for `undefined`, removes) environment variables and reloads the app's env. */
export function configureEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  reloadEnv();
}
