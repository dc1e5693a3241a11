import { expect, inject, it } from "vitest";
import { databaseUrl } from "@/lib/server/db";

// Guards the suite itself: each project must really run on its own database path.
it("runs this project on its own database path", () => {
  const project = process.env.VEIL_TEST_DATABASE;
  const env = inject("veilEnv");
  if (project === "postgres") {
    expect(databaseUrl()).toBe(env.DATABASE_URL);
    expect(databaseUrl()).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1/);
  } else {
    expect(process.env.DATABASE_URL).toBeUndefined();
    expect(databaseUrl()).toMatch(/host=/); // the embedded PGlite socket
  }
});
