import type { Encoder } from '../encoder/encoder';
import type { TokenCounter } from '../tokenize/tokenCounter';

/** Tokens of the query whose perplexity is measured: the code just before the cursor. */
const QUERY_TOKENS = 128;
/** Tokens of each candidate put before the query: its end, nearest to where the query follows. */
const CANDIDATE_TOKENS = 384;
/** An encoder that conditions on fewer preceding tokens cannot tell (a 4-gram model sees 3). */
export const MIN_CONTEXT_TOKENS = 256;

/** When to measure conditional perplexity: `auto` only on a GPU (each candidate costs a forward pass), `on` always, `off` never. */
export type ConditionalPerplexityMode = 'auto' | 'on' | 'off';

/** Whether the mode and the encoder allow measuring (a long-context encoder; on a GPU for `auto`). */
export function measuresConditionalPerplexity(mode: ConditionalPerplexityMode, encoder: Encoder): boolean {
  if (mode === 'off' || encoder.info.contextTokens < MIN_CONTEXT_TOKENS) return false;
  return mode === 'on' || !/^cpu|wasm/.test(encoder.info.device);
}

export interface Candidate {
  /** The caller's index for the unit. */
  readonly index: number;
  readonly text: string;
}

function meanOver(surprisal: Float32Array | undefined, from: number, to: number): number {
  if (!surprisal || to <= from) return Number.NaN;
  let sum = 0;
  for (let i = from; i < to; i++) sum += surprisal[i] ?? 0;
  return sum / (to - from);
}

/**
 * LongCodeZip's coarse-grained relevance (Shi et al., 2025): how much a unit, put before the query, lowers the
 * query's perplexity under the encoder — an approximation of their mutual information. Each candidate's last
 * tokens followed by the query's last tokens are scored as one sequence, the query alone as another; the gain is
 * the drop in the query's mean surprisal (bits/token, i.e. log perplexity), scaled by the largest gain to [0, 1].
 * Units that do not help get 0. One batch; the encoder's cache makes a repeat free.
 */
export async function conditionalPerplexityGains(encoder: Encoder, counter: TokenCounter, query: string, candidates: readonly Candidate[], signal?: AbortSignal): Promise<Map<number, number>> {
  const gains = new Map<number, number>();
  const q = counter.encode(query).slice(-QUERY_TOKENS);
  if (q.length === 0 || candidates.length === 0) return gains;
  const prefixes = candidates.map((c) => counter.encode(c.text).slice(-CANDIDATE_TOKENS));
  const scores = await encoder.score([q, ...prefixes.map((p) => [...p, ...q])], signal);
  const alone = meanOver(scores[0]?.surprisal, 0, q.length);
  let best = 0;
  const raw = candidates.map((c, k) => {
    const p = prefixes[k]?.length ?? 0;
    const gain = alone - meanOver(scores[k + 1]?.surprisal, p, p + q.length);
    const g = Number.isFinite(gain) && gain > 0 ? gain : 0;
    best = Math.max(best, g);
    return { index: c.index, g };
  });
  for (const { index, g } of raw) gains.set(index, best > 0 ? g / best : 0);
  return gains;
}
