// Spreadsheet safety for every CSV Veil writes (audit exports, Data Mirror output): a cell that a
// spreadsheet would read as a formula is prefixed with an apostrophe, so it stays text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
