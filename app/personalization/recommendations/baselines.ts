// The three reference models the shop's own model is measured against.
import { fitEase, scoreEase } from "./ease";
import { itemNeighbours } from "./item-neighbours";
import { rankForUser, type Recommender, type TrainingData } from "./recommender";
import { rowItems } from "./sparse";

/** Global popularity: the same best sellers for everyone (minus what they bought). */
export function popularityRecommender(data: TrainingData): Recommender {
  const seen = new Uint8Array(data.items);
  return { recommend: (user, k) => rankForUser(data, user, k, [], () => 0, seen) };
}

/** Classic item-kNN: score_j = Σ_{i bought} cosine(i, j) over each item's top-`neighbours`. */
export function itemKnnRecommender(data: TrainingData, neighbours: number): Recommender {
  const similar = itemNeighbours(data.userItems, { k: neighbours });
  return sparseNeighbourRecommender(data, (user, add) => {
    for (const i of user < data.users ? rowItems(data.userItems, user) : []) {
      for (let e = similar.ptr[i]!; e < similar.ptr[i + 1]!; e++) add(similar.index[e]!, similar.value[e]!);
    }
  });
}

export function easeRecommender(data: TrainingData, lambda: number): Recommender {
  const model = fitEase(data.userItems, lambda);
  const scores = new Float64Array(data.items);
  const all = Int32Array.from({ length: data.items }, (_, i) => i);
  const seen = new Uint8Array(data.items);
  return {
    recommend(user, k) {
      scores.fill(0);
      if (user < data.users) scoreEase(model, rowItems(data.userItems, user), scores);
      return rankForUser(data, user, k, all, (item) => scores[item]!, seen);
    },
  };
}

/** Accumulates sparse scores into a reusable buffer, touching only the candidates a user's history reaches. */
export function sparseNeighbourRecommender(data: TrainingData, accumulate: (user: number, add: (item: number, score: number) => void) => void, extraCandidates: Int32Array = new Int32Array(0), bonus?: (item: number, raw: number, maxRaw: number) => number): Recommender {
  const scores = new Float64Array(data.items);
  const isCandidate = new Uint8Array(data.items);
  const seen = new Uint8Array(data.items);
  const candidates: number[] = [];
  return {
    recommend(user, k) {
      candidates.length = 0;
      accumulate(user, (item, score) => {
        if (!isCandidate[item]) {
          isCandidate[item] = 1;
          candidates.push(item);
        }
        scores[item]! += score;
      });
      for (const item of extraCandidates) {
        if (!isCandidate[item]) {
          isCandidate[item] = 1;
          candidates.push(item);
        }
      }
      let maxRaw = 0;
      for (const item of candidates) maxRaw = Math.max(maxRaw, scores[item]!);
      const score = bonus ? (item: number) => bonus(item, scores[item]!, maxRaw) : (item: number) => scores[item]!;
      const ranked = rankForUser(data, user, k, candidates, score, seen);
      for (const item of candidates) {
        scores[item] = 0;
        isCandidate[item] = 0;
      }
      return ranked;
    },
  };
}
