// Spreadsheet safety for every CSV Veil writes (audit exports, Data Mirror output). A spreadsheet
// reads a cell as a formula when it starts with = + - @ (or tab/CR); an apostrophe before that
// character keeps it text. A spreadsheet may also split a file on another separator than the one
// it was written with (a `;` locale opening a `,` file), so a formula character after any
// separator inside a cell is neutralised as well, and writers quote every cell.
// Checked by character code: this runs on every cell of a large file.

const FORMULA_START = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d]); // = + - @ tab CR
const SEPARATOR = /[,;\t|\r\n]/; // , ; tab | CR LF
const SEPARATOR_CODES = new Set([0x2c, 0x3b, 0x09, 0x7c, 0x0d, 0x0a]);
const SPACE = 0x20;

/** Where a cell would start if split at `i` (spaces skipped, as spreadsheets trim them). */
function cellStart(value: string, i: number) {
  while (value.charCodeAt(i) === SPACE) i++;
  return i;
}

export function neutraliseFormula(value: string): string {
  if (value.length === 0) return value;
  const first = cellStart(value, 0);
  const startsFormula = FORMULA_START.has(value.charCodeAt(first));
  if (!SEPARATOR.test(value))
    return startsFormula ? `${value.slice(0, first)}'${value.slice(first)}` : value;
  let out = "";
  let from = 0;
  const mark = (at: number) => {
    out += `${value.slice(from, at)}'`;
    from = at;
  };
  if (startsFormula) mark(first);
  for (let i = 0; i < value.length; i++) {
    if (!SEPARATOR_CODES.has(value.charCodeAt(i))) continue;
    const at = cellStart(value, i + 1);
    const c = value.charCodeAt(at);
    // Tab and CR are separators themselves: only = + - @ start a formula after one.
    if (c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40) mark(at);
  }
  return out + value.slice(from);
}

/** csv-stringify options every Veil CSV writer shares: every non-empty cell quoted. */
export const SAFE_CSV_OPTIONS = { quoted: true, record_delimiter: "\n" } as const;
