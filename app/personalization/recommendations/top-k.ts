/** Keeps the k highest-scoring ids seen (a min-heap on score), for ranking without sorting everything. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Int32Array;
  size = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(k);
    this.ids = new Int32Array(k);
  }

  clear() {
    this.size = 0;
  }

  push(id: number, score: number) {
    if (this.size < this.k) {
      let at = this.size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (this.scores[parent]! <= score) break;
        this.scores[at] = this.scores[parent]!;
        this.ids[at] = this.ids[parent]!;
        at = parent;
      }
      this.scores[at] = score;
      this.ids[at] = id;
    } else if (this.k > 0 && score > this.scores[0]!) {
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= this.k) break;
        const right = left + 1;
        const child = right < this.k && this.scores[right]! < this.scores[left]! ? right : left;
        if (this.scores[child]! >= score) break;
        this.scores[at] = this.scores[child]!;
        this.ids[at] = this.ids[child]!;
        at = child;
      }
      this.scores[at] = score;
      this.ids[at] = id;
    }
  }

  /** Ids and scores, best first; ties broken by the smaller id so results are deterministic. */
  sorted(): { ids: Int32Array; scores: Float64Array } {
    const order = Array.from({ length: this.size }, (_, i) => i).sort(
      (a, b) => this.scores[b]! - this.scores[a]! || this.ids[a]! - this.ids[b]!,
    );
    return { ids: Int32Array.from(order, (i) => this.ids[i]!), scores: Float64Array.from(order, (i) => this.scores[i]!) };
  }
}
