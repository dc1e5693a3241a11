import { describe, expect, it } from "vitest";
import { AppError, isDependencyDown } from "@/lib/server/errors";

// Prisma's driver adapter wraps a PostgreSQL error as P2010 with the SQLSTATE under
// meta.driverAdapterError.cause (shape as seen from a real restart in faults.postgres.test.ts).
function prismaRawError(sqlState: string, message: string) {
  return Object.assign(new Error(`Raw query failed. Code: \`${sqlState}\`.`), {
    code: "P2010",
    meta: {
      driverAdapterError: {
        name: "DriverAdapterError",
        cause: { originalCode: sqlState, kind: "postgres", code: sqlState, message },
      },
    },
  });
}

describe("a store outage, told apart from a bad request", () => {
  it("is PostgreSQL shutting down, starting up, crashed, unreachable or out of connections", () => {
    for (const [state, message] of [
      ["57P01", "terminating connection due to administrator command"],
      ["57P02", "terminating connection due to crash of another server process"],
      ["57P03", "the database system is starting up"],
      ["08006", "connection failure"],
      ["53300", "sorry, too many clients already"],
    ])
      expect(isDependencyDown(prismaRawError(state!, message!)), state).toBe(true);
    expect(isDependencyDown(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }))).toBe(
      true,
    );
  });

  it("is the driver's own word for a connection that died under it (statements run on pg)", () => {
    for (const message of [
      "Connection terminated unexpectedly",
      "Client has encountered a connection error and is not queryable",
    ])
      expect(isDependencyDown(new Error(message)), message).toBe(true);
    const fatal = Object.assign(new Error("terminating connection due to administrator command"), {
      code: "57P01",
    });
    expect(isDependencyDown(fatal)).toBe(true);
  });

  it("is the embedded database's socket gone (PGlite served by a launcher that has stopped)", () => {
    const socket = "/srv/veil/.data/.s.PGSQL.5432";
    expect(
      isDependencyDown(
        Object.assign(new Error(`connect ENOENT ${socket}`), {
          code: "ENOENT",
          syscall: "connect",
        }),
      ),
    ).toBe(true);
    // As Prisma reports it (seen in tests/e2e/launcher-stop.e2e.ts before the launcher drained).
    const prisma = Object.assign(
      new Error(`\nInvalid \`prisma.$queryRaw()\` invocation:\n\n\nconnect ENOENT ${socket}`),
      { name: "PrismaClientKnownRequestError" },
    );
    expect(isDependencyDown(prisma)).toBe(true);
  });

  it("is not a constraint, a syntax error, a permission or a typed app error", () => {
    const missingFile = Object.assign(new Error("ENOENT: no such file or directory, open 'key'"), {
      code: "ENOENT",
      syscall: "open",
    });
    expect(isDependencyDown(missingFile)).toBe(false);
    for (const state of ["23505", "42601", "42501", "22P02", "40001"])
      expect(isDependencyDown(prismaRawError(state, "x")), state).toBe(false);
    expect(isDependencyDown(new AppError("VALIDATION", "bad"))).toBe(false);
    expect(isDependencyDown(new Error("something else"))).toBe(false);
  });
});
