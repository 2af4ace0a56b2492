import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { Compressor } from '../../src/engine';
import type { SourceFile } from '../../src/engine';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/tokenize/tokenCounter';

const root = path.resolve(__dirname, '../../..');
const assets = { wasmDir: path.join(root, 'dist/assets/wasm'), tokenizersDir: path.join(root, 'dist/assets/tokenizers') };

/** A file with code above and below a class, so a range in the middle has real line numbers to keep. */
function fixture(): SourceFile {
  const above = Array.from({ length: 8 }, (_, i) => `export function before${i}(a: number): number {\n  return a * ${i} + ${i};\n}\n`).join('\n');
  const cls = [
    'export class Ledger {',
    '  private readonly entries: number[] = [];',
    '  add(amount: number): void {',
    '    if (amount <= 0) throw new Error(`bad amount ${amount}`);',
    '    this.entries.push(amount);',
    '  }',
    '  total(): number {',
    '    let sum = 0;',
    '    for (const e of this.entries) sum += e;',
    '    return sum;',
    '  }',
    '  largest(): number {',
    '    return this.entries.reduce((m, e) => Math.max(m, e), 0);',
    '  }',
    '}',
  ].join('\n');
  const below = Array.from({ length: 8 }, (_, i) => `export function after${i}(b: string): string {\n  return b.repeat(${i + 1});\n}\n`).join('\n');
  return { path: 'src/ledger.ts', text: `${above}\n${cls}\n\n${below}` };
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('SourceFile.range', () => {
  let compressor: Compressor;
  let counter: TokenCounter;
  const file = fixture();
  const start = lineOf(file.text, 'export class Ledger');
  const end = lineOf(file.text, '    return this.entries.reduce') + 2; // the class's closing brace
  const rangeText = file.text.split('\n').slice(start - 1, end).join('\n') + '\n';

  before(async () => {
    compressor = new Compressor(assets, { info() {}, warn() {}, error() {}, debug() {} });
    counter = await loadTokenCounter(assets.tokenizersDir, 'qwen2.5');
  });

  it('when the range fits, the output is the range as it is, in the file\'s own line numbers', async () => {
    const r = await compressor.compress({ files: [{ ...file, range: { startLine: start, endLine: end } }], budget: 4000, decoder: 'qwen2.5-coder-7b' });
    assert.equal(r.text, rangeText);
    assert.equal(Math.min(...r.slots.map((s) => s.startLine)), start);
    assert.equal(Math.max(...r.slots.map((s) => s.endLine)), end);
    assert.ok(r.slots.every((s) => s.level === 'verbatim'));
    assert.equal(r.stats.compressedTokens, counter.count(rangeText));
    assert.ok(r.stats.compressedTokens <= counter.count(rangeText));
  });

  it('compressed under a small budget: only units in the range, markers with the file\'s line numbers', async () => {
    const own = counter.count(rangeText);
    const budget = Math.floor(own * 0.6);
    const r = await compressor.compress({ files: [{ ...file, range: { startLine: start, endLine: end } }], budget, decoder: 'qwen2.5-coder-7b' });
    assert.ok(r.stats.compressedTokens <= budget && r.stats.compressedTokens < own, `${r.stats.compressedTokens} tokens for a ${own}-token range`);
    for (const s of r.slots) assert.ok(s.startLine >= start && s.endLine <= end, `slot L${s.startLine}-${s.endLine} outside L${start}-${end}`);
    assert.ok(!r.text.includes('before0') && !r.text.includes('after0'), 'code outside the range leaked in');
    const lines = file.text.split('\n');
    for (const m of r.text.matchAll(/^⋮L(\d+)\n(.*)$/gm)) assert.equal(m[2], lines[Number(m[1]) - 1], `the line after ⋮L${m[1]} is not line ${m[1]} of the file`);
    assert.ok(!r.warnings.some((w) => w.code === 'parse-errors'), 'a range cut inside the file is not a syntax error');
  });

  it('a range cutting through units keeps only its own lines, never more than its own tokens', async () => {
    const from = lineOf(file.text, '  total(): number {') + 1;
    const to = lineOf(file.text, '    return this.entries.reduce');
    const own = file.text.split('\n').slice(from - 1, to).join('\n') + '\n';
    for (const budget of [16, 30, 2000]) {
      const r = await compressor.compress({ files: [{ ...file, range: { startLine: from, endLine: to } }], budget, decoder: 'qwen2.5-coder-7b' });
      assert.ok(r.stats.compressedTokens <= Math.min(budget, counter.count(own)), `budget ${budget}: ${r.stats.compressedTokens} tokens, range ${counter.count(own)}`);
      for (const s of r.slots) assert.ok(s.startLine >= from && s.endLine <= to, `budget ${budget}: slot L${s.startLine}-${s.endLine} outside L${from}-${to}`);
      if (budget === 2000) assert.equal(r.text, own);
    }
  });

  it('without a range, the file compresses as before (units from line 1)', async () => {
    const r = await compressor.compress({ files: [file], budget: 4000, decoder: 'qwen2.5-coder-7b' });
    assert.equal(Math.min(...r.slots.map((s) => s.startLine)), 1);
    assert.match(r.text, /<\|file_sep\|>src\/ledger\.ts/);
  });
});

describe('pinned regions that cannot be kept', () => {
  it('are named in the warning by their label (a chosen symbol), not as "the code at the cursor"', async () => {
    const compressor = new Compressor(assets, { info() {}, warn() {}, error() {}, debug() {} });
    const file = fixture();
    const start = lineOf(file.text, 'export class Ledger');
    const end = lineOf(file.text, '    return this.entries.reduce') + 2;
    const r = await compressor.compress({ files: [file], pinned: [{ path: file.path, startLine: start, endLine: end, label: 'chosen symbol Ledger' }], budget: 40, decoder: 'qwen2.5-coder-7b' });
    const w = r.warnings.find((x) => x.code === 'pinned-truncated' || x.code === 'budget-too-small');
    assert.ok(w, r.warnings.map((x) => x.code).join(', '));
    assert.match(w.message, /chosen symbol Ledger/);
  });
});
