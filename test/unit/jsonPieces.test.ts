import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { prettyJsonPieces } from '../../src/engine/render/jsonPieces';

function same(object: Record<string, unknown>): string[] {
  const pieces = [...prettyJsonPieces(object)];
  assert.equal(pieces.join(''), JSON.stringify(object, null, 2));
  return pieces;
}

test('the pieces are JSON.stringify(…, null, 2) of the object, character for character', () => {
  same({});
  same({ a: undefined, f: () => 1 });
  same({ text: 'line one\nline two\t"quoted" \u2028 ✓ 😀', slots: [], stats: { nested: { deep: [1, [2, []], {}] } }, warnings: [] });
  same({ list: [1, 'two', null, undefined, { x: [{ y: 'z\n' }] }, [], [[]]], after: undefined, last: 0 });
  same({ only: [{ a: 1 }] });
});

test('a large array comes in bounded pieces, a batch of elements at a time', () => {
  const slots = Array.from({ length: 20_000 }, (_, i) => ({ path: `src/file${i % 97}.ts`, startLine: i, endLine: i + 3, level: i % 3 ? 'omitted' : 'verbatim', tokens: i % 41, name: i % 5 ? `f${i}` : undefined }));
  const pieces = same({ text: 'x'.repeat(1000), slots, stats: { files: 97 }, warnings: [{ code: 'dense-code', message: 'm' }] });
  const whole = pieces.join('').length;
  assert.ok(pieces.length > 20, `${pieces.length} pieces`);
  assert.ok(Math.max(...pieces.map((p) => p.length)) < whole / 10);
});
