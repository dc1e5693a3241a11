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
  const compose = parse(readFileSync("compose.yaml", "utf8"), { merge: true });
  const env = (service: string) => compose.services[service].environment as Record<string, string>;
  it("publishes only the TLS proxy; PostgreSQL and Redis sit on an internal network", () => {
    expect(compose.networks.internal.internal).toBe(true);
    for (const name of ["db", "redis"]) {
      expect(compose.services[name].networks).toEqual(["internal"]);
      expect(compose.services[name].ports).toBeUndefined();
    }
    for (const name of ["app", "migrate"]) expect(compose.services[name].ports).toBeUndefined();
    expect(compose.services.proxy.ports).toContain("443:443");
  });
  it("runs two app replicas behind the proxy, trusting exactly its one forwarding hop", () => {
    expect(compose.services.app.deploy.replicas).toBe(2);
    expect(env("app").VEIL_TRUST_PROXY).toBe("1");
    expect(env("app").VEIL_TRUSTED_PROXY_HOPS).toBe("1");
    expect(readFileSync("deploy/Caddyfile", "utf8")).toMatch(/dynamic a app 3000/);
  });
  it("keeps Redis on disk: revocations survive a restart", () => {
    expect(compose.services.redis.command.join(" ")).toMatch(/--appendonly yes/);
    expect(compose.services.redis.volumes).toContain("redis-data:/data");
  });
  it("takes secrets from the environment, not literals", () => {
    for (const service of ["app", "migrate"])
      for (const name of [
        "VEIL_AUTH_SECRET",
        "VEIL_SESSION_SECRET",
        "VEIL_MASTER_KEYS",
        "VEIL_BLIND_INDEX_KEY",
      ])
        expect(env(service)[name], `${service} ${name}`).toMatch(/^\$\{/);
  });
});

describe("repository hygiene", () => {
  it("ignores local data and env files", () => {
    const ignore = readFileSync(".gitignore", "utf8").split("\n");
    expect(ignore).toEqual(expect.arrayContaining([".data/", ".env", ".env.*", "!.env.example"]));
  });
});

describe("compose.yaml database roles", () => {
  const compose = parse(readFileSync("compose.yaml", "utf8"), { merge: true });
  const env = (service: string) => compose.services[service].environment as Record<string, string>;
  it("migrates as the owner in a one-shot job the app replicas wait for", () => {
    expect(env("migrate").DATABASE_MIGRATE_URL).toMatch(/^postgresql:\/\/veil_owner:/);
    expect(compose.services.migrate.command.join(" ")).toMatch(
      /db:migrate.*db:roles --apply --app-role veil_app/,
    );
    expect(compose.services.app.depends_on.migrate.condition).toBe(
      "service_completed_successfully",
    );
  });
  it("serves as the restricted role only: the app never holds the owner's login", () => {
    expect(env("app").DATABASE_URL).toMatch(/^postgresql:\/\/veil_app:/);
    expect(env("app").DATABASE_MIGRATE_URL).toBeUndefined();
    expect(env("app").VEIL_APP_DB_PASSWORD).toBeUndefined();
    expect(env("app").VEIL_PUBLIC_URL).toMatch(/^https:\/\/\$\{VEIL_DOMAIN/);
    expect(env("app").NEXTAUTH_URL).toBe(env("app").VEIL_PUBLIC_URL);
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
