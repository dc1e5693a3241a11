import type { ChildProcess } from "node:child_process";

/** Waits for a spawned Veil to answer `url` with 2xx (fails fast if the process exits). */
export async function waitForHealth(
  url: string,
  child: ChildProcess,
  headers: Record<string, string> = {},
) {
  let last = "no answer";
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error("veil exited before it was healthy");
    try {
      const res = await fetch(url, { headers });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`veil did not become healthy (${last})`);
}
