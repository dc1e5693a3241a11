import { SingleBar, Presets } from "cli-progress";

/** A progress bar on stderr when a person is watching; silent for scripts and --json. */
export function progress(label: string, total: number, enabled = process.stderr.isTTY) {
  if (!enabled || total === 0) return { update: (_n: number) => {}, stop: () => {} };
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} ({percentage}%)`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (n: number) => bar.update(n), stop: () => bar.stop() };
}
