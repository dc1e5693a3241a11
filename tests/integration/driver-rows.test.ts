// The list statement runs on the driver, not through Prisma: its timestamps must mean what
// Prisma's do (UTC wall time in `timestamp(3)` columns) whatever the process's time zone, or an
// audit row's time would shift by the server's offset and a page's dates would disagree with
// the detail view's.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { insertCustomers } from "@/lib/server/customers";
import { db, driverRows } from "@/lib/server/db";
import { fakeCustomers } from "@/lib/seed/fake-customers";

const SYSTEM = { kind: "system", name: "test" } as const;

describe("statements on the driver", () => {
  let savedTz: string | undefined;
  beforeEach(() => {
    savedTz = process.env.TZ;
    process.env.TZ = "Pacific/Auckland"; // +12/+13: any local-time slip shows
  });
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it("write a Date parameter to a timestamp as UTC, as Prisma does", async () => {
    const at = new Date("2026-06-01T12:34:56.789Z");
    const [viaDriver] = await driverRows<{ t: string }>(
      Prisma.sql`SELECT to_char(${at}::timestamp(3), 'YYYY-MM-DD HH24:MI:SS.MS') AS t`,
    );
    const [viaPrisma] = await db().$queryRaw<{ t: string }[]>`
      SELECT to_char(${at}::timestamp(3), 'YYYY-MM-DD HH24:MI:SS.MS') AS t`;
    expect(viaDriver!.t).toBe("2026-06-01 12:34:56.789");
    expect(viaDriver!.t).toBe(viaPrisma!.t);
  });

  it("read a timestamp column as the same instant Prisma reads", async () => {
    const [id] = await insertCustomers(SYSTEM, fakeCustomers(1, 11));
    const viaPrisma = await db().customer.findUniqueOrThrow({
      where: { id: id! },
      select: { createdAt: true },
    });
    const [viaDriver] = await driverRows<{ createdAt: Date }>(
      Prisma.sql`SELECT "createdAt" FROM "Customer" WHERE "id" = ${id}::uuid`,
    );
    expect(viaDriver!.createdAt).toBeInstanceOf(Date);
    expect(viaDriver!.createdAt.toISOString()).toBe(viaPrisma.createdAt.toISOString());
  });
});
