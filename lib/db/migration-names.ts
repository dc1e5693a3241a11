import { readdir } from "node:fs/promises";
import path from "node:path";

/** Names of the migrations shipped with this build (prisma/migrations beside the server). */
export async function shippedMigrationNames(): Promise<string[]> {
  const dir = path.join(process.cwd(), "prisma", "migrations");
  return (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
