import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TokenIdsMemo } from '../../src/engine/pipeline/tokenIds';
import { segmentFile } from '../../src/engine/segment/segmenter';
import { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import { loadTokenCounter } from '../../src/engine/tokenize/tokenCounter';
import { assetPaths } from './helpers/assets';

// What a request holds per unit grows with the input (issue 20): these check the holders that were cut.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  // Typed arrays' bytes live outside the heap.
  return m.heapUsed + m.arrayBuffers;
}

/** A TypeScript file of `n` functions with long bodies (units much larger than their bookkeeping). */
function bigFile(n: number): string {
  const body = Array.from({ length: 30 }, (_, i) => `  const value${i} = input.map((x) => x * ${i} + offset).filter((x) => x > ${i});\n`).join('');
  return Array.from({ length: n }, (_, k) => `export function step${k}(input: number[], offset: number): number[] {\n${body}  return input;\n}\n\n`).join('');
}

test("a file's units hold its characters once: their texts are views of the file's text, not copies", async () => {
  const runtime = new TreeSitterRuntime(assetPaths().wasmDir);
  const text = bigFile(1500);
  assert.ok(text.length > 3_000_000);
  const before = heapAfterGc();
  const { units } = await segmentFile(text, 'typescript', runtime);
  const held = heapAfterGc() - before;
  assert.equal(units.map((u) => u.text).join(''), text);
  // Unit objects, skeletons and names cost something; a second copy of the text would cost its whole size.
  assert.ok(held < text.length * 0.5, `units hold ${held} bytes for ${text.length} characters`);
  assert.ok(units.length >= 1500);
});

test('token ids are kept compactly, given back as the counter encodes them, and dropped on clear', async () => {
  const counter = await loadTokenCounter(assetPaths().tokenizersDir, 'qwen2.5');
  const texts = Array.from({ length: 400 }, (_, i) => `function f${i}(a, b) { return a * ${i} + b; /* ${'x'.repeat(i % 50)} */ }\n`.repeat(250));
  for (const t of texts) counter.encode(t); // the tokenizer's own memo of words fills up first, outside the measure
  const memo = new TokenIdsMemo(counter);
  const before = heapAfterGc();
  const first = texts.map((t) => memo.encode(t).length);
  const tokens = first.reduce((a, b) => a + b, 0);
  const held = heapAfterGc() - before;
  // Plain arrays of small integers take 8 bytes an id or more; 32-bit integers, 4 (plus each entry's own).
  assert.ok(held < tokens * 6, `${held} bytes held for ${tokens} ids`);
  for (const t of texts.slice(0, 20)) assert.deepEqual(memo.encode(t), counter.encode(t));
  memo.clear();
  const left = heapAfterGc() - before;
  assert.ok(left < held / 4, `${left} bytes left of ${held}`);
});
