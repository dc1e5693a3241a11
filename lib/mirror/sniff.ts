// What kind of file an upload is, from its first bytes: refuse what is not delimited text
// (binary, compressed, archives), then pick the encoding and the delimiter.

export type Encoding = "utf-8" | "latin1";
export type Delimiter = "," | ";" | "\t" | "|";
export type Sniffed = { encoding: Encoding; bom: boolean; delimiter: Delimiter };

export class MirrorInputError extends Error {
  constructor(
    message: string,
    /** The file line the problem is on, where one is known. */
    readonly line?: number,
  ) {
    super(message);
  }
}

const MAGIC: [string, number[]][] = [
  ["a gzip file", [0x1f, 0x8b]],
  ["a ZIP archive (or an Office document)", [0x50, 0x4b, 0x03, 0x04]],
  ["a PDF", [0x25, 0x50, 0x44, 0x46]],
  ["a 7-Zip archive", [0x37, 0x7a, 0xbc, 0xaf]],
  ["a bzip2 file", [0x42, 0x5a, 0x68]],
  ["an xz file", [0xfd, 0x37, 0x7a, 0x58]],
  ["a zstd file", [0x28, 0xb5, 0x2f, 0xfd]],
];

const DELIMITERS: Delimiter[] = [",", ";", "\t", "|"];

/** Decodes with the sniffed encoding (a Latin-1 byte is always one character). */
export function decoderFor(encoding: Encoding): TextDecoder {
  return new TextDecoder(encoding === "utf-8" ? "utf-8" : "latin1", { fatal: false });
}

function validUtf8(bytes: Uint8Array): boolean {
  try {
    // A multi-byte sequence cut at the end of the sample is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Counts a character outside quoted sections of one line. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * The delimiter that splits the first lines into the same, largest number of fields (a comma
 * wins ties: it is the usual one).
 */
function sniffDelimiter(text: string): Delimiter {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const sample = lines.slice(0, Math.min(lines.length > 1 ? lines.length - 1 : 1, 20));
  let best: Delimiter = ",";
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = sample.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = first * consistent;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

export function sniff(head: Uint8Array): Sniffed {
  if (head.length === 0) throw new MirrorInputError("The file is empty.");
  for (const [what, bytes] of MAGIC)
    if (bytes.every((b, i) => head[i] === b))
      throw new MirrorInputError(`This is ${what}, not a CSV file. Upload the CSV itself.`);
  if (head.includes(0))
    throw new MirrorInputError("This file contains binary data; upload a CSV or TSV text file.");
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const encoding: Encoding = validUtf8(bom ? head.subarray(3) : head) ? "utf-8" : "latin1";
  const text = decoderFor(encoding).decode(bom ? head.subarray(3) : head);
  return { encoding, bom, delimiter: sniffDelimiter(text) };
}
