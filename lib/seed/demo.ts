import "server-only";

export type SeedReport = { seeded: string[]; notices: string[] };

/**
 * Demo data for the local quick start: filled in by each capability (users, customers…).
 * Only runs on an empty database; never on a production database unless asked explicitly.
 */
export async function seedDemoData(): Promise<SeedReport> {
  return { seeded: [], notices: [] };
}
