import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/tokenize/tokenCounter';
import { closedPort, ollamaChunk, ollamaDone, sendJson, sseChunk, startNdjson, startServer, startSse, writeSlowly, type TestServer } from './helpers/llmServers';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const MODEL = 'qwen2.5-coder:7b';
const aside = mkdtempSync(path.join(tmpdir(), 'ccc-ask-home-'));
const promptsDir = path.join(aside, 'state', 'code-context-compressor', 'prompts');

/** Runs the CLI without blocking this process's event loop: the test servers live in it. */
function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Saved prompts go to a folder of the test's own, outside the compressed tree, never the user's ~/.local/state.
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, TMPDIR: aside, XDG_STATE_HOME: path.join(aside, 'state'), XDG_CACHE_HOME: path.join(aside, 'cache'), ...env } });
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
    // The token is assembled here so that this file holds none a scanner would flag.
    writeFileSync(path.join(dir, 'secrets.ts'), `// Credentials step42 uses.\nexport const step42Token = "${'gh' + 'p_'}aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";\n`);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(aside, { recursive: true, force: true });
  });

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

  /** The saved prompt named on stderr: it exists, holds the question, and only its owner can read it. */
  function savedPrompt(stderr: string): string {
    const saved = /saved to (\S+);/.exec(stderr)?.[1];
    assert.ok(saved && existsSync(saved), stderr);
    assert.equal(statSync(saved).mode & 0o777, 0o600, 'the prompt file is private');
    assert.equal(statSync(path.dirname(saved)).mode & 0o777, 0o700, 'its folder is private');
    return readFileSync(saved, 'utf8');
  }

  it('saves the prompt privately before the first request: a refused connection keeps it', async () => {
    const port = await closedPort();
    const r = await run(['--ask', 'Where is step7?', '--endpoint', `http://127.0.0.1:${port}`, '.'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /connection refused/);
    const text = savedPrompt(r.stderr);
    assert.match(text, /Question: Where is step7\?/);
    assert.ok(text.includes('export function step7('));
    assert.ok(!text.includes('ghp_aBcDeF'), 'the saved prompt is redacted too');
    assert.ok(savedPromptPath(r.stderr).startsWith(promptsDir));
  });

  function savedPromptPath(stderr: string): string {
    return /saved to (\S+);/.exec(stderr)?.[1] ?? '';
  }

  it('keeps the prompt when model listing fails with HTTP 500', async () => {
    const server = await startServer({ 'GET /api/tags': (_req, res) => sendJson(res, 500, { error: 'out of memory' }) });
    try {
      const r = await run(['--ask', 'why?', '--endpoint', server.url, '--provider', 'ollama', '.'], dir);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /HTTP 500: out of memory/);
      assert.match(savedPrompt(r.stderr), /Question: why\?/);
    } finally {
      await server.close();
    }
  });

  it('cuts off a silent server after --timeout, names the option, and keeps the prompt', async () => {
    const server = await startServer({ 'GET /api/tags': () => undefined });
    try {
      const r = await run(['--ask', 'why?', '--endpoint', server.url, '--provider', 'ollama', '--timeout', '0.5', '.'], dir);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /took longer than 500 ms to start answering/);
      assert.match(r.stderr, /--timeout <seconds>/);
      assert.match(savedPrompt(r.stderr), /Question: why\?/);
    } finally {
      await server.close();
    }
  });

  it('keeps the prompt when the server answers garbage', async () => {
    const server = await startServer({
      'GET /api/tags': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end('\u0000\u00ff{"models": [tru');
      },
    });
    try {
      const r = await run(['--ask', 'why?', '--endpoint', server.url, '--provider', 'ollama', '.'], dir);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /did not return JSON/);
      assert.match(savedPrompt(r.stderr), /Question: why\?/);
    } finally {
      await server.close();
    }
  });

  it('cuts off a server that keeps the stream alive without answering, naming --idle-timeout', async () => {
    const server = await startServer({
      'POST /api/show': (_req, res) => sendJson(res, 200, { model_info: { 'qwen2.context_length': 8192 } }),
      'POST /api/chat': async (_req, res, s) => {
        startNdjson(res);
        res.write(ollamaChunk(MODEL, 'Let me think'));
        // A keep-alive line every 200 ms: bytes keep coming, the answer does not.
        for (let i = 0; i < 100 && !res.destroyed; i++) {
          res.write(ollamaChunk(MODEL, ''));
          await s.delay(200);
        }
        res.end();
      },
    });
    try {
      const r = await run(['--ask', 'why?', '--endpoint', server.url, '--provider', 'ollama', '--model', MODEL, '--idle-timeout', '1', '.'], dir);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, 'Let me think');
      assert.match(r.stderr, /took longer than 1 s between two tokens of the answer/);
      assert.match(r.stderr, /--idle-timeout <seconds>/);
      assert.match(savedPrompt(r.stderr), /Question: why\?/);
    } finally {
      await server.close();
    }
  });

  it('ignores a context length that is no window (−5), says so, and answers; the question\'s secret is redacted', async () => {
    const server = await startServer({
      'POST /api/show': (_req, res) => sendJson(res, 200, { model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': -5 } }),
      'POST /api/chat': async (_req, res, s) => {
        startNdjson(res);
        await writeSlowly(res, s, [ollamaChunk(MODEL, 'ok'), ollamaDone(MODEL)]);
        res.end();
      },
    });
    try {
      const key = 'AKIA' + 'Z'.repeat(4) + 'QWERTYUIOPAS';
      const before = existsSync(promptsDir) ? readdirSync(promptsDir) : [];
      const r = await run(['--ask', `Is ${key} used by step3?`, '--endpoint', server.url, '--provider', 'ollama', '--model', MODEL, '.'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /context length of -5/);
      assert.match(r.stderr, /1 secret redacted \(1 aws-access-key\) in the question/);
      const chat = server.requests.find((q) => q.path === '/api/chat');
      assert.ok(chat && !chat.body.includes(key), 'the question is sent redacted');
      assert.ok(chat.body.includes('«redacted:aws-access-key»'));
      // After a complete answer the saved prompt is removed (it was saved: the folder exists).
      assert.deepEqual(readdirSync(promptsDir), before);
    } finally {
      await server.close();
    }
  });

  it('falls back to a private temporary folder when the state and cache folders cannot be used', async () => {
    const port = await closedPort();
    const blocker = path.join(aside, 'not-a-folder');
    writeFileSync(blocker, '');
    const r = await run(['--ask', 'why?', '--endpoint', `http://127.0.0.1:${port}`, '.'], dir, { XDG_STATE_HOME: blocker, XDG_CACHE_HOME: blocker });
    assert.equal(r.code, 1);
    assert.ok(savedPromptPath(r.stderr).startsWith(path.join(aside, 'code-compress-')), r.stderr);
    assert.match(savedPrompt(r.stderr), /Question: why\?/);
    const none = await run(['--ask', 'why?', '--endpoint', `http://127.0.0.1:${port}`, '.'], dir, { XDG_STATE_HOME: blocker, XDG_CACHE_HOME: blocker, TMPDIR: blocker });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /could not be kept: the prompt could not be saved \(.*not-a-folder.*ENOTDIR/);
  });

  it('refuses --no-redact with --ask, and timeouts without --ask', async () => {
    assert.equal((await run(['--ask', 'q', '--no-redact', '.'], dir)).code, 2);
    assert.equal((await run(['--timeout', '3', '.'], dir)).code, 2);
    assert.equal((await run(['--ask', 'q', '--idle-timeout', '-1', '.'], dir)).code, 2);
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
