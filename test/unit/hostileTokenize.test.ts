import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Tokenizer } from '@huggingface/tokenizers';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/tokenize/tokenCounter';
import { assetPaths } from './helpers/assets';
import { runCli } from './helpers/boundedCli';

/** Deterministic pseudo-random text over an alphabet (code points, so emoji stay whole). */
function randomText(alphabet: string, length: number, seed: number): string {
  const chars = [...alphabet];
  let s = seed;
  let out = '';
  while (out.length < length) {
    s = (s * 48271) % 2147483647;
    out += chars[s % chars.length];
  }
  return out;
}

describe('hostile input: tokenising pathological long words', () => {
  let counter: TokenCounter;
  let library: Tokenizer;
  let dir: string;

  before(async () => {
    const { tokenizersDir } = assetPaths();
    counter = await loadTokenCounter(tokenizersDir, 'qwen2.5');
    const own = path.join(tokenizersDir, 'qwen2.5');
    library = new Tokenizer(JSON.parse(readFileSync(path.join(own, 'tokenizer.json'), 'utf8')) as object, JSON.parse(readFileSync(path.join(own, 'tokenizer_config.json'), 'utf8')) as object);
    dir = mkdtempSync(path.join(tmpdir(), 'ccc-hostile-tok-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the library’s ids on 20k-character runs, blobs, CJK, emoji and mixed text', () => {
    const n = 20_000;
    const cases: Record<string, string> = {
      'a run': 'a'.repeat(n),
      'a run in a string': `x = "${'a'.repeat(n)}"\n`,
      'dash run': '-'.repeat(n),
      'space run': `${' '.repeat(n)}x`,
      'newline run': '\n'.repeat(n),
      'digit run': '7'.repeat(n),
      'ab run': 'ab'.repeat(n / 2),
      'base64': randomText('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n, 7),
      'hex': randomText('0123456789abcdef', n, 11),
      'CJK': randomText('日本語のテキスト漢字한국어', n, 3),
      'emoji': randomText('😀👍🏽🇫🇷👨‍👩‍👧', n, 5),
      'mixed': randomText('aZ9-_ \n\t日😀é=\'"', n, 13),
    };
    for (const [name, text] of Object.entries(cases)) {
      const ids = counter.encode(text);
      assert.deepEqual(ids, library.encode(text, { add_special_tokens: false }).ids, name);
      assert.equal(counter.count(text), ids.length, name);
    }
  });

  it('compresses a Python file holding one string of a million `a`s (hung for minutes with the quadratic BPE)', async () => {
    writeFileSync(path.join(dir, 'big.py'), `x = "${'a'.repeat(1_000_000)}"\n\ndef f():\n    return x\n`);
    const r = await runCli(['-b', '300', 'big.py'], { cwd: dir, hangGuardMs: 60_000 });
    assert.equal(r.hung, false, 'the run did not end within the hang guard');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(counter.count(r.stdout) <= 300);
    assert.match(r.stdout, /def f\(\)/);
  });
});
