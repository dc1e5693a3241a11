import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// The Dockerfile's text is not checked here: a string in it proves nothing (the image it built did
// not start, issue 31). Whether the image builds and runs is the image test's business.
describe(".dockerignore", () => {
  const ignored = readFileSync(".dockerignore", "utf8")
    .split("\n")
    .map((l) => l.trim());
  it("keeps repository metadata, local secrets and the embedded database out of the build", () => {
    for (const entry of [".git", ".env", ".data", "node_modules", ".next"])
      expect(ignored).toContain(entry);
  });
});

describe("compose.yaml", () => {
  const compose = parse(readFileSync("compose.yaml", "utf8"));
  it("keeps PostgreSQL and Redis on an internal network without published ports", () => {
    expect(compose.networks.internal.internal).toBe(true);
    for (const name of ["db", "redis"]) {
      expect(compose.services[name].networks).toEqual(["internal"]);
      expect(compose.services[name].ports).toBeUndefined();
    }
  });
  it("takes secrets from the environment, not literals", () => {
    const env = compose.services.app.environment as Record<string, string>;
    for (const name of [
      "VEIL_AUTH_SECRET",
      "VEIL_SESSION_SECRET",
      "VEIL_MASTER_KEYS",
      "VEIL_BLIND_INDEX_KEY",
    ]) {
      expect(env[name]).toMatch(/^\$\{/);
    }
  });
});

describe("repository hygiene", () => {
  it("ignores local data and env files", () => {
    const ignore = readFileSync(".gitignore", "utf8").split("\n");
    expect(ignore).toEqual(expect.arrayContaining([".data/", ".env", ".env.*", "!.env.example"]));
  });
});

describe("compose.yaml database roles", () => {
  const compose = parse(readFileSync("compose.yaml", "utf8"));
  it("gives the app only the restricted role and the owner only to migrations", () => {
    const env = compose.services.app.environment as Record<string, string>;
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/veil_app:/);
    expect(env.DATABASE_MIGRATE_URL).toMatch(/^postgresql:\/\/veil_owner:/);
    expect(compose.services.app.command.join(" ")).toMatch(
      /db:migrate.*db:roles --apply --app-role veil_app/,
    );
  });
  it("serves without the owner's URL in the server's environment, with next-auth's public URL", () => {
    const command = compose.services.app.command.join(" ");
    expect(command).toMatch(/exec env -u DATABASE_MIGRATE_URL -u VEIL_APP_DB_PASSWORD node/);
    const env = compose.services.app.environment as Record<string, string>;
    expect(env.VEIL_PUBLIC_URL).toMatch(/^\$\{VEIL_PUBLIC_URL/);
    expect(env.NEXTAUTH_URL).toMatch(/^\$\{VEIL_PUBLIC_URL/);
  });
  it("creates the app role when the database first starts", () => {
    expect(compose.services.db.volumes).toContain(
      "./deploy/postgres-init:/docker-entrypoint-initdb.d:ro",
    );
    expect(readFileSync("deploy/postgres-init/10-veil-app-role.sh", "utf8")).toMatch(
      /CREATE ROLE veil_app LOGIN/,
    );
  });
});
