import { expect, it } from "vitest";
import { diffSchemaAgainstMigrations, EMPTY_MIGRATION } from "@/lib/db/migrate";

it("prisma/migrations produce exactly schema.prisma (edit one without the other and this fails)", async () => {
  expect(await diffSchemaAgainstMigrations()).toBe(EMPTY_MIGRATION);
}, 60_000);
