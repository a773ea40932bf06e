/** Mulberry32: a small, fast, seeded generator so that every model run is reproducible. Returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `count` distinct indexes below `n`, drawn without replacement (all of them, in order, when count ≥ n). */
export function sampleIndexes(n: number, count: number, random: () => number): Int32Array {
  if (count >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * n));
  return Int32Array.from(chosen).sort();
}
