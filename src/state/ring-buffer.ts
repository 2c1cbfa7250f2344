/**
 * A bounded buffer of metric rows that downsamples its past instead of forgetting it. Rows are fixed-width
 * (column 0 is usually samples seen). When the buffer is full, the older half is halved: each pair of
 * neighbouring rows becomes one (by default the first of the pair; `merge` can combine them). So memory stays
 * at `capacity` rows however long a run lasts, the newest points keep full resolution, and the first row
 * (the state at step 0) is always kept.
 */

/** Combines rows `a` and `b` (neighbours, `a` older) into `out` (which may alias `a`). */
export type MergeRows = (out: Float64Array, a: Float64Array, b: Float64Array) => void;

export const keepFirst: MergeRows = (out, a) => {
  if (out !== a) out.set(a);
};

export class DownsamplingBuffer {
  private data: Float64Array;
  private n = 0;
  private changes = 0;
  private readonly scratch: Float64Array;

  constructor(
    readonly width: number,
    readonly capacity: number,
    private readonly merge: MergeRows = keepFirst,
  ) {
    if (!Number.isInteger(width) || width < 1)
      throw new Error(`width must be a positive integer, not ${width}`);
    if (!Number.isInteger(capacity) || capacity < 4)
      throw new Error(`capacity must be an integer >= 4, not ${capacity}`);
    this.data = new Float64Array(width * capacity);
    this.scratch = new Float64Array(width);
  }

  get length(): number {
    return this.n;
  }

  /** Increases on every change, so subscribers can tell whether to redraw. */
  get version(): number {
    return this.changes;
  }

  /** Appends one row of `width` values (missing values are NaN). */
  push(row: ArrayLike<number>): void {
    if (this.n === this.capacity) this.compact();
    const w = this.width;
    const offset = this.n * w;
    for (let c = 0; c < w; c++) this.data[offset + c] = c < row.length ? (row[c] as number) : Number.NaN;
    this.n += 1;
    this.changes += 1;
  }

  /** Appends `count` rows stored row-major in `rows`. */
  pushRows(rows: ArrayLike<number>, count: number): void {
    const w = this.width;
    if (rows.length < count * w) throw new Error(`expected ${count * w} values, got ${rows.length}`);
    const row = new Float64Array(w);
    for (let r = 0; r < count; r++) {
      for (let c = 0; c < w; c++) row[c] = rows[r * w + c] as number;
      this.push(row);
    }
  }

  /** Value at row `i`, column `c`. */
  get(i: number, c: number): number {
    if (i < 0 || i >= this.n || c < 0 || c >= this.width) return Number.NaN;
    return this.data[i * this.width + c] as number;
  }

  /** A fresh copy of row `i`. */
  row(i: number): Float64Array {
    return this.data.slice(i * this.width, (i + 1) * this.width);
  }

  /** A fresh copy of column `c` (length = number of rows). */
  column(c: number): Float64Array {
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.data[i * this.width + c] as number;
    return out;
  }

  clear(): void {
    this.n = 0;
    this.changes += 1;
  }

  /** Halves the older half: rows (0,1), (2,3), ... of it merge pairwise; the newer half moves down. */
  private compact(): void {
    const w = this.width;
    const half = Math.floor(this.n / 2);
    let out = 0;
    for (let i = 0; i + 1 < half; i += 2) {
      const a = this.data.subarray(i * w, (i + 1) * w);
      const b = this.data.subarray((i + 1) * w, (i + 2) * w);
      this.merge(this.scratch, a, b);
      this.data.set(this.scratch, out * w);
      out += 1;
    }
    // An odd older half leaves one unpaired row: keep it as is.
    const start = half % 2 === 1 ? half - 1 : half;
    this.data.copyWithin(out * w, start * w, this.n * w);
    this.n = out + (this.n - start);
  }
}

/** Mean of the finite values among `a` and `b`; NaN when neither is finite. */
export function finiteMean(a: number, b: number): number {
  const fa = Number.isFinite(a);
  const fb = Number.isFinite(b);
  if (fa && fb) return (a + b) / 2;
  return fa ? a : fb ? b : Number.NaN;
}
