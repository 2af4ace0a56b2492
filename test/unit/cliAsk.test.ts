import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/tokenize/tokenCounter';
import { closedPort, ollamaChunk, ollamaDone, sendJson, sseChunk, startNdjson, startServer, startSse, writeSlowly, type TestServer } from './helpers/llmServers';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const MODEL = 'qwen2.5-coder:7b';

/** Runs the CLI without blocking this process's event loop: the test servers live in it. */
function run(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, TMPDIR: cwd } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface ChatBody {
  model: string;
  stream: boolean;
  messages: { role: string; content: string }[];
  options?: { num_ctx?: number };
}

describe('code-compress --ask', () => {
  let dir: string;
  let counter: TokenCounter;

  before(async () => {
    counter = await loadTokenCounter(path.join(root, 'dist/assets/tokenizers'), 'qwen2.5');
    dir = mkdtempSync(path.join(tmpdir(), 'ccc-ask-'));
    const fn = (i: number) => `export function step${i}(x: number): number {\n  // stage ${i} of the pipeline\n  return x * ${i} + 1;\n}\n`;
    writeFileSync(path.join(dir, 'pipeline.ts'), Array.from({ length: 300 }, (_, i) => fn(i)).join('\n'));
    writeFileSync(path.join(dir, 'secrets.ts'), '// Credentials step42 uses.\nexport const step42Token = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('streams the answer of an Ollama server; the request holds the compressed context, the question and num_ctx', async () => {
    const server: TestServer = await startServer({
      'GET /api/tags': (_req, res) => sendJson(res, 200, { models: [{ name: 'llama3.2:1b', model: 'llama3.2:1b' }, { name: MODEL, model: MODEL }] }),
      'POST /api/show': (_req, res) => sendJson(res, 200, { model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': 8192 } }),
      'POST /api/chat': async (_req, res, s) => {
        startNdjson(res);
        await writeSlowly(res, s, [ollamaChunk(MODEL, 'step42 '), ollamaChunk(MODEL, 'multiplies by 42.'), ollamaDone(MODEL)]);
        res.end();
      },
    });
    try {
      const r = await run(['-b', '2000', '--ask', 'What does step42 do?', '--endpoint', server.url, '--provider', 'ollama', '.'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'step42 multiplies by 42.\n');
      assert.match(r.stderr, /→ asking qwen2\.5-coder:7b at http:\/\/127\.0\.0\.1:\d+/);
      assert.match(r.stderr, /1 secret redacted/);
      const chat = server.requests.find((q) => q.path === '/api/chat');
      assert.ok(chat);
      const body = JSON.parse(chat.body) as ChatBody;
      assert.equal(body.model, MODEL);
      const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
      assert.match(user, /<\|file_sep\|>pipeline\.ts\n/);
      assert.ok(user.includes('export function step42(x: number): number {'), 'the asked-about function is in the context');
      assert.ok(user.endsWith('Question: What does step42 do?'));
      assert.ok(!user.includes('ghp_aBcDeF'), 'the secret was sent');
      const context = user.slice(0, user.lastIndexOf('\n\nQuestion:'));
      assert.ok(counter.count(context) <= 2000, `context of ${counter.count(context)} tokens is over the budget`);
      assert.ok((body.options?.num_ctx ?? 0) >= counter.count(user), 'num_ctx must hold the prompt');
      assert.ok((body.options?.num_ctx ?? 0) <= 8192);
    } finally {
      await server.close();
    }
  });

  it('streams from an OpenAI-compatible server (llama.cpp, LM Studio, vLLM)', async () => {
    const server = await startServer({
      'GET /v1/models': (_req, res) => sendJson(res, 200, { object: 'list', data: [{ id: 'qwen2.5-coder-7b-instruct', object: 'model' }] }),
      'GET /props': (_req, res) => sendJson(res, 200, { default_generation_settings: { n_ctx: 4096 } }),
      'POST /v1/chat/completions': async (_req, res, s) => {
        startSse(res);
        await writeSlowly(res, s, [sseChunk('m', { role: 'assistant', content: '' }), sseChunk('m', { content: 'Adds one.' }), sseChunk('m', {}, 'stop'), 'data: [DONE]\n\n']);
        res.end();
      },
    });
    try {
      const r = await run(['--ask', 'What does step1 do?', '--endpoint', `${server.url}/v1`, '--model', 'qwen2.5-coder-7b-instruct', '.'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'Adds one.\n');
      const body = JSON.parse(server.requests.find((q) => q.path === '/v1/chat/completions')?.body ?? '{}') as ChatBody & { stream: boolean };
      assert.equal(body.stream, true);
      // The 4k window reported by the server caps the context below the default 4000-token budget.
      assert.match(r.stderr, /lowered to fit the 4096-token window/);
    } finally {
      await server.close();
    }
  });

  it('says how to fix a refused connection and keeps the context and question', async () => {
    const port = await closedPort();
    const r = await run(['--ask', 'why?', '--endpoint', `http://127.0.0.1:${port}`, '--model', MODEL, '.'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Cannot reach|refused/i);
    assert.match(r.stderr, /ollama serve|start/i);
  });

  it('says to pull a model that is not installed, and saves the prompt for a retry', async () => {
    const server = await startServer({
      'POST /api/show': (_req, res) => sendJson(res, 200, { model_info: { 'qwen2.context_length': 32768 } }),
      'POST /api/chat': (_req, res) => sendJson(res, 404, { error: `model '${MODEL}' not found, try pulling it first` }),
    });
    try {
      const r = await run(['--ask', 'why?', '--endpoint', server.url, '--provider', 'ollama', '--model', MODEL, '.'], dir);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /ollama pull qwen2\.5-coder:7b/);
      const saved = /saved to (\S+);/.exec(r.stderr)?.[1];
      assert.ok(saved && existsSync(saved), r.stderr);
      assert.match(readFileSync(saved, 'utf8'), /Question: why\?/);
    } finally {
      await server.close();
    }
  });

  it('refuses a non-loopback endpoint unless allowed', async () => {
    const r = await run(['--ask', 'why?', '--endpoint', 'http://192.0.2.10:11434', '.'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /192\.0\.2\.10/);
    assert.match(r.stderr, /allow/i);
  });

  it('rejects LLM options without --ask, and a bad provider', async () => {
    assert.equal((await run(['--model', MODEL, '.'], dir)).code, 2);
    assert.equal((await run(['--ask', 'q', '--provider', 'gpt', '.'], dir)).code, 2);
  });
});
