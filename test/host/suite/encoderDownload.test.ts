// Host test: an encoder matched to the decoder, downloaded on first use into the cache the user can open
// and clear, then picked automatically and run through transformers.js on onnxruntime (CPU here). The
// "hub" is a loopback server that serves the repository's tiny Qwen2-architecture ONNX model under the
// file names of the Qwen2.5-Coder-0.5B export, so nothing leaves this machine.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateApi, closeAll, EXTENSION_ID, open, settings, type TestApi } from './helpers';

const REPO = 'onnx-community/Qwen2.5-Coder-0.5B-Instruct';
/** Registry file name → file of the tiny model that stands in for it. */
const FILES: Record<string, string> = {
  'config.json': 'config.json',
  'generation_config.json': 'generation_config.json',
  'onnx/model_quantized.onnx': 'onnx/model.onnx',
};

suite('Encoder download and matching', () => {
  let api: TestApi;
  let server: http.Server;
  const requested: string[] = [];

  suiteSetup(async () => {
    api = await activateApi();
    const tiny = path.join(vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '', 'models', 'tiny-qwen2');
    server = http.createServer((req, res) => {
      const prefix = `/${REPO}/resolve/main/`;
      const file = req.url?.startsWith(prefix) ? FILES[req.url.slice(prefix.length)] : undefined;
      requested.push(req.url ?? '');
      if (!file) {
        res.writeHead(404).end('not found');
        return;
      }
      const body = readFileSync(path.join(tiny, file));
      res.writeHead(200, { 'content-length': String(body.length) }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await settings({ modelHubEndpoint: `http://127.0.0.1:${port}`, output: 'document', askForQuestion: false });
  });

  suiteTeardown(async () => {
    await settings({ modelHubEndpoint: undefined, output: undefined, askForQuestion: undefined });
    await vscode.commands.executeCommand('codeContextCompressor.clearModelCache', { force: true });
    await closeAll();
    await new Promise((resolve) => server.close(resolve));
  });

  test('before the download, the built-in encoder is the matched one and Coder-0.5B is suggested', async () => {
    await open('src/pricing.ts');
    const r = await api.compress({ scope: 'currentFile', question: '' });
    assert.equal(r?.stats.encoder?.id, 'builtin-code-ngram');
    assert.equal(r?.stats.encoder?.match, 'matched');
    assert.equal((r?.stats.encoder as { suggestion?: string } | undefined)?.suggestion, 'qwen2.5-coder-0.5b-instruct');
  });

  test('downloads into the cache, then matching picks the Coder encoder and runs it on the CPU', async () => {
    const dir = await vscode.commands.executeCommand<string | undefined>('codeContextCompressor.downloadEncoder', { id: 'qwen2.5-coder-0.5b-instruct' });
    assert.ok(dir, 'download failed');
    assert.ok(existsSync(path.join(dir, 'onnx', 'model_quantized.onnx')));
    assert.ok(requested.some((u) => u.endsWith('/onnx/model_quantized.onnx')));
    assert.ok(dir.includes(path.join('models', 'onnx-community')), dir);

    await open('src/pricing.ts');
    const r = await api.compress({ scope: 'currentFile', question: '' });
    assert.equal(r?.stats.encoder?.id, 'qwen2.5-coder-0.5b-instruct');
    assert.equal(r?.stats.encoder?.match, 'matched');
    assert.match(r?.stats.encoder?.device ?? '', /cpu/);
    assert.ok(r?.slots.some((s) => typeof (s as { entropy?: number }).entropy === 'number'), 'no unit was scored');
  });

  test('forcing a general-domain encoder that is not installed falls back to the built-in one and says so', async () => {
    await settings({ encoder: 'qwen2.5-0.5b-instruct' });
    try {
      await open('src/pricing.ts');
      const r = await api.compress({ scope: 'currentFile', question: '' });
      assert.equal(r?.stats.encoder?.id, 'builtin-code-ngram');
      const w = r?.warnings.find((x) => x.code === 'encoder-mismatch');
      assert.ok(w, JSON.stringify(r?.warnings));
      assert.match(w.message, /qwen2\.5-0\.5b-instruct could not be loaded/);
      assert.equal(api.statusWarning(), true);
    } finally {
      await settings({ encoder: undefined });
    }
  });

  test('clearing the cache removes the model; the built-in encoder takes over again', async () => {
    const cleared = await vscode.commands.executeCommand<boolean>('codeContextCompressor.clearModelCache', { force: true });
    assert.equal(cleared, true);
    await open('src/pricing.ts');
    const r = await api.compress({ scope: 'currentFile', question: '' });
    assert.equal(r?.stats.encoder?.id, 'builtin-code-ngram');
  });
});
