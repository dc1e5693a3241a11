// Second review, item 4: a wide CSV cannot freeze the server. Column detection and batch masking
// ran synchronously whatever the width: a 36 MB upload with many columns stalled /api/health for
// 31 s. Columns and cell length are capped (a clear 422), and the engine gives the event loop a
// turn after every bounded amount of work.
import { describe, expect, it } from "vitest";
import { startMirrorRun } from "@/lib/server/mirror";
import { longestStall } from "../support/event-loop";
import { makeUser } from "../support/principals";

const PAN = "4111 1111 1111 1111";

/** A CSV of `rows` × `cols`, built lazily in 1 MB chunks (as an upload arrives). */
async function* wideCsv(cols: number, rows: number, cell = (r: number, c: number) => `v${r}x${c}`) {
  const header = Array.from({ length: cols }, (_, c) => `col${c}`).join(",") + "\n";
  let buf = header;
  for (let r = 0; r < rows; r++) {
    const cells = Array.from({ length: cols }, (_, c) =>
      c % 4 === 0 ? PAN : c % 4 === 1 ? `user${r}.${c}@example.com` : cell(r, c),
    );
    buf += cells.join(",") + "\n";
    if (buf.length > 1_000_000) {
      yield Buffer.from(buf);
      buf = "";
    }
  }
  if (buf) yield Buffer.from(buf);
}

async function drain(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

describe("item 4: wide CSV uploads", () => {
  it("a 1,000-column, ~36 MB upload never blocks the event loop for 200 ms", async () => {
    const { principal } = await makeUser("AGENT");
    let out = 0;
    const stall = await longestStall(async () => {
      const { stream } = await startMirrorRun(principal, wideCsv(1000, 1700), {});
      out = await drain(stream);
    });
    expect(out).toBeGreaterThan(10_000_000);
    expect(stall.cpuMs).toBeLessThan(200);
  }, 300_000);

  it("refuses more columns than the cap with a clear 422, before reading past the header", async () => {
    const { principal } = await makeUser("AGENT");
    // ~200 MB of 20,000-column rows: the refusal must come from the first chunk, not the file.
    let chunks = 0;
    async function* counted() {
      for await (const chunk of wideCsv(20_000, 1_000)) {
        chunks++;
        yield chunk;
      }
    }
    await expect(startMirrorRun(principal, counted(), {})).rejects.toMatchObject({
      code: "VALIDATION",
      userMessage: expect.stringMatching(/more than [\d,]+ columns/),
    });
    expect(chunks).toBeLessThanOrEqual(2);
  }, 120_000);

  it("refuses an over-long cell with a clear 422 naming the line", async () => {
    const { principal } = await makeUser("AGENT");
    await expect(
      startMirrorRun(
        principal,
        wideCsv(3, 5, (r) => (r === 3 ? "x".repeat(200_000) : "ok")),
        {},
      ),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      userMessage: expect.stringMatching(/^Row \d+: a value is longer than/),
    });
  });
});
