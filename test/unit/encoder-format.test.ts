import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { KneserNeyCounter } from '../../scripts/build-model/kneserNey';
import { ModelFormatError, parseModel, serializeModel } from '../../src/engine/encoder/ngram/format';
import { isScorerArrays, NgramScorer, sharedScorerArrays } from '../../src/engine/encoder/ngram/scorer';
import { quantize, quantizeTables, valuesToFloat, type NgramTables, type StoredValues } from '../../src/engine/encoder/ngram/tables';

function toyTables(): NgramTables {
  const kn = new KneserNeyCounter(3, 40);
  for (let s = 0; s < 20; s++) {
    const seq: number[] = [];
    for (let i = 0; i < 50; i++) seq.push((s * 7 + i * i) % 37);
    kn.addSequence(seq);
  }
  return kn.build({ minCount: [1, 1, 2] }).tables;
}

function sameValues(a: StoredValues | undefined, b: StoredValues | undefined): void {
  assert.equal(a === undefined, b === undefined);
  if (!a || !b) return;
  if (a instanceof Float32Array) {
    assert.ok(b instanceof Float32Array);
    assert.deepEqual([...b], [...a]);
  } else {
    assert.ok(!(b instanceof Float32Array));
    assert.deepEqual([...b.codes], [...a.codes]);
    assert.deepEqual([...b.book], [...a.book]);
  }
}

function roundTrip(tables: NgramTables): void {
  const meta = { id: 'toy', calibration: { languages: { go: { units: 3 } } } };
  const bytes = serializeModel(tables, meta);
  // A misaligned copy must parse too (Buffers from readFile may start anywhere in a pool).
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  for (const input of [bytes, shifted.subarray(3)]) {
    const parsed = parseModel(input);
    assert.deepEqual(parsed.meta, meta);
    const t = parsed.tables;
    assert.equal(t.order, tables.order);
    assert.equal(t.vocabSize, tables.vocabSize);
    assert.equal(t.unkLog2Prob, tables.unkLog2Prob);
    assert.deepEqual([...t.tokenOf], [...tables.tokenOf]);
    assert.equal(t.levels.length, tables.levels.length);
    t.levels.forEach((level, k) => {
      const orig = tables.levels[k]!;
      assert.deepEqual(level.words ? [...level.words] : undefined, orig.words ? [...orig.words] : undefined);
      assert.equal(level.words?.constructor, orig.words?.constructor);
      assert.deepEqual(level.childStart ? [...level.childStart] : undefined, orig.childStart ? [...orig.childStart] : undefined);
      sameValues(level.log2Prob, orig.log2Prob);
      sameValues(level.log2Backoff, orig.log2Backoff);
    });
    // Same scores before and after.
    const seq = [1, 8, 27, 64 % 37, 3, 3, 39, 0, 11];
    assert.deepEqual([...new NgramScorer(t).score(seq)], [...new NgramScorer(tables).score(seq)]);
  }
}

test('float tables round-trip through the binary format', () => {
  roundTrip(toyTables());
});

test('quantised tables round-trip through the binary format', () => {
  roundTrip(quantizeTables(toyTables(), 8));
  roundTrip(quantizeTables(toyTables(), 16));
});

test('a scorer on shared arrays scores as the one it was copied from, and holds nothing of the model file', () => {
  const tables = quantizeTables(toyTables(), 8);
  const bytes = serializeModel(tables, {});
  const original = new NgramScorer(parseModel(bytes).tables);
  const arrays = sharedScorerArrays(original.arrays);
  const all = [arrays.denseOf, ...arrays.prob, ...arrays.backoff, ...arrays.words, ...arrays.childStart];
  assert.ok(all.every((a) => a.buffer instanceof SharedArrayBuffer), 'every array lives in shared memory');
  assert.ok(all.every((a) => a.buffer !== bytes.buffer), 'no view into the file is kept');
  assert.equal(isScorerArrays(arrays), true);
  assert.equal(isScorerArrays({ ...arrays, prob: [1, 2] }), false);
  assert.equal(isScorerArrays(undefined), false);
  const copy = new NgramScorer(structuredClone(arrays)); // as a worker gets it
  for (let s = 0; s < 30; s++) {
    const seq = Array.from({ length: 40 }, (_, i) => (s * 11 + i * i * 3) % 45); // ids past the vocabulary too
    assert.deepEqual([...copy.score(seq)], [...original.score(seq)]);
  }
});

test('the parser rejects a file that is not a model', () => {
  assert.throws(() => parseModel(new TextEncoder().encode('not a model at all')), ModelFormatError);
  const bytes = serializeModel(toyTables(), {});
  assert.throws(() => parseModel(bytes.subarray(0, bytes.length - 64)), /truncated/);
});

test('quantisation keeps few distinct values exactly and bins many into 256 levels', () => {
  const few = Float32Array.from([-1, -2, -1, -3.5]);
  assert.deepEqual([...valuesToFloat(quantize(few, 8))], [...few]);
  const many = Float32Array.from({ length: 10_000 }, (_, i) => -20 * Math.sin(i) ** 2);
  const q = quantize(many, 8);
  assert.ok(!(q instanceof Float32Array));
  assert.ok(q.book.length <= 256);
  const back = valuesToFloat(q);
  let maxErr = 0;
  for (let i = 0; i < many.length; i++) maxErr = Math.max(maxErr, Math.abs(back[i]! - many[i]!));
  assert.ok(maxErr < 0.5, `max error ${maxErr}`);
});
