// The Data Mirror engine: bytes in, masked CSV text out, as a stream with back-pressure (memory
// stays flat whatever the file size; nothing is written anywhere). The web route and the CLI
// both run it; masking goes through the same `maskValue` as the portal and the partner API.
import { once } from "node:events";
import { CsvError, parse, type Parser } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import { neutraliseFormula, SAFE_CSV_OPTIONS } from "@/lib/csv/cells";
import type { Level } from "@/lib/masking/levels";
import { maskValue, type TypeName } from "@/lib/masking/types";
import {
  detectColumn,
  headerCellsDistinct,
  looksLikeHeaderCell,
  proposedLevel,
  resolveRules,
  type ColumnRule,
} from "./columns";
import { KAnonymityCounter, type KReport } from "./k-anonymity";
import { textScanner } from "./scan";
import { MirrorInputError, sniff, type Sniffed } from "./sniff";

export type MirrorSettings = {
  /** The policy row the proposals come from (`role:<role>` or `partner:<profile>`). */
  subject: string;
  /** The user's per-column choices (0-based index → level); each must be allowed. */
  choices?: Readonly<Record<number, Level>>;
  /** Quasi-identifier columns for the k-anonymity report (0-based). */
  kColumns?: number[];
  /** The keyed pseudonym for a value (the key is the caller's: per upload or per project). */
  token: (type: TypeName, value: string) => string;
  maxBytes: number;
  maxRows: number;
};

export type MirrorSummary = {
  bytes: number;
  rows: number;
  header: boolean;
  sniffed: Sniffed;
  rules: ColumnRule[];
  k: KReport | null;
};

/** Rows looked at before the rules are fixed (types detected, header recognised). */
const SAMPLE_ROWS = 200;
/** The head sniffed for encoding and delimiter. */
const HEAD_BYTES = 64 * 1024;
/** One record may not exceed this (a 100 MB single line is refused, not buffered). */
export const MAX_RECORD_CHARS = 1024 * 1024;
/** Rows per output chunk: small, so little survives between writes. */
const BATCH_ROWS = 200;
/** The widest file accepted: detection and masking cost grows with every column. */
export const MAX_COLUMNS = 1000;
/** The longest value one cell may hold (free text is scanned for identifiers). */
export const MAX_CELL_CHARS = 32 * 1024;
/** Bytes handed to the parser at a time. */
const PARSE_SLICE_BYTES = 64 * 1024;
/** Synchronous work between event-loop turns: the server keeps answering during a big run. */
const YIELD_EVERY_MS = 20;

/** Gives other requests a turn once `YIELD_EVERY_MS` of work has passed (checked cheaply). */
function eventLoopTurns() {
  let since = performance.now();
  return {
    due: () => performance.now() - since >= YIELD_EVERY_MS,
    async take() {
      await new Promise<void>((r) => setImmediate(r));
      since = performance.now();
    },
  };
}

/** Refuses a record wider than the cap or holding an over-long cell (`row`: 1-based record). */
function checkShape(record: readonly string[], row: number) {
  if (record.length > MAX_COLUMNS)
    throw new MirrorInputError(
      `Row ${row}: the file has more than ${MAX_COLUMNS.toLocaleString("en")} columns.`,
    );
  for (let i = 0; i < record.length; i++)
    if (record[i]!.length > MAX_CELL_CHARS)
      throw new MirrorInputError(
        `Row ${row}: a value is longer than ${MAX_CELL_CHARS.toLocaleString("en")} characters.`,
      );
}

/** What csv-parse reports, as a sentence naming the line (never the content). */
function inputError(err: unknown): Error {
  if (err instanceof MirrorInputError) return err;
  const e = err as { code?: string; lines?: number };
  const line = typeof e.lines === "number" ? e.lines : undefined;
  const at = line ? `Line ${line}: ` : "";
  switch (e.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
      return new MirrorInputError(`${at}this row has a different number of columns.`, line);
    case "CSV_QUOTE_NOT_CLOSED":
      return new MirrorInputError(`${at}a quoted value is never closed.`, line);
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return new MirrorInputError(`${at}unexpected text after a closing quote.`, line);
    case "CSV_MAX_RECORD_SIZE":
      return new MirrorInputError(`${at}this row is longer than 1 MB.`, line);
    case "INVALID_OPENING_QUOTE":
      return new MirrorInputError(`${at}a quote opens in the middle of a value.`, line);
    default:
      // Any other parser report is still about the file (its own message quotes content: never
      // passed on).
      return err instanceof CsvError || e.code?.startsWith("CSV_")
        ? new MirrorInputError(`${at}this is not valid CSV.`, line)
        : (err as Error);
  }
}

/**
 * The run's row masker: one function per kept column, built once (a file has millions of cells).
 * Dropped (hidden) columns are left out; free text at `partial` has its identifiers masked; every
 * cell leaves formula-safe.
 */
export function rowMasker(
  rules: ColumnRule[],
  levelOf: (type: TypeName) => Level,
  token: MirrorSettings["token"],
): (row: readonly string[]) => string[] {
  const scan = textScanner(levelOf, token);
  const columns = rules
    .filter((r) => r.level !== "hidden")
    .map((rule) => {
      if (rule.type === "freeText" && rule.level === "partial")
        return { at: rule.index, mask: scan };
      const ctx = { token: (v: string) => token(rule.type, v) };
      return {
        at: rule.index,
        mask: (v: string) => maskValue(rule.type, rule.level, v, ctx) ?? "",
      };
    });
  return (row) => {
    const out = new Array<string>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const value = row[columns[i]!.at] ?? "";
      out[i] = value === "" ? "" : neutraliseFormula(columns[i]!.mask(value));
    }
    return out;
  };
}

/** Cells arrive neutralised (`rowMasker`, and the header below). */
const toCsv = (rows: string[][], delimiter: string) =>
  stringify(rows, { delimiter, ...SAFE_CSV_OPTIONS });

/**
 * Reads the first bytes of `input`, then parses the whole stream. The rules are fixed after the
 * first rows (types are detected from values); `summary()` is ready once `output` is drained.
 */
export function mirrorCsv(input: AsyncIterable<Uint8Array>, settings: MirrorSettings) {
  let summary: MirrorSummary | null = null;
  const abort = new AbortController();

  async function* output(): AsyncGenerator<string> {
    const source = input[Symbol.asyncIterator]();
    let bytes = 0;
    const chunks: Uint8Array[] = [];
    while (bytes < HEAD_BYTES) {
      const next = await source.next();
      if (next.done) break;
      chunks.push(next.value);
      bytes += next.value.length;
    }
    const head = Buffer.concat(chunks);
    // Sniffing looks at the head only, however large the first chunk was.
    const sniffed = sniff(head.subarray(0, HEAD_BYTES));
    if (bytes > settings.maxBytes) throw tooLarge(settings.maxBytes);
    const parser: Parser = parse({
      delimiter: sniffed.delimiter,
      // Bytes go in as they are: csv-parse decodes each field once it is complete.
      encoding: sniffed.encoding === "utf-8" ? "utf8" : "latin1",
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
    });

    // The parser parses what it is given at once: a big upload chunk is handed over in slices,
    // with a turn for other requests between them when one is due.
    const feedTurns = eventLoopTurns();
    const write = async (chunk: Uint8Array) => {
      for (let at = 0; at < chunk.length; at += PARSE_SLICE_BYTES) {
        const slice = chunk.subarray(at, at + PARSE_SLICE_BYTES);
        if (!parser.write(slice)) await once(parser, "drain", { signal: abort.signal });
        else if (feedTurns.due()) await feedTurns.take();
      }
    };
    const feed = async () => {
      try {
        await write(sniffed.bom ? head.subarray(3) : head);
        for (;;) {
          const next = await source.next();
          if (next.done) break;
          bytes += next.value.length;
          if (bytes > settings.maxBytes) throw tooLarge(settings.maxBytes);
          await write(next.value);
        }
        parser.end();
      } catch (err) {
        if (!abort.signal.aborted) parser.destroy(err as Error);
        await source.return?.();
      }
    };
    const feeding = feed();

    try {
      const turns = eventLoopTurns();
      const sample: string[][] = [];
      const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
      for (;;) {
        if (sample.length >= SAMPLE_ROWS) break;
        const next = await records.next();
        if (next.done) break;
        checkShape(next.value, sample.length + 1);
        sample.push(next.value);
        // Buffered records resolve as microtasks: without a turn, the whole sample (and the
        // parsing it pulls) would run before any other request is served.
        if (turns.due()) await turns.take();
      }
      // Judged a column at a time, with turns between: a wide sample is a lot of detection.
      let header = sample.length > 1 && headerCellsDistinct(sample[0]!);
      for (let i = 0; header && i < sample[0]!.length; i++) {
        header = looksLikeHeaderCell(
          sample[0]![i]!,
          sample.slice(1).map((r) => r[i] ?? ""),
        );
        if (turns.due()) await turns.take();
      }
      const body = header ? sample.slice(1) : sample;
      const width = sample[0]?.length ?? 0;
      const columns: ReturnType<typeof detectColumn>[] = [];
      for (let i = 0; i < width; i++) {
        columns.push(
          detectColumn(
            i,
            header ? sample[0]![i]! : `Column ${i + 1}`,
            body.map((r) => r[i] ?? ""),
          ),
        );
        if (turns.due()) await turns.take();
      }
      const rules = resolveRules(settings.subject, columns, settings.choices);
      // Identifiers inside free text: at the level the viewer's policy gives their type.
      const levelOf = (type: TypeName) => proposedLevel(settings.subject, type);
      const maskRow = rowMasker(rules, levelOf, settings.token);
      const kept = rules.filter((r) => r.level !== "hidden");
      const kPositions = (settings.kColumns ?? [])
        .map((i) => kept.findIndex((r) => r.index === i))
        .filter((p) => p >= 0);
      const k = kPositions.length ? new KAnonymityCounter(kPositions) : null;
      let rows = 0;
      let batch: string[][] = [];
      const push = (row: string[]) => {
        if (++rows > settings.maxRows)
          throw new MirrorInputError(`The file has more than ${settings.maxRows} rows.`);
        if (rows > body.length) checkShape(row, rows + (header ? 1 : 0));
        const masked = maskRow(row);
        k?.add(masked);
        batch.push(masked);
      };
      if (header) yield toCsv([kept.map((r) => neutraliseFormula(r.header))], sniffed.delimiter);
      for (const row of body) {
        push(row);
        if (turns.due()) {
          yield toCsv(batch, sniffed.delimiter);
          batch = [];
          await turns.take();
        }
      }
      for (;;) {
        const next = await records.next();
        if (next.done) break;
        // This record and what else the parser already holds, read at once: a promise per
        // record cost as much as masking one.
        for (let r: string[] | null = next.value; r !== null; r = parser.read()) {
          push(r);
          if (batch.length >= BATCH_ROWS || turns.due()) {
            yield toCsv(batch, sniffed.delimiter);
            batch = [];
            if (turns.due()) await turns.take();
          }
        }
      }
      if (batch.length) yield toCsv(batch, sniffed.delimiter);
      await feeding;
      const kColumns = kept.filter((r) => settings.kColumns?.includes(r.index)).map((r) => r.index);
      summary = {
        bytes,
        rows,
        header,
        sniffed,
        rules,
        k: k ? { ...k.report(), columns: kColumns } : null,
      };
    } catch (err) {
      throw inputError(err);
    } finally {
      abort.abort();
      parser.destroy();
      await feeding.catch(() => {});
    }
  }

  return { output: output(), summary: () => summary };
}

function tooLarge(maxBytes: number) {
  return new MirrorInputError(`The file is larger than ${Math.floor(maxBytes / 1_000_000)} MB.`);
}
