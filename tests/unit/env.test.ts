import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv, servingProcessEnv } from "@/lib/env";
import { testSecrets } from "../support/secrets";

const prodDb = { NODE_ENV: "production", DATABASE_URL: "postgresql://app@db/veil" };

describe("configuration", () => {
  it("starts in production on a real database when every secret is strong", () => {
    expect(() => parseEnv({ ...prodDb, ...testSecrets() })).not.toThrow();
  });

  it.each(["VEIL_AUTH_SECRET", "VEIL_SESSION_SECRET", "VEIL_MASTER_KEYS", "VEIL_BLIND_INDEX_KEY"])(
    "refuses production when %s is missing, naming it",
    (name) => {
      const values: Record<string, string | undefined> = { ...prodDb, ...testSecrets() };
      delete values[name];
      expect(() => parseEnv(values)).toThrow(ConfigError);
      expect(() => parseEnv(values)).toThrow(name);
    },
  );

  it("refuses weak secrets and malformed master keys in production", () => {
    expect(() => parseEnv({ ...prodDb, ...testSecrets(), VEIL_AUTH_SECRET: "changeme" })).toThrow(
      /VEIL_AUTH_SECRET.*weak/,
    );
    expect(() =>
      parseEnv({ ...prodDb, ...testSecrets(), VEIL_SESSION_SECRET: "a".repeat(64) }),
    ).toThrow(/VEIL_SESSION_SECRET/);
    expect(() =>
      parseEnv({ ...prodDb, ...testSecrets(), VEIL_MASTER_KEYS: "k1:c2hvcnQ=" }),
    ).toThrow(/VEIL_MASTER_KEYS.*32 bytes/);
  });

  it("does not demand secrets on the local quick start (they are generated)", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).not.toThrow();
  });

  it("rejects malformed values with a clear message", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
  });

  it("never hands the schema owner's URL or the app role's password to the serving process", () => {
    const served = servingProcessEnv({ PORT: "3000" }, {
      DATABASE_URL: "postgresql://veil_app:x@db/veil",
      DATABASE_MIGRATE_URL: "postgresql://veil_owner:secret@db/veil",
      VEIL_APP_DB_PASSWORD: "app-password",
      PATH: "/usr/bin",
    } as unknown as NodeJS.ProcessEnv);
    expect(served.DATABASE_MIGRATE_URL).toBeUndefined();
    expect(served.VEIL_APP_DB_PASSWORD).toBeUndefined();
    expect(served).toMatchObject({ DATABASE_URL: "postgresql://veil_app:x@db/veil", PORT: "3000" });
  });

  it("reads the trusted proxy hop count, default 1", () => {
    expect(parseEnv({}).VEIL_TRUSTED_PROXY_HOPS).toBe(1);
    expect(parseEnv({ VEIL_TRUSTED_PROXY_HOPS: "2" }).VEIL_TRUSTED_PROXY_HOPS).toBe(2);
    expect(() => parseEnv({ VEIL_TRUSTED_PROXY_HOPS: "0" })).toThrow(/VEIL_TRUSTED_PROXY_HOPS/);
  });
});
