import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "tests/support/empty.ts"),
};

const integration = (name: string, database: "pglite" | "postgres", dir = "integration") => ({
  resolve: { alias, conditions: ["react-server"] },
  test: {
    name,
    include: [`tests/${dir}/**/*.test.ts`],
    // `*.postgres.test.ts` needs a real PostgreSQL server (it restarts and crashes its own).
    exclude: [
      ...configDefaults.exclude,
      ...(database === "pglite" ? ["**/*.postgres.test.ts"] : []),
    ],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/worker-env.ts"],
    env: { VEIL_TEST_DATABASE: database },
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
      // `npm run test:security`: attack tests and fuzzing, on both databases.
      integration("security-pglite", "pglite", "security"),
      integration("security-postgres", "postgres", "security"),
    ],
  },
});
