import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { Tokenizer } from '@huggingface/tokenizers';
import { isBpeTables } from '../../src/engine/tokenize/byteLevelBpe';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/tokenize/tokenCounter';

const root = path.resolve(__dirname, '../../..');

function sourcesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(ts|tsx|js|py|go|rs|java|c|h|cc|cpp|hpp)$/.test(f))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

describe('token counter (Qwen2.5-Coder tokenizer)', () => {
  let counter: TokenCounter;
  before(async () => {
    counter = await loadTokenCounter(path.join(root, 'dist/assets/tokenizers'), 'qwen2.5');
  });

  it('encodes known ids, special tokens included', () => {
    assert.deepEqual(counter.encode('def foo(x):\n    return <|fim_prefix|> x+1'), [750, 15229, 2075, 982, 262, 470, 220, 151659, 856, 10, 16]);
    assert.deepEqual(counter.encode('hello world'), [14990, 1879]);
    assert.deepEqual(counter.encode('<|fim_prefix|>'), [151659]);
    assert.deepEqual(counter.encode('<|file_sep|>'), [151664]);
  });

  it('encodes to the same ids as the tokenizer library, on real code in every language and on edge cases', () => {
    const dir = path.join(root, 'dist/assets/tokenizers/qwen2.5');
    const lib = new Tokenizer(JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')), JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')));
    const texts = [...sourcesUnder(path.join(root, 'test/fixtures')), 'e\u0301 café', '😀 日本語', 'a<|file_sep|>b', "I'LL 'd"];
    for (const t of texts) assert.deepEqual(counter.encode(t), lib.encode(t, { add_special_tokens: false }).ids, JSON.stringify(t.slice(0, 80)));
  });

  it('gives each token the line it starts on, with the ids of encode(), on real code and line-break edge cases', () => {
    const dir = path.join(root, 'dist/assets/tokenizers/qwen2.5');
    const lib = new Tokenizer(JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')), JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')));
    assert.deepEqual(counter.encodeLines('a = 1\n\nb = 2\n').lines, [0, 0, 0, 0, 0, 2, 2, 2, 2, 2]); // a, ' =', ' ', 1, '\n\n' | b, ' =', ' ', 2, '\n'
    const texts = [...sourcesUnder(path.join(root, 'test/fixtures')).slice(0, 12), 'x {\n\n\n  y;\r\n}\r\n\r\n  \n\tz', '\n\nlead', 'a<|file_sep|>\nb\n'];
    for (const t of texts) {
      const { ids, lines } = counter.encodeLines(t);
      assert.deepEqual(ids, counter.encode(t), 'the same ids as encode()');
      // A token starts on the line after as many line breaks as the tokens before it hold.
      let breaks = 0;
      ids.forEach((id, k) => {
        assert.equal(lines[k], breaks, `token ${k} of ${JSON.stringify(t.slice(0, 40))}`);
        breaks += (lib.decode([id]).match(/\n/g) ?? []).length;
      });
    }
  });

  it('counts exactly as the tokenizer library does, on real code in every language and on edge cases', () => {
    const texts = [
      ...sourcesUnder(path.join(root, 'src')),
      ...sourcesUnder(path.join(root, 'test/fixtures')),
      "It's 'S 'LL don'T we'd",
      'e\u0301 cafe\u0301 ñ Å',
      '  \n\n\t\t  x\r\n\r\n',
      '😀😀 日本語のテキスト 한국어',
      'x <|file_sep|>y\n<|fim_prefix|><|fim_suffix|>',
      '0123456789 3.14159e-10 0xDEADBEEF',
      'a'.repeat(5000),
      '',
    ];
    assert.ok(texts.length > 20);
    for (const t of texts) {
      assert.equal(counter.count(t), counter.countExact(t), JSON.stringify(t.slice(0, 80)));
      assert.equal(counter.encode(t).length, counter.count(t));
    }
  });

  it('loads once and is shared', async () => {
    const again = await loadTokenCounter(path.join(root, 'dist/assets/tokenizers'), 'qwen2.5');
    assert.equal(again, counter);
  });

  it('hands its BPE tables over in shared memory; a tokenizer on them encodes the same without the merges file', async () => {
    const tables = counter.sharedBpe?.();
    assert.ok(tables && isBpeTables(tables));
    for (const a of [tables.merges, tables.left, tables.right, tables.rank]) assert.ok(a.buffer instanceof SharedArrayBuffer);
    assert.equal(isBpeTables({ ...tables, rank: new Int32Array(3) }), false, 'a table whose length is no power of two');
    assert.equal(isBpeTables({ ...tables, byteIds: [1, 2] }), false);
    // A folder with the tokenizer's meta but no merges: only the tables handed over can make it work.
    const dir = mkdtempSync(path.join(tmpdir(), 'ccc-bpe-'));
    try {
      mkdirSync(path.join(dir, 'qwen2.5'));
      copyFileSync(path.join(root, 'dist/assets/tokenizers/qwen2.5/bpe-meta.json'), path.join(dir, 'qwen2.5/bpe-meta.json'));
      await assert.rejects(loadTokenCounter(dir, 'qwen2.5'), /Could not load the tokenizer/);
      const other = await loadTokenCounter(dir, 'qwen2.5', structuredClone(tables)); // as a worker gets them
      const texts = [...sourcesUnder(path.join(root, 'test/fixtures/real')), 'a'.repeat(5000), '😀 日本語 café'];
      for (const t of texts) assert.deepEqual(other.encode(t), counter.encode(t), JSON.stringify(t.slice(0, 80)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how to fix a missing tokenizer', async () => {
    await assert.rejects(loadTokenCounter('/nonexistent', 'qwen2.5'), /Could not load the tokenizer from \/nonexistent\/qwen2\.5: .*Reinstall the extension/);
  });
});
