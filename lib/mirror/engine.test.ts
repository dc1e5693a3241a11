import { createHmac } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { mirrorCsv, type MirrorSettings } from "./engine";
import { MirrorInputError } from "./sniff";

const PAN = "4111 1111 1111 1111";
const IBAN = "GB82WEST12345698765432";
const EMAIL = "ann.smith@example.com";

const token = (key: string) => (type: string, v: string) =>
  `tok_${createHmac("sha256", key).update(`${type}|${v}`).digest("base64url").slice(0, 16)}`;

const settings = (over: Partial<MirrorSettings> = {}): MirrorSettings => ({
  subject: "role:AGENT",
  token: token("k1"),
  maxBytes: 10_000_000,
  maxRows: 1_000_000,
  ...over,
});

async function* bytes(...parts: (string | Uint8Array)[]) {
  for (const p of parts) yield typeof p === "string" ? Buffer.from(p) : p;
}

async function run(input: string | Uint8Array | (string | Uint8Array)[], over = {}) {
  const { output, summary } = mirrorCsv(bytes(...[input].flat()), settings(over));
  let out = "";
  for await (const chunk of output) out += chunk;
  return { out, summary: summary()! };
}

const customers = [
  "name,card,iban,email,notes,amount",
  `Ann Smith,${PAN},${IBAN},${EMAIL},"called, paid by card ${PAN}",-12.50`,
  `Bob Jones,5500 0000 0000 0004,DE89370400440532013000,bob@example.org,"line one\nline two",7`,
  `Cleo Park,4012888888881881,FR1420041010050500013M02606,cleo@example.net,"=HYPERLINK(""x"")",3`,
].join("\n");

describe("Data Mirror engine", () => {
  it("masks each detected column by the agent's policy and keeps the CSV shape", async () => {
    const { out, summary } = await run(customers);
    for (const raw of [PAN, "4111111111111111", IBAN, EMAIL, "DE89370400440532013000"])
      expect(out).not.toContain(raw);
    expect(summary.header).toBe(true);
    expect(summary.rows).toBe(3);
    expect(summary.rules.map((r) => [r.type, r.level])).toEqual([
      ["name", "plain"],
      ["pan", "last4"],
      ["iban", "partial"],
      ["email", "partial"],
      ["freeText", "partial"],
      ["number", "plain"],
    ]);
    const lines = out.split("\n");
    expect(lines[0]).toBe('"name","card","iban","email","notes","amount"');
    expect(out).toContain("•••• 1111");
    // Every cell is quoted. The card inside the note is masked in place; the sentence survives.
    expect(out).toContain('"called, paid by card •••• 1111"');
    // Embedded newlines round-trip inside quotes; a formula is neutralised.
    expect(out).toContain('"line one\nline two"');
    expect(out).toContain(`"'=HYPERLINK(""x"")"`);
    expect(out).toContain("'-12.50");
  });

  it("detects by values, not header names", async () => {
    const csv = `a,b\n${EMAIL},${PAN}\nx@example.com,4012888888881881\n`;
    const { out, summary } = await run(csv);
    expect(summary.rules.map((r) => r.type)).toEqual(["email", "pan"]);
    expect(summary.header).toBe(true);
    expect(out).not.toContain(EMAIL);
    expect(out).not.toContain("4012888888881881");
  });

  it("gives an analyst keyed pseudonyms: stable within a key, different across keys", async () => {
    const csv = `email\n${EMAIL}\n${EMAIL}\nzed@example.com\n`;
    const a = (await run(csv, { subject: "role:ANALYST" })).out.split("\n");
    const b = (await run(csv, { subject: "role:ANALYST", token: token("k2") })).out.split("\n");
    expect(a[1]).toMatch(/^"tok_/);
    expect(a[1]).toBe(a[2]);
    expect(a[3]).not.toBe(a[1]);
    expect(b[1]).not.toBe(a[1]);
  });

  it("accepts stricter choices and refuses looser ones", async () => {
    const dropped = await run(customers, { choices: { 1: "hidden", 0: "token" } });
    expect(dropped.out.split("\n")[0]).toBe('"name","iban","email","notes","amount"');
    expect(dropped.out).not.toContain("Ann Smith");
    await expect(run(customers, { choices: { 1: "plain" } })).rejects.toThrow(/less strict/);
    await expect(
      run(customers, { subject: "role:ANALYST", choices: { 3: "partial" } }),
    ).rejects.toThrow(/less strict/);
  });

  it("an unknown policy subject sees every sensitive column dropped", async () => {
    const { out } = await run(customers, { subject: "nobody" });
    expect(out.split("\n")[0]).toBe('"notes","amount"');
    expect(out).not.toContain("1111");
  });

  it("reads TSV, semicolons, a UTF-8 BOM and Latin-1", async () => {
    expect((await run(`email\tcity\n${EMAIL}\tLondon\n`)).summary.sniffed.delimiter).toBe("\t");
    expect((await run(`email;city\n${EMAIL};Köln\n`)).summary.sniffed.delimiter).toBe(";");
    const bom = await run([new Uint8Array([0xef, 0xbb, 0xbf]), `email,city\n${EMAIL},Köln\n`]);
    expect(bom.out.startsWith('"email",')).toBe(true);
    expect(bom.out).toContain("Köln");
    const latin1 = await run(Buffer.from(`email,city\n${EMAIL},Köln\n`, "latin1"));
    expect(latin1.summary.sniffed.encoding).toBe("latin1");
    expect(latin1.out).toContain("Köln");
  });

  it("refuses what is not CSV, naming the line where it can, and never echoing content", async () => {
    await expect(run(gzipSync(Buffer.from(customers)))).rejects.toThrow(/gzip/);
    await expect(run(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).rejects.toThrow(/ZIP/);
    await expect(run(Buffer.from("a,b\n1,\u0000\n"))).rejects.toThrow(/binary/);
    await expect(run(`a,b\n1,2\n3\n`)).rejects.toThrow(/^Line 3: .*number of columns/);
    await expect(run(`a,b\n1,"${PAN}\n`)).rejects.toThrow(/quoted value is never closed/);
    const err = await run(`a,b\n1,"${PAN}\n`).catch((e: Error) => e);
    expect(String(err)).not.toContain("4111");
    await expect(run("")).rejects.toThrow(/empty/);
    // Every malformed-CSV report is the user's to fix (a 422), not an unexpected error (a 500).
    for (const bad of [`{"a":${PAN}}\n`, `a,b\nx"${PAN}",2\n`]) {
      const refused = await run(bad).catch((e: Error) => e);
      expect(refused).toBeInstanceOf(MirrorInputError);
      expect(String(refused)).not.toContain("4111");
    }
  });

  it("stops at the limits: a huge single line, too many rows, too many bytes", async () => {
    const line = "x".repeat(2 * 1024 * 1024);
    await expect(run(["a,b\n", `1,${line}\n`])).rejects.toThrow(/longer than 1 MB/);
    const rows = "a\n" + "1\n".repeat(50);
    await expect(run(rows, { maxRows: 10 })).rejects.toThrow(/more than 10 rows/);
    await expect(run(["a\n", "1\n".repeat(100_000)], { maxBytes: 1000 })).rejects.toThrow(
      /larger than/,
    );
  });

  it("reports k-anonymity over the chosen quasi-identifiers of the output", async () => {
    const rows = ["city,age,email"];
    for (let i = 0; i < 12; i++) rows.push(`London,${30 + (i % 2)},p${i}@example.com`);
    rows.push(`Oslo,40,solo@example.com`);
    const { summary } = await run(rows.join("\n"), { kColumns: [0, 1] });
    expect(summary.k).toMatchObject({ columns: [0, 1], k: 1, classes: 3, rowsBelow5: 1 });
  });
});
