// Item-to-item similarity from co-occurrence in rows (customers or orders), keeping only each item's
// top-k neighbours: memory is items × k, never items × items.
import { transpose, type SparseRows } from "./sparse";
import { TopK } from "./top-k";

export interface NeighbourOptions {
  /** Neighbours kept per item. */
  k: number;
  /**
   * sim(i, j) = c_ij / (n_i^α · n_j^(1−α)); α = ½ is cosine. A larger α penalises popular targets j
   * less ("asymmetric cosine", Aiolli 2013).
   */
  alpha?: number;
  /** Pairs seen together fewer times are ignored (one shared basket is often chance). */
  minCooccurrence?: number;
}

/** Returns items × items sparse rows: row i holds i's neighbours j ≠ i, best first. */
export function itemNeighbours(byRow: SparseRows, { k, alpha = 0.5, minCooccurrence = 1 }: NeighbourOptions): SparseRows {
  const items = byRow.cols;
  const byItem = transpose(byRow);
  const norm = new Float64Array(items);
  for (let e = 0; e < byRow.index.length; e++) norm[byRow.index[e]!]! += byRow.value[e]! ** 2;

  const together = new Float64Array(items);
  const count = new Int32Array(items);
  const touched = new Int32Array(items);
  const top = new TopK(k);
  const ptr = new Int32Array(items + 1);
  const index: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < items; i++) {
    let touchedCount = 0;
    for (let e = byItem.ptr[i]!; e < byItem.ptr[i + 1]!; e++) {
      const row = byItem.index[e]!;
      const vi = byItem.value[e]!;
      for (let f = byRow.ptr[row]!; f < byRow.ptr[row + 1]!; f++) {
        const j = byRow.index[f]!;
        if (j === i) continue;
        if (count[j] === 0) touched[touchedCount++] = j;
        count[j]!++;
        together[j]! += vi * byRow.value[f]!;
      }
    }
    top.clear();
    const ni = Math.pow(norm[i]!, alpha);
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t]!;
      if (count[j]! >= minCooccurrence) top.push(j, together[j]! / (ni * Math.pow(norm[j]!, 1 - alpha)));
      together[j] = 0;
      count[j] = 0;
    }
    const best = top.sorted();
    for (let n = 0; n < best.ids.length; n++) {
      index.push(best.ids[n]!);
      value.push(best.scores[n]!);
    }
    ptr[i + 1] = index.length;
  }
  return { rows: items, cols: items, ptr, index: Int32Array.from(index), value: Float32Array.from(value) };
}
