import type { Encoder } from '../encoder/encoder';
import type { PlanItem } from '../plan/planner';
import { pruneBody, type PrunedBody } from '../plan/prune';
import type { TokenCounter } from '../tokenize/tokenCounter';
import type { Unit } from '../types';
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

/** A unit's pruned form under one encoder and tokenizer (null: pruning leaves nothing to save), kept while it lives. */
interface Remembered {
  readonly encoder: Encoder;
  readonly counter: TokenCounter;
  readonly form: PrunedForm | null;
}

/**
 * The extension ranks the same units on every request, and the same bodies are worth pruning from one request to
 * the next: re-encoding and scoring each by line was ~30 ms of a 0.7 MB request (bench/warm-requests.js).
 */
const remembered = new WeakMap<Unit, Remembered>();

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
  const known = (i: number): Remembered | undefined => {
    const unit = items[i]?.unit;
    const r = unit ? remembered.get(unit) : undefined;
    return r && r.encoder === encoder && r.counter === counter ? r : undefined;
  };
  const fresh = candidates.filter((i) => !known(i));
  const lines = await lineSurprisal(encoder, counter, fresh.map((i) => items[i]?.unit.text ?? ''), signal);
  fresh.forEach((i, k) => {
    const item = items[i];
    const surprisal = lines[k];
    if (!item || !surprisal) return;
    const body = pruneBody(item.unit, surprisal);
    remembered.set(item.unit, { encoder, counter, form: body ? { ...body, tokens: counter.count(body.text) } : null });
  });
  for (const i of candidates) {
    const item = items[i];
    const form = known(i)?.form;
    if (item && form && form.tokens <= item.verbatimTokens * MAX_SHARE) out.set(i, form);
  }
  return out;
}
