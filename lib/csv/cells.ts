// Spreadsheet safety for every CSV Veil writes (audit exports, Data Mirror output): a cell that a
// spreadsheet would read as a formula is prefixed with an apostrophe, so it stays text.
// = + - @ tab CR, checked by character code (this runs on every cell of a large file).
const FORMULA_START = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d]);

export function neutraliseFormula(value: string): string {
  return value.length > 0 && FORMULA_START.has(value.charCodeAt(0)) ? `'${value}` : value;
}
