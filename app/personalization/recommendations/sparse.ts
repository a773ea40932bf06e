// Compressed sparse rows: the only matrix shape the scalable models use (no dense item × item).

export interface SparseRows {
  rows: number;
  cols: number;
  /** Row r's entries are [ptr[r], ptr[r + 1]). */
  ptr: Int32Array;
  index: Int32Array;
  value: Float32Array;
}

export interface Purchases {
  /** Row (customer or order) of each line. */
  row: Int32Array;
  item: Int32Array;
  time: Float64Array;
}

/**
 * One entry per distinct (row, item), valued `weight(latest purchase time of that item in that row)`.
 * Built with a counting sort by row and a per-item marker, so it is linear in the number of lines.
 */
export function purchaseMatrix(purchases: Purchases, rows: number, cols: number, weight: (time: number) => number = () => 1): SparseRows {
  const lines = purchases.row.length;
  const start = new Int32Array(rows + 1);
  for (let i = 0; i < lines; i++) start[purchases.row[i]! + 1]!++;
  for (let r = 0; r < rows; r++) start[r + 1]! += start[r]!;
  const byRow = new Int32Array(lines);
  const fill = start.slice(0, rows);
  for (let i = 0; i < lines; i++) byRow[fill[purchases.row[i]!]!++] = i;

  const ptr = new Int32Array(rows + 1);
  const index = new Int32Array(lines);
  const latest = new Float64Array(lines);
  const owner = new Int32Array(cols).fill(-1);
  const slot = new Int32Array(cols);
  let size = 0;
  for (let r = 0; r < rows; r++) {
    for (let p = start[r]!; p < start[r + 1]!; p++) {
      const line = byRow[p]!;
      const item = purchases.item[line]!;
      if (owner[item] !== r) {
        owner[item] = r;
        slot[item] = size;
        index[size] = item;
        latest[size] = purchases.time[line]!;
        size++;
      } else if (purchases.time[line]! > latest[slot[item]!]!) latest[slot[item]!] = purchases.time[line]!;
    }
    ptr[r + 1] = size;
  }
  return { rows, cols, ptr, index: index.slice(0, size), value: Float32Array.from(latest.subarray(0, size), weight) };
}

export function transpose(m: SparseRows): SparseRows {
  const ptr = new Int32Array(m.cols + 1);
  for (let e = 0; e < m.index.length; e++) ptr[m.index[e]! + 1]!++;
  for (let c = 0; c < m.cols; c++) ptr[c + 1]! += ptr[c]!;
  const fill = ptr.slice(0, m.cols);
  const index = new Int32Array(m.index.length);
  const value = new Float32Array(m.index.length);
  for (let r = 0; r < m.rows; r++) {
    for (let e = m.ptr[r]!; e < m.ptr[r + 1]!; e++) {
      const at = fill[m.index[e]!]!++;
      index[at] = r;
      value[at] = m.value[e]!;
    }
  }
  return { rows: m.cols, cols: m.rows, ptr, index, value };
}

export function rowItems(m: SparseRows, row: number): Int32Array {
  return m.index.subarray(m.ptr[row]!, m.ptr[row + 1]!);
}
