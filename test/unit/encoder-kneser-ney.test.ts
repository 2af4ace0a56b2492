import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { KneserNeyCounter, estimateDiscounts } from '../../scripts/build-model/kneserNey';
import { NgramScorer } from '../../src/engine/encoder/ngram/scorer';
import { quantizeTables } from '../../src/engine/encoder/ngram/tables';

const A = 0, B = 1, C = 2, D = 3;
const fixed = [[0.5, 1, 1.5], [0.5, 1, 1.5], [0.5, 1, 1.5]] as const;

function near(actual: number, expected: number, tol = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} ≠ ${expected}`);
}

test('bigram KN probabilities match hand-computed values', () => {
  // Corpus "a b a b c a", vocabulary of 6 tokens (d, e, f unseen), discounts fixed at 0.5 / 1 / 1.5.
  const kn = new KneserNeyCounter(2, 6);
  kn.addSequence([A, B, A, B, C, A]);
  const { tables } = kn.build({ discounts: fixed });
  const s = new NgramScorer(tables);
  const p = (ctx: number[], w: number): number => 2 ** s.log2Prob(ctx, w);
  // Unigram continuation counts: a ← {b, c, start} = 3, b ← {a} = 1, c ← {b} = 1; total 5.
  // γ0 = (0.5·2 + 1.5·1)/5 = 0.5, uniform share 0.5/6 = 1/12.
  near(p([], A), 1.5 / 5 + 1 / 12);
  near(p([], B), 0.5 / 5 + 1 / 12);
  near(p([], D), 1 / 12);
  // Context b: children a(1), c(1); γ(b) = (0.5+0.5)/2 = 0.5.
  near(p([B], A), 0.5 / 2 + 0.5 * (1.5 / 5 + 1 / 12)); // 0.441667
  near(p([B], C), 0.5 / 2 + 0.5 * (0.5 / 5 + 1 / 12)); // 0.341667
  near(p([B], B), 0.5 * (0.5 / 5 + 1 / 12)); // backoff: 0.091667
  near(p([B], D), 0.5 / 12);
  // Context a: child b with count 2 → D2 = 1; γ(a) = 1/2.
  near(p([A], B), (2 - 1) / 2 + 0.5 * (0.5 / 5 + 1 / 12)); // 0.591667
  near(p([A], A), 0.5 * (1.5 / 5 + 1 / 12));
  // Context d was never seen: pure backoff to the unigram.
  near(p([D], A), 1.5 / 5 + 1 / 12);
});

test('trigram KN: highest order uses raw counts, lower orders continuation counts', () => {
  // "a b c" twice and "d b c" once: the trigram (a b c) has raw count 2; the bigram (b c) has
  // continuation count 2 (left neighbours a and d), not its raw count 3.
  const kn = new KneserNeyCounter(3, 5);
  kn.addSequence([A, B, C]);
  kn.addSequence([A, B, C]);
  kn.addSequence([D, B, C]);
  const { tables } = kn.build({ discounts: fixed });
  const s = new NgramScorer(tables);
  const p = (ctx: number[], w: number): number => 2 ** s.log2Prob(ctx, w);
  // Unigrams: a ← {start} 1, b ← {a, d} 2, c ← {b} 1, d ← {start} 1; total 5; γ0 = (0.5·3 + 1)/5 = 0.5.
  const u = (a: number): number => (a - (a === 2 ? 1 : 0.5)) / 5 + 0.5 / 5;
  near(p([], B), u(2));
  // Bigrams (continuation counts): (a b) ← {start} 1, (d b) ← {start} 1, (b c) ← {a, d} 2.
  // Context b: only child c with count 2 → (2−1)/2 + γ(b)=1/2 · p(c).
  const pcb = 0.5 + 0.5 * u(1);
  near(p([B], C), pcb);
  // Trigram (a b c): raw count 2 → (2−1)/2 + 1/2 · p(c|b).
  near(p([A, B], C), 0.5 + 0.5 * pcb);
  // (d b c) raw count 1 → (1−0.5)/1 + 0.5 · p(c|b).
  near(p([D, B], C), 0.5 + 0.5 * pcb);
});

function randomCorpus(seed: number, sequences: number, length: number, vocab: number): number[][] {
  let x = seed;
  const rand = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  const out: number[][] = [];
  for (let s = 0; s < sequences; s++) {
    const seq: number[] = [];
    // A skewed, somewhat predictable source: next token depends on the previous one.
    let prev = 0;
    for (let i = 0; i < length; i++) {
      const t = rand() < 0.6 ? (prev * 3 + 1) % (vocab - 2) : Math.floor(rand() * rand() * (vocab - 2));
      seq.push(t);
      prev = t;
    }
    out.push(seq);
  }
  return out;
}

function sumOverVocab(s: NgramScorer, ctx: number[], vocab: number): number {
  let total = 0;
  for (let w = 0; w < vocab; w++) total += 2 ** s.log2Prob(ctx, w);
  return total;
}

test('probabilities sum to 1 over the vocabulary, with and without pruning', () => {
  const vocab = 12;
  const corpus = randomCorpus(7, 30, 60, vocab);
  for (const minCount of [undefined, [1, 2, 2, 3]]) {
    const kn = new KneserNeyCounter(4, vocab);
    for (const seq of corpus) kn.addSequence(seq);
    const { tables, stats } = kn.build(minCount ? { minCount } : {});
    if (minCount) assert.ok(stats.kept[3]! < stats.types[3]!, 'pruning removed some 4-grams');
    const s = new NgramScorer(tables);
    const contexts = [[], [1], [4, 1], [1, 4, 1], [9, 9, 9], [10, 11], [2, 7, 4], [11, 3, 10]];
    for (const ctx of contexts) near(sumOverVocab(s, ctx, vocab), 1, 1e-6); // float32 log-probs
    // 16-bit quantisation keeps the distribution normalised to within a small tolerance.
    const q = new NgramScorer(quantizeTables(tables, 16));
    for (const ctx of contexts) near(sumOverVocab(q, ctx, vocab), 1, 2e-3);
  }
});

test('without pruning the stored backoff equals the KN interpolation weight', () => {
  const kn = new KneserNeyCounter(2, 6);
  kn.addSequence([A, B, A, B, C, A]);
  const { tables } = kn.build({ discounts: fixed });
  const bo = tables.levels[0]!.log2Backoff;
  assert.ok(bo instanceof Float32Array);
  // Model ids are by frequency: a (3×) = 0, b (2×) = 1, c = 2. γ(a) = γ(b) = 0.5; γ(c) = 1/2 (one child, D1).
  assert.deepEqual([...tables.tokenOf], [A, B, C]);
  near(2 ** bo[0]!, 0.5);
  near(2 ** bo[1]!, 0.5);
  near(2 ** bo[2]!, 0.5);
});

test('modified KN discounts follow Chen & Goodman', () => {
  const [d1, d2, d3] = estimateDiscounts([100, 40, 20, 10]);
  const y = 100 / (100 + 80);
  near(d1, 1 - (2 * y * 40) / 100);
  near(d2, 2 - (3 * y * 20) / 40);
  near(d3, 3 - (4 * y * 10) / 20);
  assert.deepEqual(estimateDiscounts([3, 0, 0, 0]), [0.5, 1, 1.5]);
});
