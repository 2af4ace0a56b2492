import type { Encoder } from '../encoder/encoder';
import type { PlanItem } from '../plan/planner';
import { pruneBody, type PrunedBody } from '../plan/prune';
import type { TokenCounter } from '../tokenize/tokenCounter';
import { lineSurprisal } from './lineSurprisal';

/** A pruned body with its exact token count. */
export interface PrunedForm extends PrunedBody {
  readonly tokens: number;
}

/** Functions smaller than this are kept whole or elided, not pruned: the markers would eat the saving. */
const MIN_TOKENS = 48;
/** A pruned form must cost at most this share of the whole unit. */
const MAX_SHARE = 0.75;
/**
 * Only the units whose bodies are worth most are pruned: a pruned form is only chosen for a body worth keeping
 * in part, and this bounds the work on large inputs (their scores come from the density pass's cache, but each
 * is re-encoded and split by line, and pruned and counted).
 */
const MAX_CANDIDATES = 120;

/** Whether a unit can have a pruned form: a function or method, not pinned, not dense, big enough. */
export function canPrune(item: PlanItem, dense: boolean): boolean {
  return !item.pinned && !dense && item.follows === undefined && (item.unit.kind === 'function' || item.unit.kind === 'method') && item.unit.declaration !== undefined && item.verbatimTokens >= MIN_TOKENS;
}

/**
 * Pruned forms, from the encoder's per-line surprisal, for the items given in order of how much their bodies
 * are worth (the first MAX_CANDIDATES are tried); a map from item index to its form, for those it saves enough.
 */
export async function prunedForms(encoder: Encoder, counter: TokenCounter, items: readonly PlanItem[], byWorth: readonly number[], signal?: AbortSignal): Promise<Map<number, PrunedForm>> {
  const candidates = byWorth.slice(0, MAX_CANDIDATES);
  const out = new Map<number, PrunedForm>();
  if (candidates.length === 0) return out;
  const lines = await lineSurprisal(encoder, counter, candidates.map((i) => items[i]?.unit.text ?? ''), signal);
  candidates.forEach((i, k) => {
    const item = items[i];
    const surprisal = lines[k];
    if (!item || !surprisal) return;
    const body = pruneBody(item.unit, surprisal);
    if (!body) return;
    const tokens = counter.count(body.text);
    if (tokens <= item.verbatimTokens * MAX_SHARE) out.set(i, { ...body, tokens });
  });
  return out;
}
