import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "tests/support/empty.ts"),
};

const integration = (
  name: string,
  database: "pglite" | "postgres",
  dir = "integration",
  opts: { include?: string[]; env?: Record<string, string> } = {},
) => ({
  resolve: { alias, conditions: ["react-server"] },
  test: {
    name,
    include: opts.include ?? [`tests/${dir}/**/*.test.ts`],
    // `*.postgres.test.ts` needs a real PostgreSQL server (it restarts and crashes its own).
    exclude: [
      ...configDefaults.exclude,
      ...(database === "pglite" ? ["**/*.postgres.test.ts"] : []),
    ],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/worker-env.ts"],
    env: { VEIL_TEST_DATABASE: database, ...opts.env },
    pool: "forks" as const,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      integration("integration-pglite", "pglite"),
      integration("integration-postgres", "postgres"),
      // Master keys in a real PKCS#11 token (SoftHSM2): the records, reveal, erasure and partner
      // tests again with the HSM provider on PostgreSQL, and the HSM's own tests.
      integration("integration-hsm", "postgres", "hsm", {
        include: [
          "tests/hsm/**/*.test.ts",
          "tests/integration/customers.test.ts",
          "tests/integration/reveal.test.ts",
          "tests/integration/gdpr-erasure.test.ts",
          "tests/integration/partner-api.test.ts",
          "tests/integration/masked-row-cache.test.ts",
        ],
        env: { VEIL_TEST_KEYS: "pkcs11" },
      }),
      // `npm run test:security`: attack tests and fuzzing, on both databases.
      integration("security-pglite", "pglite", "security"),
      integration("security-postgres", "postgres", "security"),
    ],
  },
});
