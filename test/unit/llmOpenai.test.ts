import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  buildPrompt,
  createLlmClient,
  LlmAbortError,
  LlmConnectionError,
  LlmHttpError,
  LlmModelNotFoundError,
  LlmProtocolError,
  LlmServerError,
  LlmStreamTruncatedError,
  LlmTimeoutError,
  redactSecrets,
} from '../../src/engine/llm';
import type { ChatDoneInfo, LlmClient } from '../../src/engine/llm';
import { closedPort, sendJson, splitBytes, SSE_DONE, sseChunk, startServer, startSse, within, writeSlowly } from './helpers/llmServers';
import type { Handler, TestServer } from './helpers/llmServers';
import { drainChat, failedChat, withChatServer } from './helpers/llmChat';

const MODEL = 'qwen2.5-coder-7b-instruct';
const FAST = { connectMs: 2000, firstByteMs: 2000, idleMs: 2000 };

const withServer = (chat: Handler, run: (client: LlmClient, server: TestServer) => Promise<void>, timeouts = FAST, endpointPath = ''): Promise<void> =>
  withChatServer('POST /v1/chat/completions', 'openai', chat, run, timeouts, endpointPath);
const drain = (client: LlmClient, onDone?: (i: ChatDoneInfo) => void): Promise<string[]> => drainChat(client, MODEL, undefined, onDone);
const chatError = (client: LlmClient, signal?: AbortSignal) => failedChat(client, MODEL, signal);

test('openai: streams SSE deltas split across TCP writes, skipping comments and role-only chunks', async () => {
  await withServer(async (_req, res, server) => {
    startSse(res);
    const wire =
      ': keep-alive\n\n' +
      sseChunk(MODEL, { role: 'assistant', content: '' }) +
      sseChunk(MODEL, { content: 'const x' }) +
      sseChunk(MODEL, { content: ' = "é✓";' }) +
      sseChunk(MODEL, {}, 'stop') +
      sseChunk(MODEL, {}, null, { choices: [], usage: { prompt_tokens: 120, completion_tokens: 9, total_tokens: 129 } }) +
      SSE_DONE;
    await writeSlowly(res, server, splitBytes(wire, 11), 1);
    res.end();
  }, async (client) => {
    let done: ChatDoneInfo | undefined;
    const deltas = await drain(client, (i) => (done = i));
    assert.deepEqual(deltas, ['const x', ' = "é✓";']);
    assert.deepEqual(done, { finishReason: 'stop', promptTokens: 120, answerTokens: 9 });
  });
});

test('openai: CRLF line endings and multi-line data fields parse as the SSE spec says', async () => {
  await withServer((_req, res) => {
    startSse(res);
    const chunk = JSON.stringify({ choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: null }] });
    // The JSON split over two data: lines is joined with "\n", which JSON allows as whitespace.
    res.end(`event: message\r\ndata: ${chunk.slice(0, 10)}\r\ndata: ${chunk.slice(10)}\r\n\r\ndata: [DONE]\r\n\r\n`);
  }, async (client) => {
    assert.deepEqual(await drain(client), ['ok']);
  });
});

test('openai: the request carries the redacted context, the question and max_tokens; /v1 in the endpoint is not doubled', async () => {
  const secret = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
  const rendered = `// config.ts\nexport const token = "${secret}";\nexport function client() { return connect(token); }\n`;
  const redacted = redactSecrets(rendered);
  const question = 'Where does the client get its token from?';
  const prompt = buildPrompt({ context: redacted.text, question, contextWindow: 8192, countTokens: (t) => Math.ceil(t.length / 4) });
  await withServer((_req, res) => {
    startSse(res);
    res.end(sseChunk(MODEL, { content: 'From config.' }, 'stop') + SSE_DONE);
  }, async (client, server) => {
    const out: string[] = [];
    for await (const d of client.chat({ model: MODEL, messages: prompt.messages, maxAnswerTokens: prompt.answerTokens, temperature: 0.2 })) out.push(d);
    assert.equal(out.join(''), 'From config.');
    const req = server.requests[0]!;
    assert.equal(req.path, '/v1/chat/completions');
    assert.match(String(req.headers.accept), /text\/event-stream/);
    const body = JSON.parse(req.body) as { model: string; stream: boolean; max_tokens: number; temperature: number; messages: { role: string; content: string }[] };
    assert.equal(body.model, MODEL);
    assert.equal(body.stream, true);
    assert.equal(body.max_tokens, prompt.answerTokens);
    assert.equal(body.temperature, 0.2);
    const user = body.messages[1]!.content;
    assert.ok(user.includes('export function client() { return connect(token); }'));
    assert.ok(user.endsWith(question));
    assert.ok(!req.body.includes(secret), 'the secret never reaches the server');
    assert.ok(user.includes('«redacted:github-token»'));
  }, FAST, '/v1');
});

test('openai: lists models from /v1/models, context length from vLLM listing or llama.cpp /props', async () => {
  const server = await startServer({
    'GET /v1/models': (_req, res) =>
      sendJson(res, 200, {
        object: 'list',
        data: [
          { id: 'Qwen/Qwen2.5-Coder-7B-Instruct', object: 'model', created: 1731000000, owned_by: 'vllm', max_model_len: 32768 },
          { id: 'qwen2.5-coder-1.5b-instruct-q8_0.gguf', object: 'model', created: 1731000000, owned_by: 'llamacpp', meta: { n_ctx_train: 32768 } },
        ],
      }),
    'GET /props': (_req, res) => sendJson(res, 200, { default_generation_settings: { n_ctx: 8192, params: {} }, total_slots: 1, model_path: 'm.gguf' }),
  });
  try {
    const client = createLlmClient({ endpoint: server.url, provider: 'openai', timeouts: FAST });
    const models = await client.listModels();
    assert.deepEqual(models.map((m) => [m.id, m.contextLength]), [
      ['Qwen/Qwen2.5-Coder-7B-Instruct', 32768],
      ['qwen2.5-coder-1.5b-instruct-q8_0.gguf', undefined],
    ]);
    assert.equal(await client.contextLength('Qwen/Qwen2.5-Coder-7B-Instruct'), 32768);
    assert.equal(await client.contextLength('qwen2.5-coder-1.5b-instruct-q8_0.gguf'), 8192);
  } finally {
    await server.close();
  }
});

test('openai: context length is undefined when the server does not say', async () => {
  const server = await startServer({ 'GET /v1/models': (_req, res) => sendJson(res, 200, { object: 'list', data: [{ id: 'm', object: 'model' }] }) });
  try {
    const client = createLlmClient({ endpoint: server.url, provider: 'openai', timeouts: FAST });
    assert.equal(await client.contextLength('m'), undefined);
  } finally {
    await server.close();
  }
});

test('openai: a model the server does not have (vLLM 404) is reported as such', async () => {
  await withServer((_req, res) => sendJson(res, 404, { object: 'error', message: `The model \`${MODEL}\` does not exist.`, type: 'NotFoundError', param: null, code: 404 }), async (client) => {
    const { error } = await chatError(client);
    assert.ok(error instanceof LlmModelNotFoundError, String(error));
    assert.match(error.message, /does not exist/);
    assert.match(error.message, /load it in the server/);
  });
});

test('openai: a 500 reply carries the OpenAI-style error message', async () => {
  await withServer((_req, res) => sendJson(res, 500, { error: { code: 500, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error' } }), async (client) => {
    const { error } = await chatError(client);
    assert.ok(error instanceof LlmHttpError, String(error));
    assert.equal(error.status, 500);
    assert.match(error.message, /HTTP 500: the request exceeds the available context size/);
  });
});

test('openai: headers at once but no first token in time is a first-byte timeout', async () => {
  await withServer(async (_req, res, server) => {
    startSse(res);
    res.flushHeaders(); // llama.cpp sends headers, then evaluates the prompt
    await server.delay(5000);
  }, async (client) => {
    const { error, ms } = await chatError(client);
    assert.ok(error instanceof LlmTimeoutError, String(error));
    assert.equal(error.phase, 'firstByte');
    assert.ok(ms < 1500, `failed after ${ms} ms`);
  }, { connectMs: 1000, firstByteMs: 300, idleMs: 5000 });
});

test('openai: a connection cut mid-stream is a truncated answer', async () => {
  await withServer(async (_req, res, server) => {
    startSse(res);
    await writeSlowly(res, server, [sseChunk(MODEL, { content: 'a' }), sseChunk(MODEL, { content: 'b' }).slice(0, 25)]);
    res.socket?.destroy();
  }, async (client) => {
    const { error, deltas } = await chatError(client);
    assert.ok(error instanceof LlmStreamTruncatedError, String(error));
    assert.deepEqual(deltas, ['a']);
  });
});

test('openai: a clean end without [DONE] or a finish_reason is truncated', async () => {
  await withServer((_req, res) => {
    startSse(res);
    res.end(sseChunk(MODEL, { content: 'a' }) + sseChunk(MODEL, { content: 'b' }));
  }, async (client) => {
    const { error, deltas } = await chatError(client);
    assert.ok(error instanceof LlmStreamTruncatedError, String(error));
    assert.match(error.message, /without "data: \[DONE\]"/);
    assert.deepEqual(deltas, ['a', 'b']);
  });
});

test('openai: a clean end after finish_reason but without [DONE] is accepted', async () => {
  await withServer((_req, res) => {
    startSse(res);
    res.end(sseChunk(MODEL, { content: 'a' }) + sseChunk(MODEL, {}, 'length'));
  }, async (client) => {
    let done: ChatDoneInfo | undefined;
    assert.deepEqual(await drain(client, (i) => (done = i)), ['a']);
    assert.equal(done?.finishReason, 'length');
  });
});

test('openai: malformed event data is a protocol error that quotes it', async () => {
  await withServer((_req, res) => {
    startSse(res);
    res.end(sseChunk(MODEL, { content: 'a' }) + 'data: {"choices": [\n\n' + SSE_DONE);
  }, async (client) => {
    const { error } = await chatError(client);
    assert.ok(error instanceof LlmProtocolError, String(error));
    assert.match(error.message, /not a JSON object: "\{"choices": \["/);
  });
});

test('openai: an error object inside the stream is reported with its message', async () => {
  await withServer((_req, res) => {
    startSse(res);
    res.end(sseChunk(MODEL, { content: 'a' }) + `data: ${JSON.stringify({ error: { message: 'CUDA out of memory', type: 'server_error' } })}\n\n`);
  }, async (client) => {
    const { error } = await chatError(client);
    assert.ok(error instanceof LlmServerError, String(error));
    assert.match(error.message, /CUDA out of memory/);
  });
});

test('openai: a server that ignores stream:true and sends one JSON answer still works', async () => {
  await withServer((_req, res) =>
    sendJson(res, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: MODEL,
      choices: [{ index: 0, message: { role: 'assistant', content: 'whole answer' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
    }), async (client) => {
    let done: ChatDoneInfo | undefined;
    assert.deepEqual(await drain(client, (i) => (done = i)), ['whole answer']);
    assert.equal(done?.promptTokens, 10);
  });
});

test('openai: a refused connection names the server and how to start it', async () => {
  const port = await closedPort();
  const client = createLlmClient({ endpoint: `http://127.0.0.1:${port}/v1`, timeouts: FAST });
  assert.equal(client.provider, 'openai');
  const { error } = await chatError(client);
  assert.ok(error instanceof LlmConnectionError, String(error));
  assert.match(error.message, new RegExp(`^Cannot reach the OpenAI-compatible server at http://127\\.0\\.0\\.1:${port}/v1 \\(connection refused\\)`));
  assert.match(error.message, /llama-server -m/);
});

test('openai: cancelling mid-stream aborts promptly and the server sees the request closed', async () => {
  await withServer(async (_req, res, server) => {
    startSse(res);
    for (let i = 0; i < 200 && !res.destroyed; i++) {
      res.write(sseChunk(MODEL, { content: `t${i} ` }));
      await server.delay(20);
    }
    res.end(SSE_DONE);
  }, async (client, server) => {
    const ac = new AbortController();
    const deltas: string[] = [];
    let caught: unknown;
    const t0 = Date.now();
    try {
      for await (const d of client.chat({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }, ac.signal)) {
        deltas.push(d);
        if (deltas.length === 2) setTimeout(() => ac.abort(), 5); // abort while the client is waiting on the socket
      }
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof LlmAbortError, String(caught));
    assert.ok(deltas.length >= 2 && deltas.length < 10, `got ${deltas.length} deltas`);
    assert.ok(Date.now() - t0 < 2000);
    await within(server.clientClosedEarly, 2000, 'the server to see the request closed');
  });
});

test('openai: an API key is sent as a Bearer token', async () => {
  const server = await startServer({ 'GET /v1/models': (_req, res) => sendJson(res, 200, { data: [] }) });
  try {
    await createLlmClient({ endpoint: server.url, provider: 'openai', apiKey: 'local-key', timeouts: FAST }).listModels();
    assert.equal(server.requests[0]!.headers.authorization, 'Bearer local-key');
  } finally {
    await server.close();
  }
});

test('openai: SSE keep-alive comments do not count as progress: a server that only pings is cut off by the idle limit', async () => {
  await withServer(async (_req, res, server) => {
    startSse(res);
    res.write(sseChunk(MODEL, { content: 'Thinking' }));
    // A comment every 100 ms keeps bytes flowing (and the socket's idle timer reset), but no answer comes.
    for (let i = 0; i < 100 && !res.destroyed; i++) {
      res.write(': ping\n\n');
      await server.delay(100);
    }
    res.end();
  }, async (client) => {
    const out: string[] = [];
    const error = await within(
      (async () => {
        try {
          for await (const d of client.chat({ model: MODEL, messages: [{ role: 'user', content: 'q' }] })) out.push(d);
          return undefined;
        } catch (err) {
          return err;
        }
      })(),
      8000,
      'the idle cut-off',
    );
    assert.deepEqual(out, ['Thinking']);
    assert.ok(error instanceof LlmTimeoutError, String(error));
    assert.equal(error.phase, 'idle');
    assert.match(error.message, /--idle-timeout <seconds>.*codeContextCompressor\.llm\.idleTimeoutSeconds/);
  }, { connectMs: 1000, firstByteMs: 1000, idleMs: 500 });
});

test('openai: an answer far past the token limit asked for is stopped', async () => {
  await withServer(async (_req, res, server) => {
    startSse(res);
    for (let i = 0; i < 2000 && !res.destroyed; i++) {
      res.write(sseChunk(MODEL, { content: 'token ' }));
      if (i % 50 === 0) await server.delay(1);
    }
    res.end(SSE_DONE);
  }, async (client) => {
    let error: unknown;
    try {
      for await (const _ of client.chat({ model: MODEL, messages: [{ role: 'user', content: 'q' }], maxAnswerTokens: 10 })) void _;
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof LlmProtocolError, String(error));
    assert.match(error.message, /went on past 320 characters/);
  });
});
