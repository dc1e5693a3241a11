import "server-only";
import { MIRROR_PREVIEW_BYTES } from "@/lib/server/http/body-limits";
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { env } from "@/lib/env";
import { allowedLevels, proposedLevel, type ColumnRule } from "@/lib/mirror/columns";
import { mirrorCsv } from "@/lib/mirror/engine";
import { MirrorInputError } from "@/lib/mirror/sniff";
import type { Level } from "@/lib/masking/levels";
import { POLICY, policySubject } from "@/lib/policy/field-policy";
import {
  mirrorPreviewOptionsSchema,
  mirrorRunSchema,
  type MirrorPreview,
  type MirrorRunStatus,
} from "@/lib/schemas/mirror";
import { recordAudit } from "@/lib/server/audit/append";
import type { MirrorColumnAudit } from "@/lib/server/audit/catalogue";
import { requiring, type Principal } from "@/lib/server/auth/principal";
import { AppError } from "@/lib/server/errors";
import { store } from "@/lib/server/store";
import { parseInput } from "@/lib/server/validation";
import { RuleNotAllowedError } from "@/lib/mirror/columns";
import { ownerOf, runPseudonyms } from "./keys";

// The Data Mirror on the server: who may use it, the pseudonym key of a run (./keys), limits, the
// audit of metadata (sizes, column types and rules, k; never a value or a file name). Nothing is
// stored: a run's status (row count, k, or the error) is kept in the short-lived store for the
// page to show after the download, under the user's own key.

const PREVIEW_ROWS = 10;
const STATUS_TTL_S = 15 * 60;

async function* once(bytes: Uint8Array) {
  yield bytes;
}

const audited = (rules: ColumnRule[]): MirrorColumnAudit[] =>
  rules.map((r) => ({ index: r.index, type: r.type, level: r.level }));

/** Mirror errors are the user's to fix: a 422 naming the line, never the content. */
function asAppError(err: unknown): never {
  if (err instanceof MirrorInputError || err instanceof RuleNotAllowedError)
    throw new AppError("VALIDATION", "mirror input refused", err.message, [
      { path: "file", message: err.message },
    ]);
  throw err;
}

/** The first rows masked by the proposed rules, each column's type and the rules allowed. */
export const previewMirror = requiring(
  "mirror.use",
  async function previewMirror(
    actor: Principal,
    head: Uint8Array,
    rawOptions: unknown = {},
  ): Promise<MirrorPreview> {
    const { project } = parseInput(mirrorPreviewOptionsSchema, rawOptions);
    const subject = policySubject(actor);
    const upload = randomUUID();
    if (head.length > MIRROR_PREVIEW_BYTES)
      throw new AppError("VALIDATION", "preview too large", "Send at most the first 256 KB.");
    // A slice of a longer file ends mid-line: only complete lines are read.
    const cut = head.length === MIRROR_PREVIEW_BYTES ? head.lastIndexOf(0x0a) + 1 : head.length;
    const { output, summary } = mirrorCsv(once(head.subarray(0, cut || head.length)), {
      subject,
      token: runPseudonyms(actor, { project, upload }),
      maxBytes: MIRROR_PREVIEW_BYTES,
      maxRows: Number.MAX_SAFE_INTEGER,
    });
    let text = "";
    try {
      for await (const chunk of output) text += chunk;
    } catch (err) {
      asAppError(err);
    }
    const s = summary()!;
    const rows = parse(text, {
      delimiter: s.sniffed.delimiter,
      relax_column_count: true,
    }) as string[][];
    await recordAudit({
      actor,
      action: "mirror.preview",
      detail: { bytes: head.length, columns: audited(s.rules) },
    });
    return {
      delimiter: s.sniffed.delimiter,
      encoding: s.sniffed.bom
        ? "UTF-8 (with BOM)"
        : s.sniffed.encoding === "utf-8"
          ? "UTF-8"
          : "Latin-1",
      header: s.header,
      columns: s.rules.map((r) => ({
        index: r.index,
        header: r.header,
        type: r.type,
        proposed: proposedLevel(subject, r.type),
        allowed: allowedLevels(subject, r.type),
      })),
      rows: rows.slice(s.header ? 1 : 0, (s.header ? 1 : 0) + PREVIEW_ROWS),
      upload,
    };
  },
);

/**
 * The policy row a run masks by: a staff member's role, always; the operator's CLI names a row
 * (a role or partner profile, with or without its `role:`/`partner:` prefix). Anything the table
 * lacks is refused.
 */
export function mirrorSubject(actor: Principal, profile: string | undefined): string {
  if (actor.kind !== "system") {
    if (profile)
      throw new AppError("VALIDATION", "profile from a user", "Your role sets the rules.");
    return policySubject(actor);
  }
  const subject = [profile, `role:${profile}`, `partner:${profile}`].find(
    (s) => s && Object.hasOwn(POLICY, s),
  );
  if (!subject)
    throw new AppError(
      "VALIDATION",
      "unknown profile",
      `Unknown profile. Use one of: ${Object.keys(POLICY).join(", ")}.`,
    );
  return subject;
}

const statusKey = (actor: Principal, run: string) => `veil:mirror-run:${ownerOf(actor)}:${run}`;

/**
 * A masking run over a streamed upload. The run is audited before any output; the stream fails
 * (rather than ends) on bad input, and the status says why. The first chunk is produced before
 * returning, so a file refused at once is a clean 422, not a broken download.
 */
export const startMirrorRun = requiring(
  "mirror.use",
  async function startMirrorRun(
    actor: Principal,
    body: AsyncIterable<Uint8Array>,
    rawInput: unknown,
  ): Promise<{ run: string; stream: ReadableStream<Uint8Array> }> {
    const input = parseInput(mirrorRunSchema, rawInput);
    const run = randomUUID();
    const e = env();
    const choices = Object.fromEntries(
      Object.entries(input.choices).map(([k, v]) => [Number(k), v as Level]),
    );
    await recordAudit({
      actor,
      action: "mirror.run",
      detail: {
        run,
        columns: [],
        project: Boolean(input.project),
        kColumns: input.kColumns.length,
      },
    });
    const { output, summary } = mirrorCsv(body, {
      subject: mirrorSubject(actor, input.profile),
      choices,
      kColumns: input.kColumns,
      token: runPseudonyms(actor, input),
      maxBytes: e.VEIL_MIRROR_MAX_BYTES,
      maxRows: e.VEIL_MIRROR_MAX_ROWS,
    });
    const setStatus = (status: MirrorRunStatus) =>
      store().set(statusKey(actor, run), JSON.stringify(status), STATUS_TTL_S);
    const finish = async (error?: string) => {
      const s = summary();
      await setStatus(
        error
          ? { state: "failed", error }
          : { state: "done", rows: s!.rows, bytes: s!.bytes, k: s!.k },
      );
      await recordAudit({
        actor,
        action: "mirror.complete",
        detail: {
          run,
          bytes: s?.bytes ?? 0,
          rows: s?.rows ?? 0,
          k: s?.k?.k ?? null,
          ...(s ? { columns: audited(s.rules) } : {}),
          ...(error ? { error } : {}),
        },
        outcome: error ? "failure" : "success",
      });
    };
    const failure = (err: unknown) =>
      err instanceof MirrorInputError || err instanceof RuleNotAllowedError
        ? err.message
        : "The file could not be masked.";

    const encoder = new TextEncoder();
    let first: IteratorResult<string>;
    try {
      first = await output.next();
    } catch (err) {
      await finish(failure(err));
      asAppError(err);
    }
    await setStatus({ state: "running" });
    let pending: string | null = first.done ? null : first.value;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          if (pending !== null) {
            controller.enqueue(encoder.encode(pending));
            pending = null;
            return;
          }
          const next = await output.next();
          if (next.done) {
            await finish();
            controller.close();
          } else controller.enqueue(encoder.encode(next.value));
        } catch (err) {
          await finish(failure(err)).catch(() => {});
          controller.error(new Error("mirror failed"));
        }
      },
      async cancel() {
        await output.return(undefined);
        await finish("The download was cancelled.").catch(() => {});
      },
    });
    return { run, stream };
  },
);

/** A run's outcome, for the user who started it (anyone else's run id finds nothing). */
export const mirrorRunStatus = requiring(
  "mirror.use",
  async function mirrorRunStatus(actor: Principal, run: string): Promise<MirrorRunStatus> {
    const raw = /^[0-9a-f-]{36}$/.test(run) ? await store().get(statusKey(actor, run)) : null;
    if (!raw) throw new AppError("NOT_FOUND", "no such mirror run");
    return JSON.parse(raw) as MirrorRunStatus;
  },
);
