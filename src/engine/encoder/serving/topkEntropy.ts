/**
 * Predictive entropy from the top-k log-probabilities a server returns, when it does not return the whole
 * distribution — an estimate, and a LOWER BOUND. The top-k part is exact; the remaining mass r = 1 − Σ p_top
 * lies on tokens that each have p ≤ p_k (the smallest listed probability), so the tail holds at least r / p_k
 * tokens. The tail is taken as m = min(vocab − k, r / p_k) tokens of equal share: the least entropy a tail
 * consistent with the ranking can have (the most, −r·log(r/(vocab − k)), is a flat tail). The estimate is
 * close when r is small, as it is for confident predictions; on flat distributions it reads low.
 */
export function entropyFromTopK(topLogprobs: readonly number[], vocabSize: number): number {
  let mass = 0;
  let h = 0;
  let minP = 1;
  for (const lp of topLogprobs) {
    if (!Number.isFinite(lp)) continue;
    const p = Math.exp(lp);
    mass += p;
    h -= p * lp;
    if (p < minP) minP = p;
  }
  const rest = 1 - mass;
  const listed = topLogprobs.length;
  if (rest > 1e-9 && vocabSize > listed && minP > 0) {
    const tailTokens = Math.max(1, Math.min(vocabSize - listed, rest / minP));
    h -= rest * Math.log(rest / tailTokens);
  }
  return Math.max(0, h * Math.LOG2E);
}
