// declarationOf finds the line that names a unit with namesWhole, a hand-written test for the key as a whole
// identifier; it must answer as the regular expression it replaced, on seeded lines and keys.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { namesWhole } from '../../src/engine/segment/declaration';

function regexTest(line: string, key: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_$])${key.replace(/\$/g, '\\$')}([^A-Za-z0-9_$]|$)`).test(line);
}

test('namesWhole answers as the word-boundary regular expression', () => {
  const keys = ['get', 'a', '$', '$el', 'get_token', 'x1', 'Foo'];
  const pieces = ['get', 'a', '$', '$el', 'get_token', 'x1', 'Foo', 'o', '_', '1', ' ', '(', '.', ':', '<', 'é', '\t'];
  let x = 11;
  const next = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
  let hits = 0;
  for (let i = 0; i < 20_000; i++) {
    let line = '';
    for (let k = next(8); k > 0; k--) line += pieces[next(pieces.length)];
    const key = keys[next(keys.length)] ?? 'a';
    const expected = regexTest(line, key);
    assert.equal(namesWhole(line, key), expected, `${JSON.stringify(line)} / ${key}`);
    if (expected) hits++;
  }
  assert.ok(hits > 1_000 && hits < 19_000, `${hits} of 20,000 lines name their key`);
  assert.equal(namesWhole('function getter() { return get(); }', 'get'), true);
  assert.equal(namesWhole('function getter() {}', 'get'), false);
});
