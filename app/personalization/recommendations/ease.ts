// EASE^R (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): item weights
// B = I − P · diag(1 / diag P) with P = (XᵀX + λI)⁻¹, zero diagonal. Needs a dense items × items
// inverse, so it is the quality baseline for small catalogues, not the model a large shop runs.
import type { SparseRows } from "./sparse";

export interface EaseModel {
  items: number;
  /** items × items, row-major: score_j = Σ_{i bought} weights[i·items + j]. */
  weights: Float64Array;
}

export function fitEase(userItems: SparseRows, lambda: number): EaseModel {
  const n = userItems.cols;
  const gram = new Float64Array(n * n);
  for (let u = 0; u < userItems.rows; u++) {
    const start = userItems.ptr[u]!;
    const end = userItems.ptr[u + 1]!;
    for (let e = start; e < end; e++) {
      const i = userItems.index[e]!;
      for (let f = start; f < end; f++) gram[i * n + userItems.index[f]!]! += 1;
    }
  }
  for (let i = 0; i < n; i++) gram[i * n + i]! += lambda;
  const inverse = invertSymmetricPositiveDefinite(gram, n);
  const diagonal = Float64Array.from({ length: n }, (_, j) => inverse[j * n + j]!);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) inverse[i * n + j] = i === j ? 0 : -inverse[i * n + j]! / diagonal[j]!;
  }
  return { items: n, weights: inverse };
}

/** Adds the user's scores over all items into `into` (length = items). */
export function scoreEase(model: EaseModel, history: ArrayLike<number>, into: Float64Array) {
  const { items, weights } = model;
  for (let h = 0; h < history.length; h++) {
    const row = history[h]! * items;
    for (let j = 0; j < items; j++) into[j]! += weights[row + j]!;
  }
}

/**
 * A⁻¹ for symmetric positive-definite A (row-major, n × n) through Cholesky A = LLᵀ, then L⁻¹ row by
 * row and A⁻¹ = L⁻ᵀL⁻¹; every inner loop runs along a contiguous row. `a` is overwritten.
 */
export function invertSymmetricPositiveDefinite(a: Float64Array, n: number): Float64Array {
  // Cholesky–Banachiewicz, in place in the lower triangle of a.
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      let sum = a[rowI + j]!;
      for (let k = 0; k < j; k++) sum -= a[rowI + k]! * a[rowJ + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new RangeError("matrix is not positive definite");
        a[rowI + i] = Math.sqrt(sum);
      } else a[rowI + j] = sum / a[rowJ + j]!;
    }
  }
  // L⁻¹ (lower): row i = (e_i − Σ_{k<i} L_ik · row k of L⁻¹) / L_ii.
  const inverseL = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let k = 0; k < i; k++) {
      const factor = a[rowI + k]!;
      if (factor === 0) continue;
      const rowK = k * n;
      for (let j = 0; j <= k; j++) inverseL[rowI + j]! -= factor * inverseL[rowK + j]!;
    }
    const diagonal = a[rowI + i]!;
    for (let j = 0; j < i; j++) inverseL[rowI + j]! /= diagonal;
    inverseL[rowI + i] = 1 / diagonal;
  }
  // A⁻¹ = Σ_k (row k of L⁻¹)ᵀ (row k of L⁻¹), lower triangle first, into a's storage.
  a.fill(0);
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    for (let i = 0; i <= k; i++) {
      const factor = inverseL[rowK + i]!;
      if (factor === 0) continue;
      const rowI = i * n;
      for (let j = 0; j <= i; j++) a[rowI + j]! += factor * inverseL[rowK + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
  return a;
}
