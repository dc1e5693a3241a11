// k-anonymity of the output over quasi-identifier columns: every combination of their values
// must be shared by at least k rows. Counted while streaming; the distinct combinations are
// capped so a near-unique column cannot grow memory without bound (then k is 1 anyway).

export type KReport = {
  columns: number[];
  k: number;
  classes: number;
  /** Rows whose combination fewer than 5 rows share (the usual minimum for release). */
  rowsBelow5: number;
  capped: boolean;
};

const MAX_CLASSES = 200_000;

export class KAnonymityCounter {
  private readonly counts = new Map<string, number>();
  private capped = false;

  constructor(readonly columns: number[]) {}

  add(row: readonly (string | null)[]) {
    const key = JSON.stringify(this.columns.map((i) => row[i] ?? ""));
    const n = this.counts.get(key);
    if (n !== undefined) this.counts.set(key, n + 1);
    else if (this.counts.size < MAX_CLASSES) this.counts.set(key, 1);
    else this.capped = true;
  }

  report(): KReport {
    let k = Infinity;
    let rowsBelow5 = 0;
    for (const n of this.counts.values()) {
      k = Math.min(k, n);
      if (n < 5) rowsBelow5 += n;
    }
    return {
      columns: this.columns,
      k: this.capped ? 1 : k === Infinity ? 0 : k,
      classes: this.counts.size,
      rowsBelow5,
      capped: this.capped,
    };
  }
}
