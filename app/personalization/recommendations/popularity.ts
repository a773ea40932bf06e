import type { SparseRows } from "./sparse";

/** Per item: the sum of its entries' values over all rows (distinct buyers, or recency-weighted buyers). */
export function itemPopularity(byRow: SparseRows): Float64Array {
  const popularity = new Float64Array(byRow.cols);
  for (let e = 0; e < byRow.index.length; e++) popularity[byRow.index[e]!]! += byRow.value[e]!;
  return popularity;
}

/** Item indexes by descending popularity (ties by index), the fallback ranking for customers with no history. */
export function popularityRanking(popularity: Float64Array): Int32Array {
  return Int32Array.from(popularity.keys()).sort((a, b) => popularity[b]! - popularity[a]! || a - b);
}
