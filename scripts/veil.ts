// The `veil` operator CLI: `npm run veil -- <command> [options]`. Works while the server runs on
// the embedded database (it connects through the server's socket) and on PostgreSQL.
import { commands } from "./cli/commands";
import { logToStderr } from "@/lib/server/log";
import { ensureMigrated } from "./lib/migrated";
import { exitOnConfigError, prepareRuntime } from "./lib/runtime";

function help() {
  const width = Math.max(...commands.map((c) => c.usage.length));
  console.log("Usage: npm run veil -- <command> [options]\n\nCommands:");
  for (const c of commands) console.log(`  ${c.usage.padEnd(width)}  ${c.summary}`);
  console.log("\nRun `npm run veil -- <command> --help` for a command's options.");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    help();
    return name ? 0 : 64;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`veil: unknown command "${name}". Run \`npm run veil -- --help\`.`);
    return 64;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(
      `Usage: npm run veil -- ${command.usage}\n\n${command.summary}${command.help ? `\n\n${command.help}` : ""}`,
    );
    return 0;
  }
  logToStderr(); // stdout is for the command's answer (often --json read by scripts)
  const runtime = await prepareRuntime({ serve: false }).catch(exitOnConfigError);
  // The db: commands are how a schema gets there; every other command needs it in place.
  if (!command.name.startsWith("db:"))
    await ensureMigrated(runtime).catch(async (err: unknown) => {
      await runtime.close();
      throw err;
    });
  // The command's audit rows are sealed once, at the end (no background sealer in a CLI run:
  // its timers would race the exit, and its log lines must not mix into --json output).
  const { sealAuditChain, withBackgroundSealingPaused } = await import("@/lib/server/audit/seal");
  try {
    if (command.longRunning) return await command.run(rest);
    return await withBackgroundSealingPaused(() => command.run(rest));
  } finally {
    await sealAuditChain().catch(() => undefined);
    const { disconnectDb } = await import("@/lib/server/db");
    await disconnectDb();
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const e = err as { exitCode?: number; message?: string };
    console.error(`veil: ${e.exitCode ? e.message : "failed: " + (e.message ?? String(err))}`);
    process.exit(e.exitCode ?? 1);
  },
);
