import { createReadStream, createWriteStream, statSync } from "node:fs";
import { Readable, Writable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { POLICY } from "@/lib/policy/field-policy";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { mirrorRunStatus, startMirrorRun } from "@/lib/server/mirror";
import { asCli, parseOptions, UsageError, type Command } from "./command";
import { progress } from "./progress";

const CLI: SystemPrincipal = { kind: "system", name: "cli" };

/** Counts bytes as they pass, for the progress bar. */
async function* counted(source: AsyncIterable<Uint8Array>, onBytes: (n: number) => void) {
  let n = 0;
  for await (const chunk of source) {
    n += chunk.length;
    onBytes(n);
    yield chunk;
  }
}

export const mirrorCommands: Command[] = [
  {
    name: "mirror",
    usage:
      "mirror --in FILE|- --out FILE|- --profile NAME [--rules 1:hidden,..] [--k 0,2] [--project P] [--json]",
    summary:
      "Mask a CSV/TSV file by a policy profile (streamed: nothing is stored or written but --out).",
    help: `--profile is a row of the policy table (${Object.keys(POLICY).join(", ")}; the prefix may be left out). --rules makes columns (0-based) stricter than the profile proposes; a looser rule is refused. --k reports k-anonymity over those columns. --project keys pseudonyms so files mirrored under one project join. A dash reads stdin / writes stdout. --json prints the run summary (rows, k) on stderr.`,
    async run(argv) {
      const o = parseOptions(argv, {
        in: { type: "string" },
        out: { type: "string" },
        profile: { type: "string" },
        rules: { type: "string" },
        k: { type: "string" },
        project: { type: "string" },
        json: { type: "boolean" },
      });
      if (!o.in || !o.out || !o.profile)
        throw new UsageError("--in, --out and --profile are required.");
      const fromStdin = o.in === "-";
      let size = 0;
      try {
        size = fromStdin ? 0 : statSync(o.in).size;
      } catch {
        throw new UsageError(`Cannot read ${o.in}.`);
      }
      const choices = Object.fromEntries(
        (o.rules ? o.rules.split(",") : []).map((pair) => {
          const [col, level] = pair.split(":");
          if (!/^\d+$/.test(col ?? "") || !level)
            throw new UsageError("--rules takes column:level pairs.");
          return [col!, level];
        }),
      );
      const kColumns = o.k ? o.k.split(",").map(Number) : [];
      if (kColumns.some((n) => !Number.isInteger(n) || n < 0))
        throw new UsageError("--k takes column numbers (0-based).");
      const bar = progress("Masking", size, !o.json && !fromStdin && process.stderr.isTTY);
      const input = counted(fromStdin ? process.stdin : createReadStream(o.in), (n) =>
        bar.update(n),
      );
      const { run, stream } = await asCli(() =>
        startMirrorRun(CLI, input, {
          profile: o.profile,
          choices,
          kColumns,
          ...(o.project ? { project: o.project } : {}),
        }),
      );
      const out =
        o.out === "-" ? process.stdout : createWriteStream(o.out, { flags: "w", mode: 0o600 });
      try {
        await pipeline(Readable.fromWeb(stream as WebReadableStream<Uint8Array>), out as Writable);
      } catch {
        bar.stop();
        const status = await mirrorRunStatus(CLI, run);
        throw new UsageError(
          status.state === "failed" ? status.error : "The file could not be masked.",
        );
      }
      bar.stop();
      const status = await mirrorRunStatus(CLI, run);
      if (status.state === "done") {
        const k = status.k ? `; k = ${status.k.k} over columns ${status.k.columns.join(", ")}` : "";
        console.error(o.json ? JSON.stringify(status) : `Masked ${status.rows} rows${k}.`);
      }
      return 0;
    },
  },
];
