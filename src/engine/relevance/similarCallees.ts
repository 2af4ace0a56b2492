import type { UnitKind } from '../types';
import { identifierCounts } from './identifierScan';
import type { WeightedQuery } from './query';

export interface SimilarCalleesOptions {
  /** How many of the bodies most like the code at the cursor lend their names. */
  readonly seeds?: number;
  /** Weight of all their names together, as a share of the query's own identifier weight. */
  readonly share?: number;
  /** A seed's pull falls with its lexical score relative to the best one, to this power. */
  readonly power?: number;
}

interface SeedInput {
  readonly unit: { readonly kind: UnitKind; readonly name?: string; readonly text: string };
  readonly pinned: boolean;
  readonly follows?: number;
}

const SEEDS = 3;
/** Measured on the completion benchmark (seed 1): 0.5 beat 1 at 1k and 4k, tied at 8k. */
const SHARE = 0.5;
const POWER = 2;
const BODY_KINDS: ReadonlySet<UnitKind> = new Set(['function', 'method']);

/**
 * The query's identifiers with those of the bodies most like the code at the cursor added: the code about to be
 * written calls much of what its closest relatives call (a `filterSpec` next to a `filterSpecList`), names the
 * query has not typed yet. Each seed lends its names in proportion to how often it uses them (√count, as the
 * reference graph counts them), the seeds together `share` of the query's own weight, split by lexical rank.
 * The query is returned unchanged when no unit resembles it.
 */
export function withSimilarCallees(items: readonly SeedInput[], lexical: readonly number[], query: WeightedQuery, options: SimilarCalleesOptions = {}): WeightedQuery {
  const seeds = options.seeds ?? SEEDS;
  const share = options.share ?? SHARE;
  const power = options.power ?? POWER;
  if (seeds <= 0 || share <= 0 || query.identifiers.size === 0) return query;
  const candidates = items
    .flatMap((it, i) => ((lexical[i] ?? 0) > 0 && !it.pinned && it.follows === undefined && BODY_KINDS.has(it.unit.kind) ? [{ i, score: lexical[i] ?? 0 }] : []))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, seeds);
  const best = candidates[0]?.score ?? 0;
  if (best <= 0) return query;
  const pulls = candidates.map((c) => Math.pow(c.score / best, power));
  const totalPull = pulls.reduce((a, b) => a + b, 0);
  let queryWeight = 0;
  for (const w of query.identifiers.values()) queryWeight += w;
  const identifiers = new Map(query.identifiers);
  candidates.forEach((c, k) => {
    const unit = items[c.i]?.unit;
    if (!unit) return;
    const counts = identifierCounts(unit.text);
    if (unit.name !== undefined) counts.delete(unit.name);
    let norm = 0;
    for (const n of counts.values()) norm += Math.sqrt(n);
    if (norm === 0) return;
    const mass = (share * queryWeight * (pulls[k] ?? 0)) / totalPull / norm;
    for (const [id, n] of counts) identifiers.set(id, (identifiers.get(id) ?? 0) + mass * Math.sqrt(n));
  });
  return { ...query, identifiers };
}
