// k-means with k-means++ seeding (Arthur & Vassilvitskii 2007) over a row-major Float64Array.

export interface Points {
  /** rows × cols values, row-major. */
  data: Float64Array;
  rows: number;
  cols: number;
}

export interface KMeansResult {
  k: number;
  /** k × cols, row-major. */
  centroids: Float64Array;
  assignment: Int32Array;
  /** Sum of squared distances to the assigned centroid. */
  inertia: number;
}

export interface KMeansOptions {
  points: Points;
  k: number;
  random: () => number;
  /** Start from these centroids instead of k-means++ seeding. */
  initialCentroids?: Float64Array;
  maxIterations?: number;
}

export function kmeans({ points, k, random, initialCentroids, maxIterations = 100 }: KMeansOptions): KMeansResult {
  const { rows, cols } = points;
  if (rows < k) throw new RangeError(`k-means needs at least k = ${k} points, got ${rows}`);
  const centroids = initialCentroids ? Float64Array.from(initialCentroids) : seedCentroids(points, k, random);
  const assignment = new Int32Array(rows).fill(-1);
  const sums = new Float64Array(k * cols);
  const counts = new Float64Array(k);
  let inertia = 0;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let changed = 0;
    inertia = 0;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < rows; i++) {
      const [nearest, distance] = nearestCentroid(points, i, centroids, k);
      inertia += distance;
      if (assignment[i] !== nearest) {
        assignment[i] = nearest;
        changed++;
      }
      counts[nearest]!++;
      for (let j = 0; j < cols; j++) sums[nearest * cols + j]! += points.data[i * cols + j]!;
    }
    if (changed === 0) break;
    for (let c = 0; c < k; c++) {
      // An emptied cluster restarts at a random point rather than disappearing.
      if (counts[c] === 0) {
        const row = Math.floor(random() * rows);
        for (let j = 0; j < cols; j++) centroids[c * cols + j] = points.data[row * cols + j]!;
        continue;
      }
      for (let j = 0; j < cols; j++) centroids[c * cols + j] = sums[c * cols + j]! / counts[c]!;
    }
  }
  return { k, centroids, assignment, inertia };
}

/** k-means++: each next seed is drawn with probability proportional to its squared distance to the nearest seed. */
function seedCentroids(points: Points, k: number, random: () => number): Float64Array {
  const { rows, cols, data } = points;
  const centroids = new Float64Array(k * cols);
  const copyRow = (c: number, row: number) => centroids.set(data.subarray(row * cols, row * cols + cols), c * cols);
  copyRow(0, Math.floor(random() * rows));
  const distance = new Float64Array(rows).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < rows; i++) {
      let d = 0;
      for (let j = 0; j < cols; j++) d += (data[i * cols + j]! - centroids[(c - 1) * cols + j]!) ** 2;
      if (d < distance[i]!) distance[i] = d;
      total += distance[i]!;
    }
    let target = random() * total;
    let chosen = rows - 1;
    for (let i = 0; i < rows; i++) {
      target -= distance[i]!;
      if (target < 0) {
        chosen = i;
        break;
      }
    }
    copyRow(c, chosen);
  }
  return centroids;
}

export function nearestCentroid(points: Points, row: number, centroids: Float64Array, k: number): [number, number] {
  const { cols, data } = points;
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < k; c++) {
    let d = 0;
    for (let j = 0; j < cols; j++) d += (data[row * cols + j]! - centroids[c * cols + j]!) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return [best, bestDistance];
}

/** Mean silhouette (Rousseeuw 1987) of the given rows, distances to all `rows` of `points`: O(n²), so callers sample. */
export function silhouette(points: Points, assignment: Int32Array, k: number): number {
  const { rows, cols, data } = points;
  const sizes = new Float64Array(k);
  for (let i = 0; i < rows; i++) sizes[assignment[i]!]!++;
  const sumDistance = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    sumDistance.fill(0);
    for (let other = 0; other < rows; other++) {
      let d = 0;
      for (let j = 0; j < cols; j++) d += (data[i * cols + j]! - data[other * cols + j]!) ** 2;
      sumDistance[assignment[other]!]! += Math.sqrt(d);
    }
    const own = assignment[i]!;
    if (sizes[own]! <= 1) continue; // a singleton's silhouette is 0 by definition
    const a = sumDistance[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sumDistance[c]! / sizes[c]!);
    total += (b - a) / Math.max(a, b);
  }
  return total / rows;
}
