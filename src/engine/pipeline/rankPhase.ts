import { throwIfAborted } from '../abort';
import { canPrune, prunedForms } from '../density/prunedForms';
import type { Encoder } from '../encoder/encoder';
import type { LevelValues } from '../plan/planner';
import { scoreUnits, withPrunedValue } from '../relevance';
import { conditionalPerplexityGains, measuresConditionalPerplexity, type ConditionalPerplexityMode } from '../relevance/conditionalPerplexity';
import type { TokenCounter } from '../tokenize/tokenCounter';
import type { CompressStats, Logger } from '../types';
import type { UnitItem } from './work';

/** Units ranked by conditional perplexity (a forward pass each): the ones whose bodies are worth most. */
const CONDITIONAL_PERPLEXITY_UNITS = 16;

export interface RankOptions {
  readonly query: string | undefined;
  readonly budget: number;
  readonly counter: TokenCounter;
  /** The encoder that scored density, when one ran: it also ranks by conditional perplexity and prunes bodies. */
  readonly encoder: Encoder | undefined;
  readonly conditionalPerplexity: ConditionalPerplexityMode;
  readonly log: Logger;
  readonly signal: AbortSignal | undefined;
}

/** How much keeping an item whole adds to its declaration. */
function worth(values: LevelValues | undefined): number {
  return (values?.verbatim ?? 0) - (values?.signature ?? 0);
}

/**
 * Indices of the items that pass `eligible`, by how much keeping them whole adds to their declaration
 * (most first, ties by position), at most `limit`; items that add nothing are left out.
 */
function mostWorth(items: readonly UnitItem[], eligible: (item: UnitItem) => boolean, limit: number): number[] {
  return items
    .flatMap((it, i) => {
      const w = worth(it.values);
      return w > 0 && eligible(it) ? [{ i, w }] : [];
    })
    .sort((a, b) => b.w - a.w || a.i - b.i)
    .slice(0, limit)
    .map(({ i }) => i);
}

function applyScores(items: readonly UnitItem[], scores: { relevance: readonly number[]; values: readonly LevelValues[] }): void {
  items.forEach((it, i) => {
    it.relevance = scores.relevance[i] ?? 0;
    const v = scores.values[i];
    if (v) it.values = v;
  });
}

/**
 * What each unit is worth to the query (relevance and the worth of each level), then pruned forms for the units
 * whose bodies are worth most. With a long-context encoder, the units most worth keeping whole are also ranked by
 * how much each lowers the query's perplexity (LongCodeZip), and scored again with that evidence.
 */
export async function rankPhase(items: readonly UnitItem[], options: RankOptions): Promise<CompressStats['conditionalPerplexity']> {
  const { query, budget, encoder, counter, signal } = options;
  applyScores(items, scoreUnits(items, query, { budget }));
  let conditionalPerplexity: CompressStats['conditionalPerplexity'];
  if (encoder && query?.trim() && measuresConditionalPerplexity(options.conditionalPerplexity, encoder)) {
    const tCp = performance.now();
    const candidates = mostWorth(items, (it) => !it.pinned && it.follows === undefined && it.unit.kind !== 'import', CONDITIONAL_PERPLEXITY_UNITS);
    const gains = await conditionalPerplexityGains(encoder, counter, query, candidates.map((i) => ({ index: i, text: items[i]?.unit.text ?? '' })), signal);
    applyScores(items, scoreUnits(items, query, { budget, perplexityGain: items.map((_, i) => gains.get(i) ?? 0) }));
    conditionalPerplexity = { units: candidates.length, ms: performance.now() - tCp };
    options.log.debug(`conditional perplexity: ${candidates.length} units in ${conditionalPerplexity.ms.toFixed(0)} ms`);
  }
  throwIfAborted(signal);
  // Pruned bodies (by the encoder's surprisal) for the units whose bodies are worth most.
  if (encoder) {
    const byWorth = mostWorth(items, (it) => canPrune(it, it.dense ?? false), Number.POSITIVE_INFINITY);
    const pruned = await prunedForms(encoder, counter, items, byWorth, signal);
    for (const [i, form] of pruned) {
      const it = items[i];
      if (!it) continue;
      if (it.values) it.values = withPrunedValue(it.values, form.keptInformation);
      it.prunedTokens = form.tokens;
      it.prunedText = form.text;
    }
  }
  return conditionalPerplexity;
}
