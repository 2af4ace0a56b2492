import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Compressor, type SourceFile } from '../../src/engine';
import type { Encoder, TokenScores } from '../../src/engine/encoder/encoder';
import { conditionalPerplexityGains, measuresConditionalPerplexity } from '../../src/engine/relevance/conditionalPerplexity';
import { loadTokenCounter } from '../../src/engine/tokenize/tokenCounter';

const root = path.resolve(__dirname, '../../..');
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * A model that only remembers: a token seen earlier in the sequence costs 1 bit, a new one 12. Under it, code
 * that contains the query's tokens makes the query predictable, and unrelated code does not.
 */
function copyModel(device: string, contextTokens: number): Encoder {
  return {
    info: { id: 'copy', family: 'test', domain: 'code', tokenizer: 'qwen2.5', device, contextTokens },
    calibration: () => Promise.resolve(undefined),
    score(sequences): Promise<TokenScores[]> {
      return Promise.resolve(
        sequences.map((ids) => {
          const seen = new Set<number>();
          return { surprisal: Float32Array.from(ids, (id) => (seen.has(id) ? 1 : (seen.add(id), 12))) };
        }),
      );
    },
  };
}

describe('Conditional perplexity (LongCodeZip)', () => {
  it('gains most for the unit that makes the query predictable, nothing for unrelated code', async () => {
    const counter = await loadTokenCounter(path.join(root, 'dist/assets/tokenizers'), 'qwen2.5');
    const query = 'const total = invoices.reduce((sum, invoice) => sum + invoice.amountDue, 0);';
    const gains = await conditionalPerplexityGains(copyModel('cuda', 32768), counter, query, [
      { index: 7, text: 'function owed(invoices) {\n  return invoices.reduce((sum, invoice) => sum + invoice.amountDue, 0);\n}\n' },
      { index: 3, text: 'function greet(name) {\n  console.log(`hello ${name}`);\n}\n' },
      { index: 5, text: 'const total = 0;\n' },
    ]);
    assert.equal(gains.get(7), 1, 'the unit with the query\'s code is the best');
    assert.ok((gains.get(5) ?? 0) > 0 && (gains.get(5) ?? 0) < 1);
    assert.ok((gains.get(3) ?? 1) < (gains.get(5) ?? 0));
  });

  it('runs only with a long-context encoder, on a GPU unless asked for on the CPU', () => {
    assert.equal(measuresConditionalPerplexity('auto', copyModel('cuda', 32768)), true);
    assert.equal(measuresConditionalPerplexity('auto', copyModel('cpu', 32768)), false);
    assert.equal(measuresConditionalPerplexity('on', copyModel('cpu', 32768)), true);
    assert.equal(measuresConditionalPerplexity('off', copyModel('cuda', 32768)), false);
    assert.equal(measuresConditionalPerplexity('on', copyModel('cpu (built-in n-gram)', 3)), false, 'a 4-gram model sees 3 tokens');
  });

  it('ranks units by it in a real compression with a neural encoder, and reports it', async () => {
    const compressor = new Compressor(
      {
        wasmDir: path.join(root, 'dist/assets/wasm'),
        tokenizersDir: path.join(root, 'dist/assets/tokenizers'),
        encoders: { builtinDir: path.join(root, 'dist/assets/models/builtin'), repoRoot: root },
      },
      quiet,
    );
    const files: SourceFile[] = [
      { path: 'src/billing.ts', text: 'export function owed(invoices: Invoice[]): number {\n  return invoices.reduce((sum, i) => sum + i.amountDue, 0);\n}\n\nexport function paid(invoices: Invoice[]): number {\n  return invoices.filter((i) => i.paid).length;\n}\n' },
    ];
    const request = { files, budget: 400, decoder: 'qwen2.5-coder-7b', query: 'const due = owed(invoices);' };
    // The tiny Qwen2 test model runs through transformers.js on the CPU: `on` measures, `auto` and `off` do not.
    const on = await compressor.compress({ ...request, encoder: { forced: 'tiny-qwen2-test', device: 'cpu', conditionalPerplexity: 'on' } });
    assert.equal(on.stats.encoder?.id, 'tiny-qwen2-test');
    assert.ok((on.stats.conditionalPerplexity?.units ?? 0) > 0, JSON.stringify(on.stats));
    const auto = await compressor.compress({ ...request, encoder: { forced: 'tiny-qwen2-test', device: 'cpu' } });
    assert.equal(auto.stats.conditionalPerplexity, undefined);
    const builtin = await compressor.compress({ ...request, encoder: { conditionalPerplexity: 'on' } });
    assert.equal(builtin.stats.encoder?.id, 'builtin-code-ngram');
    assert.equal(builtin.stats.conditionalPerplexity, undefined, 'the n-gram model cannot condition on a unit');
  });
});
