import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CachedEncoder, meanSurprisal, sequenceKey, type Encoder, type EncoderCalibration, type TokenScores } from '../../src/engine/encoder/encoder';

/** An encoder that records what it was asked to score; surprisal = token id, for easy checks. */
class CountingEncoder implements Encoder {
  readonly info = { id: 'counting', family: 'test', domain: 'code' as const, tokenizer: 'qwen2.5', device: 'cpu', contextTokens: 0 };
  readonly batches: number[][][] = [];
  calibration(): Promise<EncoderCalibration | undefined> {
    return Promise.resolve(undefined);
  }
  score(sequences: readonly (readonly number[])[], signal?: AbortSignal): Promise<TokenScores[]> {
    if (signal?.aborted) return Promise.reject(new Error('aborted'));
    this.batches.push(sequences.map((s) => [...s]));
    return Promise.resolve(sequences.map((s) => ({ surprisal: Float32Array.from(s) })));
  }
}

test('unchanged sequences are scored once; duplicates in a batch once', async () => {
  const inner = new CountingEncoder();
  const cached = new CachedEncoder(inner);
  const a = [1, 2, 3];
  const b = [4, 5];
  const first = await cached.score([a, b, [...a]]);
  assert.deepEqual(inner.batches, [[a, b]]);
  assert.deepEqual(first.map((s) => [...s.surprisal]), [a, b, a]);
  const second = await cached.score([b, [7], a]);
  assert.deepEqual(inner.batches[1], [[7]]);
  assert.deepEqual(second.map((s) => [...s.surprisal]), [b, [7], a]);
  assert.equal(cached.misses, 3);
  assert.equal(cached.hits, 3);
});

test('the cache evicts least recently used entries beyond its token budget', async () => {
  const inner = new CountingEncoder();
  const cached = new CachedEncoder(inner, { maxTokens: 5 });
  await cached.score([[1, 1, 1]]);
  await cached.score([[2, 2]]);
  await cached.score([[1, 1, 1]]); // touch: now [2,2] is the oldest
  await cached.score([[3, 3]]); // evicts [2,2]
  await cached.score([[1, 1, 1], [2, 2]]);
  assert.deepEqual(inner.batches.at(-1), [[2, 2]]);
});

test('an aborted signal rejects before scoring', async () => {
  const inner = new CountingEncoder();
  const cached = new CachedEncoder(inner);
  const ctl = new AbortController();
  ctl.abort();
  await assert.rejects(cached.score([[1]], ctl.signal));
  assert.equal(inner.batches.length, 0);
});

test('keys depend on encoder and content; meanSurprisal averages a range', () => {
  assert.equal(sequenceKey('a', [1, 2]), sequenceKey('a', [1, 2]));
  assert.notEqual(sequenceKey('a', [1, 2]), sequenceKey('b', [1, 2]));
  assert.notEqual(sequenceKey('a', [1, 2]), sequenceKey('a', [2, 1]));
  assert.notEqual(sequenceKey('a', [65536]), sequenceKey('a', [0, 1]));
  const s = { surprisal: Float32Array.from([1, 2, 3, 6]) };
  assert.equal(meanSurprisal(s), 3);
  assert.equal(meanSurprisal(s, 1, 3), 2.5);
  assert.ok(Number.isNaN(meanSurprisal(s, 2, 2)));
});
