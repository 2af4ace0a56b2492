import { inSharedMemory } from '../../sharedArrays';
import { valuesToFloat, type NgramTables } from './tables';

/**
 * What a scorer reads, nothing else: the arrays of its trie, dequantised. Typed arrays over SharedArrayBuffers
 * cross to worker threads without a copy, so one process holds one model however many threads score with it.
 */
export interface ScorerArrays {
  readonly order: number;
  readonly unkLog2Prob: number;
  /** Tokenizer id → model-vocabulary id, or −1. */
  readonly denseOf: Int32Array;
  readonly prob: readonly Float32Array[];
  readonly backoff: readonly Float32Array[];
  readonly words: readonly (Uint16Array | Uint32Array)[];
  readonly childStart: readonly Uint32Array[];
}

/**
 * Scores token sequences with a backoff n-gram model. Per token it does at most order−1 binary searches:
 * the search for the token among the children of each current context node yields both the probability
 * (longest match) and the context nodes for the next position, so nothing is looked up twice.
 */
export class NgramScorer {
  readonly order: number;
  private readonly denseOf: Int32Array;
  private readonly prob: readonly Float32Array[];
  private readonly backoff: readonly Float32Array[];
  private readonly words: readonly (Uint16Array | Uint32Array)[];
  private readonly childStart: readonly Uint32Array[];
  private readonly unkLog2Prob: number;

  constructor(tables: NgramTables | ScorerArrays) {
    const a = 'levels' in tables ? scorerArrays(tables) : tables;
    this.order = a.order;
    this.unkLog2Prob = a.unkLog2Prob;
    this.denseOf = a.denseOf;
    this.prob = a.prob;
    this.backoff = a.backoff;
    this.words = a.words;
    this.childStart = a.childStart;
  }

  /** Its arrays, for a scorer on another thread (see sharedScorerArrays). */
  get arrays(): ScorerArrays {
    const { order, unkLog2Prob, denseOf, prob, backoff, words, childStart } = this;
    return { order, unkLog2Prob, denseOf, prob, backoff, words, childStart };
  }

  /** Writes −log2 p(ids[i] | ids[max(0,i−order+1)..i−1]) into out[i], in bits. */
  scoreInto(ids: ArrayLike<number>, out: Float32Array): void {
    const n = ids.length;
    const order = this.order;
    const denseOf = this.denseOf;
    const prob = this.prob;
    const backoff = this.backoff;
    const words = this.words;
    const childStart = this.childStart;
    const unk = this.unkLog2Prob;
    // ctx[j] = node at level j−1 for the context of length j ending at the previous token, or −1.
    let ctx = new Int32Array(order).fill(-1);
    let next = new Int32Array(order).fill(-1);
    for (let i = 0; i < n; i++) {
      const t = ids[i]!;
      const d = t >= 0 && t < denseOf.length ? denseOf[t]! : -1;
      let lp: number;
      if (d < 0) {
        lp = unk;
        for (let j = 1; j < order; j++) if (ctx[j]! >= 0) lp += backoff[j - 1]![ctx[j]!]!;
        next.fill(-1);
      } else {
        let match = 0;
        let matchProb = prob[0]![d]!;
        next[1] = d;
        for (let j = 1; j < order; j++) {
          const node = ctx[j]!;
          let found = -1;
          if (node >= 0) {
            const cs = childStart[j - 1]!;
            const w = words[j]!;
            let lo = cs[node]!;
            let hi = cs[node + 1]! - 1;
            while (lo <= hi) {
              const mid = (lo + hi) >>> 1;
              const v = w[mid]!;
              if (v < d) lo = mid + 1;
              else if (v > d) hi = mid - 1;
              else {
                found = mid;
                break;
              }
            }
            if (found >= 0) {
              match = j;
              matchProb = prob[j]![found]!;
            }
          }
          if (j + 1 < order) next[j + 1] = found;
        }
        lp = matchProb;
        for (let j = match + 1; j < order; j++) if (ctx[j]! >= 0) lp += backoff[j - 1]![ctx[j]!]!;
      }
      out[i] = -lp;
      const swap = ctx;
      ctx = next;
      next = swap;
    }
  }

  score(ids: ArrayLike<number>): Float32Array {
    const out = new Float32Array(ids.length);
    this.scoreInto(ids, out);
    return out;
  }

  /** log2 p(token | context), using at most the last order−1 tokens of the context. */
  log2Prob(context: readonly number[], token: number): number {
    const seq = [...context.slice(Math.max(0, context.length - (this.order - 1))), token];
    const out = this.score(seq);
    return -out[out.length - 1]!;
  }
}

function scorerArrays(tables: NgramTables): ScorerArrays {
  let maxToken = tables.vocabSize - 1;
  for (let i = 0; i < tables.tokenOf.length; i++) maxToken = Math.max(maxToken, tables.tokenOf[i]!);
  const denseOf = new Int32Array(maxToken + 1).fill(-1);
  for (let i = 0; i < tables.tokenOf.length; i++) denseOf[tables.tokenOf[i]!] = i;
  return {
    order: tables.order,
    unkLog2Prob: tables.unkLog2Prob,
    denseOf,
    // Dequantise once at load: a few MB of floats buys a branch-free inner loop.
    prob: tables.levels.map((l) => valuesToFloat(l.log2Prob)),
    backoff: tables.levels.slice(0, -1).map((l) => (l.log2Backoff ? valuesToFloat(l.log2Backoff) : new Float32Array(0))),
    words: tables.levels.map((l) => l.words ?? new Uint32Array(0)),
    childStart: tables.levels.slice(0, -1).map((l) => l.childStart ?? new Uint32Array(1)),
  };
}

/**
 * The same arrays copied once into SharedArrayBuffers: the copy a process keeps (the model file's buffer can go)
 * and hands to its analysis workers, which then score without a model of their own (~33 MB each).
 */
export function sharedScorerArrays(a: ScorerArrays): ScorerArrays {
  return {
    order: a.order,
    unkLog2Prob: a.unkLog2Prob,
    denseOf: inSharedMemory(a.denseOf),
    prob: a.prob.map(inSharedMemory),
    backoff: a.backoff.map(inSharedMemory),
    words: a.words.map(inSharedMemory),
    childStart: a.childStart.map(inSharedMemory),
  };
}

/** Whether a value from another thread has the shape of ScorerArrays (a worker checks what it was handed). */
export function isScorerArrays(x: unknown): x is ScorerArrays {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as Record<string, unknown>;
  const arrays = (v: unknown): boolean => Array.isArray(v) && v.every((e) => ArrayBuffer.isView(e));
  return typeof a.order === 'number' && typeof a.unkLog2Prob === 'number' && a.denseOf instanceof Int32Array && arrays(a.prob) && arrays(a.backoff) && arrays(a.words) && arrays(a.childStart);
}
