import type { LevelValues } from '../plan/planner';
import type { Unit, UnitKind } from '../types';
import { lexicalScores } from './lexical';
import { isProse } from './prose';
import { weightQuery } from './query';
import { referenceScores, type ReferenceOptions } from './references';
import { withSimilarCallees, type SimilarCalleesOptions } from './similarCallees';

export interface ScoreInput {
  readonly unit: Unit;
  readonly fileIndex: number;
  readonly pinned: boolean;
  readonly follows?: number;
}

export interface ScoreOptions {
  /**
   * Per-unit gain from a neural encoder, when one is loaded: how much the unit lowers the query's perplexity
   * (LongCodeZip's conditional perplexity), scaled to [0, 1]. Counts as lexical evidence that a body is worth
   * keeping whole.
   */
  readonly perplexityGain?: readonly number[];
  readonly references?: ReferenceOptions;
  /** How the bodies most like the query lend their names to reference relevance (similarCallees.ts). */
  readonly similarCallees?: SimilarCalleesOptions;
  /** The token budget the scores are for: the more room, the more bodies are worth their tokens. */
  readonly budget?: number;
}

export interface UnitScores {
  /** One number per unit for people (the side panel): how much it matters to the query, 0–1.5. */
  readonly relevance: number[];
  /** What each representation of each unit is worth to the planner. */
  readonly values: LevelValues[];
}

/** What a unit is worth with no query at all: structure (imports, types, class headers) before bodies. */
const KIND_PRIOR: Record<UnitKind, number> = {
  import: 0.04,
  type: 0.06,
  class: 0.06,
  function: 0.04,
  method: 0.03,
  other: 0.02,
  block: 0.02,
};

/** How much a whole body is worth when it resembles the code at the cursor (it is what a completion imitates). */
const BODY_WEIGHT = 9;
/** Reference rank is relative to this unit in rank order (see scoreUnits). */
const REF_SCALE_RANK = 3;
/**
 * A body's worth falls steeply with its lexical rank (relevance to the best match, to this power): the few
 * closest matches are what a completion imitates; middling ones cost as much and help little, and their
 * tokens buy more declarations instead.
 */
const LEXICAL_POWER = 4;
/** The budget at which a body's weight is BODY_WEIGHT and its lexical power LEXICAL_POWER. */
const BODY_WEIGHT_BUDGET = 2000;
/** A skeleton's doc and a verbatim unit's body add to what its declaration alone says. */
const SKELETON_OVER_SIGNATURE = 1.1;
const VERBATIM_OVER_SIGNATURE = 1.25;
/**
 * Share of what a whole unit adds to its declaration that the comment above the declaration carries. Small: a
 * completion needs the code it calls and imitates; the doc is kept when there is room for it.
 */
const DOC_WORTH = 0.1;
/** The imports and class headers of the query's own file say what the code at the cursor can use. */
const QUERY_FILE_STRUCTURE = 0.3;
const QUERY_FILE_UNIT = 0.05;

/**
 * Scores every unit against the query from three signals: (1) reference relevance, the definitions the query's
 * code names, and theirs in turn with decay (references.ts); (2) lexical relevance, BM25 over identifier words
 * weighted towards the cursor (lexical.ts); (3) a structural prior. A declaration line keeps (1); a whole
 * body keeps (1) and (2). Without a query only the prior counts.
 */
export function scoreUnits(items: readonly ScoreInput[], query: string | undefined, options: ScoreOptions = {}): UnitScores {
  const weighted = weightQuery(query);
  // A question in words with no code at a cursor (Ask) is matched as prose: stemmed, stop words out.
  const lex = lexicalScores(items, weighted, isProse(query) && !items.some((it) => it.pinned));
  // Code at a cursor will call much of what the bodies most like it call: their names join the query's. Not without
  // a cursor (a question, a selection): nothing is about to be written there (on the benchmark's question set it
  // cost 2 points of answer-body recall at 4k).
  const atCursor = items.some((it) => it.pinned);
  const refs = referenceScores(items, atCursor ? withSimilarCallees(items, lex, weighted, options.similarCallees) : weighted, options.references);
  // Scaled by units that are not already kept (the query's own code would set the scale otherwise). Reference
  // rank is scaled by the REF_SCALE_RANK-th best unit, not the best: one outlier (a unit misnamed after `std`
  // by a macro the grammar cannot expand, which every `std::` then points at) would squash every other
  // definition's worth; the units above it stay in order, a little above 1 (relativeRank).
  const bestRef = nthLargest(items, refs, REF_SCALE_RANK);
  let bestLex = 0;
  items.forEach((it, i) => {
    if (!it.pinned) bestLex = Math.max(bestLex, lex[i] ?? 0);
  });
  // With more room, more bodies are worth their tokens: the weight grows with √budget (9 at 2k tokens, 18 at 8k).
  const room = options.budget !== undefined ? Math.max(options.budget, 250) / BODY_WEIGHT_BUDGET : 1;
  const bodyWeight = BODY_WEIGHT * Math.sqrt(room);
  // With less room, only the very closest matches are worth a body's tokens: below BODY_WEIGHT_BUDGET the power
  // grows as 1/√room (5.7 at 1k tokens), so the budget goes to declarations instead of middling bodies. Measured
  // on the completion benchmark at 1k: signatures +4.4 / +1.3 (two case sets), bodies 0 / −0.8.
  const lexicalPower = LEXICAL_POWER * Math.max(1, 1 / Math.sqrt(room));
  const queryFiles = new Set(items.filter((it) => it.pinned).map((it) => it.fileIndex));
  const relevance: number[] = [];
  const values: LevelValues[] = [];
  items.forEach((it, i) => {
    const d = bestRef > 0 ? relativeRank((refs[i] ?? 0) / bestRef) : 0;
    const lexical = bestLex > 0 ? Math.min((lex[i] ?? 0) / bestLex, 1) : 0;
    const l = Math.max(lexical, options.perplexityGain?.[i] ?? 0);
    const kind = it.unit.kind;
    let prior = KIND_PRIOR[kind];
    if (queryFiles.has(it.fileIndex)) prior += kind === 'import' || kind === 'class' ? QUERY_FILE_STRUCTURE : QUERY_FILE_UNIT;
    // Each step up keeps strictly more, so with room for everything everything ends verbatim.
    const signature = d + prior * 0.5;
    const skeleton = d * SKELETON_OVER_SIGNATURE + prior * 0.7;
    const verbatim = d * VERBATIM_OVER_SIGNATURE + bodyWeight * Math.pow(l, lexicalPower) + prior;
    const code = signature + (verbatim - signature) * (1 - DOC_WORTH);
    values.push({ signature, skeleton, code, verbatim });
    relevance.push(Math.max(d, l) + prior);
  });
  return { relevance, values };
}

/**
 * What a pruned form (the declaration and the body lines carrying `keptInformation` of the body's bits, no doc)
 * is worth: the declaration's worth plus that share of what the code without its doc adds to it.
 */
export function withPrunedValue(values: LevelValues, keptInformation: number): LevelValues {
  if (!(keptInformation > 0 && keptInformation < 1)) return values;
  const signature = values.signature ?? 0;
  return { ...values, pruned: signature + ((values.code ?? values.verbatim) - signature) * keptInformation };
}

/**
 * The n-th largest positive value of the units not pinned (the smallest positive one when there are fewer), 0
 * when none. Kept as a short sorted list of the n largest: sorting every unit's value was ~15 ms a request.
 */
function nthLargest(items: readonly ScoreInput[], values: readonly number[], n: number): number {
  const top: number[] = [];
  items.forEach((it, i) => {
    const v = values[i] ?? 0;
    if (it.pinned || !(v > 0) || (top.length === n && v <= top[n - 1]!)) return;
    let at = top.length;
    while (at > 0 && top[at - 1]! < v) at--;
    top.splice(at, 0, v);
    if (top.length > n) top.pop();
  });
  return top[top.length - 1] ?? 0;
}

/** A rank relative to the scale: itself up to 1, then growing only logarithmically, so that order is kept. */
function relativeRank(x: number): number {
  return x <= 1 ? x : 1 + 0.1 * Math.log(x);
}
