// The identifier scanner must cut code exactly as the regular expressions it replaced (kept here as its
// definition): ranking's words and references, and so every result, depend on it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identifierCounts, identifierWords } from '../../src/engine/relevance/identifierScan';
import { realFixtures } from './helpers/assets';

function wordsByRegex(text: string): string[] {
  const words: string[] = [];
  for (const id of text.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []) {
    for (const part of id.split(/[_$]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)) {
      if (part.length > 1) words.push(part.toLowerCase());
    }
  }
  return words;
}

function countsByRegex(text: string): [string, number][] {
  const out = new Map<string, number>();
  for (const id of text.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []) out.set(id, (out.get(id) ?? 0) + 1);
  return [...out];
}

/** Seeded strings over characters each rule of the split turns on (cases, digits, separators, non-ASCII letters). */
function randomTexts(n: number, seed: number): string[] {
  const alphabet = 'aAbBzZ09_$ -.éÉ\u00ffİKk\n';
  let s = seed;
  const next = (): number => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  return Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(next() * 24) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
}

describe('identifier scan', () => {
  it('splits words as the regular expressions do', () => {
    assert.deepEqual(identifierWords('parseHTTPRequest_v2 = $el.innerHTML; XMLHttpRequest2Go __init__ a_B'), ['parse', 'http', 'request', 'v2', 'el', 'inner', 'html', 'xml', 'http', 'request2', 'go', 'init']);
    for (const text of [...realFixtures(/\.[a-z]+$/).map((f) => f.text), ...randomTexts(20_000, 7)]) {
      assert.deepEqual(identifierWords(text), wordsByRegex(text), JSON.stringify(text.slice(0, 60)));
    }
  });

  it('counts identifiers as the regular expression finds them', () => {
    assert.deepEqual([...identifierCounts('a.b(a, 9x, x9, _$)')], [['a', 2], ['b', 1], ['x', 1], ['x9', 1], ['_$', 1]]);
    for (const text of [...realFixtures(/\.[a-z]+$/).map((f) => f.text), ...randomTexts(20_000, 11)]) {
      assert.deepEqual([...identifierCounts(text)], countsByRegex(text), JSON.stringify(text.slice(0, 60)));
    }
  });
});
