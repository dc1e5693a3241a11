import { reloadEnv } from "@/lib/env";

/** Sets (or, for `undefined`, removes) environment variables and reloads the app's env. */
export function configureEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  reloadEnv();
}

/** Runs `fn` with some variables changed, then puts every one of them back as it was. */
export async function withEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => Promise<T>,
): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  configureEnv(vars);
  try {
    return await fn();
  } finally {
    configureEnv(before);
  }
}
