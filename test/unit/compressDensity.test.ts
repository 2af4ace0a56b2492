import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { Compressor } from '../../src/engine';
import type { SourceFile } from '../../src/engine';

const root = path.resolve(__dirname, '../../..');
const assets = {
  wasmDir: path.join(root, 'dist/assets/wasm'),
  tokenizersDir: path.join(root, 'dist/assets/tokenizers'),
  encoders: { builtinDir: path.join(root, 'dist/assets/models/builtin'), repoRoot: root },
};
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

/** Ordinary code next to code no model compresses well: a base64 blob and a minified bundle. */
function inputs(): SourceFile[] {
  const blob = Buffer.from(Array.from({ length: 1500 }, (_, i) => (i * 7919) % 251)).toString('base64');
  return [
    { path: 'src/app.ts', text: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function sub(a: number, b: number): number {\n  return a - b;\n}\n' },
    { path: 'src/logo.ts', text: `// The logo, embedded.\nexport const LOGO_PNG =\n  '${blob}';\n` },
    { path: 'vendor/min.js', text: readFileSync(path.join(root, 'test/fixtures/real/javascript/eventemitter3.umd.min.js'), 'utf8') },
  ];
}

describe('Compressor with the built-in encoder', () => {
  let compressor: Compressor;
  before(() => {
    compressor = new Compressor(assets, quiet);
  });

  it('scores entropy with the encoder matched to the decoder and reports it', async () => {
    const r = await compressor.compress({ files: inputs(), budget: 4000, decoder: 'qwen2.5-coder-7b' });
    assert.equal(r.stats.encoder?.id, 'builtin-code-ngram');
    assert.equal(r.stats.encoder?.match, 'matched');
    const add = r.slots.find((s) => s.name === 'add');
    assert.ok(add?.entropy !== undefined && add.entropy > 0 && add.entropy < 20);
    assert.ok(r.stats.timingsMs.score >= 0);
  });

  it('marks dense code, says what it did with it, and never prunes it', async () => {
    const r = await compressor.compress({ files: inputs(), budget: 4000, decoder: 'qwen2.5-coder-7b' });
    const dense = r.slots.filter((s) => s.dense);
    assert.ok(dense.some((s) => s.path === 'src/logo.ts'), 'the base64 blob is not marked dense');
    assert.ok(dense.some((s) => s.path === 'vendor/min.js'), 'the minified bundle is not marked dense');
    assert.ok(!r.slots.some((s) => s.path === 'src/app.ts' && s.dense), 'ordinary code marked dense');
    for (const s of dense) assert.ok(['verbatim', 'skeleton', 'omitted'].includes(s.level));
    const w = r.warnings.filter((x) => x.code === 'dense-code');
    // One warning per dense region: the blob, and the minified bundle as a whole file.
    assert.deepEqual(w.map((x) => x.path).sort(), ['src/logo.ts', 'vendor/min.js']);
    for (const x of w) {
      assert.match(x.message, /^\S+ L\d+-\d+: Dense code/);
      // What the compressor does with dense code in general, never a per-unit outcome a later run may contradict.
      assert.match(x.message, /never prunes dense code, it keeps it whole or as its signature, or leaves it out when the budget is short\.$/);
      assert.ok(x.startLine !== undefined && x.endLine !== undefined);
    }
    // The view's reasons are the same sentences as the warning's.
    const blobSlot = dense.find((s) => s.path === 'src/logo.ts');
    const blobWarning = w.find((x) => x.path === 'src/logo.ts');
    for (const reason of blobSlot?.denseReasons ?? []) assert.ok(blobWarning?.message.includes(reason), reason);
  });

  it('warns when a mismatched encoder is forced, quoting the paper', async () => {
    const r = await compressor.compress({ files: inputs().slice(0, 1), budget: 1000, decoder: 'qwen2.5-coder-7b', encoder: { forced: 'tiny-qwen2-test', device: 'cpu' } });
    // The tiny test model is a real Qwen2-architecture ONNX model, scored through transformers.js on CPU.
    assert.equal(r.stats.encoder?.id, 'tiny-qwen2-test');
    // The device that ran and the weights it loaded (the tiny model has fp32 only).
    assert.equal(r.stats.encoder?.device, 'cpu, fp32');
    assert.notEqual(r.stats.encoder?.match, 'matched');
    const w = r.warnings.find((x) => x.code === 'encoder-mismatch');
    assert.ok(w, JSON.stringify(r.warnings));
    assert.match(w.message, /arXiv 2602\.01778/);
    assert.match(w.message, /BLEU 64\.6 against 80\.0/);
  });

  it('skips scoring when asked', async () => {
    const r = await compressor.compress({ files: inputs(), budget: 1000, decoder: 'qwen2.5-coder-7b', entropy: false });
    assert.equal(r.stats.encoder, undefined);
    assert.ok(r.slots.every((s) => s.entropy === undefined));
  });

  it('gives per-unit density for a single file (editor diagnostics)', async () => {
    const file = inputs()[1];
    assert.ok(file);
    const units = await compressor.densityOf(file, 'qwen2.5-coder-7b');
    assert.ok(units.some((u) => u.report.dense && u.report.reasons.some((r) => r.code === 'base64-blob')));
  });
});
