// The tokenizer splits ASCII text with asciiWordEnd instead of Qwen2's pre-tokenizer regex: the same words, on the
// real fixtures and on seeded strings of the characters each alternative turns on.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asciiWordEnd, isAscii, QWEN2_PATTERN } from '../../src/engine/tokenize/asciiWords';
import { assetPaths, realFixtures } from './helpers/assets';

/** The pattern as the tokenizer compiles it (its scoped case-insensitive group spelled out). */
const REGEX = new RegExp(QWEN2_PATTERN.replace(/\(\?i:([^)]*)\)/g, (_m, alts: string) => `(?:${alts.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`)})`), 'gu');

function byRegex(text: string): string[] {
  return [...text.matchAll(REGEX)].map((m) => m[0]);
}

function byScanner(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i = asciiWordEnd(text, i)) out.push(text.slice(i, asciiWordEnd(text, i)));
  return out;
}

test('the bundled tokenizer\'s pattern is the one the scanner stands in for', () => {
  const meta = JSON.parse(fs.readFileSync(path.join(assetPaths().tokenizersDir, 'qwen2.5/bpe-meta.json'), 'utf8')) as { pattern: string };
  assert.equal(meta.pattern, QWEN2_PATTERN);
});

test('asciiWordEnd splits real files as the pre-tokenizer regex does', () => {
  // Every file with an extension: the folders have none.
  const texts = ['real', 'workspace'].flatMap((d) => realFixtures(/\.[^./]+$/, d).map((f) => f.text)).filter(isAscii);
  assert.ok(texts.length > 20, `${texts.length} ASCII files`);
  for (const text of texts) assert.deepEqual(byScanner(text), byRegex(text));
});

test('asciiWordEnd splits 200,000 seeded strings as the regex does', () => {
  // Contraction letters in both cases, digits, every ASCII whitespace, punctuation, control characters.
  const alphabet = "ab'sStTrReEvVmMlLdD 09\t\n\r\x0b\x0c.,;(){}\"_-+\x00\x7f";
  let x = 3;
  const next = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
  for (let i = 0; i < 200_000; i++) {
    let s = '';
    for (let k = next(14); k > 0; k--) s += alphabet[next(alphabet.length)];
    assert.deepEqual(byScanner(s), byRegex(s), JSON.stringify(s));
  }
});

test('isAscii: any character over U+007F sends the text to the regex', () => {
  assert.equal(isAscii('const a = 1;\n'), true);
  assert.equal(isAscii('const é = 1;'), false);
  assert.equal(isAscii('\u00a0'), false);
});
