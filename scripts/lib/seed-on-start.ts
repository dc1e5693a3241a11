import { env, isStrictDeployment } from "@/lib/env";
import { seedDemoData } from "@/lib/server/seed/demo";

/** Demo data on the quick start; a production database is seeded only by `veil seed --demo`. */
export async function seedOnStart() {
  if (isStrictDeployment(env())) return;
  const report = await seedDemoData();
  for (const line of [...report.seeded, ...report.notices]) console.log(`veil: ${line}`);
}
