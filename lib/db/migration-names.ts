import { readdir } from "node:fs/promises";
import path from "node:path";

/**
 * Names of the migrations shipped with this build: prisma/migrations beside the server (its
 * working folder), or `dir` (the compiled CLI finds its own, wherever it is run from).
 */
export async function shippedMigrationNames(
  dir = path.join(process.cwd(), "prisma", "migrations"),
): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
