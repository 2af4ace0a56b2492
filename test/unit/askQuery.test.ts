import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Compressor, prepareAsk } from '../../src/engine';
import type { CompressRequest, CompressResult } from '../../src/engine';
import { sendJson, startServer, type TestServer } from './helpers/llmServers';

const root = path.resolve(__dirname, '../../..');
const assets = { wasmDir: path.join(root, 'dist/assets/wasm'), tokenizersDir: path.join(root, 'dist/assets/tokenizers') };

/** The real compressor, recording the requests it is given. */
class RecordingCompressor extends Compressor {
  readonly requests: CompressRequest[] = [];
  override compress(request: CompressRequest, signal?: AbortSignal): Promise<CompressResult> {
    this.requests.push(request);
    return super.compress(request, signal);
  }
}

describe('prepareAsk', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ 'POST /api/show': (_req, res) => sendJson(res, 200, { model_info: { 'qwen2.context_length': 32768 } }) });
  });
  after(() => server.close());

  it('joins the question to the query once, after the code', async () => {
    const compressor = new RecordingCompressor(assets, { info() {}, warn() {}, error() {}, debug() {} });
    const question = 'Why does the discount apply twice?';
    const code = 'const discount = computeDiscount(order);';
    const prepared = await prepareAsk(compressor, {
      question,
      query: code,
      files: [{ path: 'a.ts', text: `export function f(): number {\n  ${code}\n  return discount;\n}\n` }],
      budget: 500,
      endpoint: server.url,
      provider: 'ollama',
      model: 'qwen2.5-coder:7b',
    });
    const query = compressor.requests[0]?.query ?? '';
    assert.equal(query.split(question).length - 1, 1, `the question appears more than once: ${JSON.stringify(query)}`);
    assert.ok(query.startsWith(code) && query.endsWith(question));
    assert.equal(prepared.query, query);
  });

  it('keeps the budget it was given when the window has room for it', async () => {
    const compressor = new RecordingCompressor(assets, { info() {}, warn() {}, error() {}, debug() {} });
    await prepareAsk(compressor, { question: 'q?', files: [{ path: 'a.ts', text: 'export const a = 1;\n' }], budget: 321, endpoint: server.url, provider: 'ollama', model: 'qwen2.5-coder:7b' });
    assert.equal(compressor.requests[0]?.budget, 321);
  });
});
