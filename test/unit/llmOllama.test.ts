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
} from '../../src/engine/llm';
import type { ChatDoneInfo, LlmClient } from '../../src/engine/llm';
import {
  closedPort,
  ollamaChunk,
  ollamaDone,
  sendJson,
  splitBytes,
  startNdjson,
  startServer,
  within,
  writeSlowly,
} from './helpers/llmServers';
import type { Handler, TestServer } from './helpers/llmServers';
import { drainChat, failedChat, withChatServer } from './helpers/llmChat';

const MODEL = 'qwen2.5-coder:7b';
const FAST = { connectMs: 2000, firstByteMs: 2000, idleMs: 2000 };

const withOllama = (chat: Handler, run: (client: LlmClient, server: TestServer) => Promise<void>, timeouts = FAST): Promise<void> =>
  withChatServer('POST /api/chat', 'ollama', chat, run, timeouts);
const drain = (client: LlmClient, signal?: AbortSignal, onDone?: (i: ChatDoneInfo) => void): Promise<string[]> => drainChat(client, MODEL, signal, onDone);
const chatError = (client: LlmClient, signal?: AbortSignal) => failedChat(client, MODEL, signal);

test('ollama: streams deltas when lines and UTF-8 characters are split across TCP writes', async () => {
  const pieces = ['def ', 'add(a, b):', '\n    return a + b  # ✓ 合', ''];
  await withOllama(async (_req, res, server) => {
    startNdjson(res);
    const wire = pieces.map((p) => ollamaChunk(MODEL, p)).join('') + ollamaDone(MODEL, 42, 7);
    await writeSlowly(res, server, splitBytes(wire, 7), 1);
    res.end();
  }, async (client) => {
    let done: ChatDoneInfo | undefined;
    const deltas = await drain(client, undefined, (i) => (done = i));
    assert.equal(deltas.join(''), pieces.join(''));
    assert.ok(deltas.every((d) => d.length > 0), 'no empty deltas');
    assert.deepEqual(done, { finishReason: 'stop', promptTokens: 42, answerTokens: 7 });
  });
});

test('ollama: the request carries the rendered context, the question, and num_ctx covering the prompt', async () => {
  const context = '<|file_sep|>src/math.ts\nexport function add(a: number, b: number) {\n  return a + b;\n}\n';
  const question = 'What does add return for two negative numbers?';
  const countTokens = (t: string): number => Math.ceil(t.length / 3);
  const prompt = buildPrompt({ context, question, contextWindow: 32768, countTokens });
  await withOllama((_req, res) => {
    startNdjson(res);
    res.end(ollamaChunk(MODEL, 'A negative number.') + ollamaDone(MODEL));
  }, async (client, server) => {
    const answer: string[] = [];
    for await (const d of client.chat({ model: MODEL, messages: prompt.messages, contextTokens: prompt.numCtx, maxAnswerTokens: prompt.answerTokens })) answer.push(d);
    assert.equal(answer.join(''), 'A negative number.');
    assert.equal(server.requests.length, 1);
    const req = server.requests[0]!;
    assert.equal(req.path, '/api/chat');
    assert.match(String(req.headers['content-type']), /application\/json/);
    const body = JSON.parse(req.body) as { model: string; stream: boolean; messages: { role: string; content: string }[]; options: { num_ctx: number; num_predict: number } };
    assert.equal(body.model, MODEL);
    assert.equal(body.stream, true);
    assert.deepEqual(body.messages.map((m) => m.role), ['system', 'user']);
    const user = body.messages[1]!.content;
    assert.ok(user.includes(context.trimEnd()), 'the context is sent verbatim');
    assert.ok(user.indexOf(question) > user.indexOf('return a + b'), 'the question comes after the context');
    assert.ok(body.options.num_ctx >= prompt.promptTokens + prompt.answerTokens, 'num_ctx covers prompt and answer');
    assert.ok(body.options.num_ctx > 2048 || prompt.promptTokens + prompt.answerTokens <= 2048);
    assert.equal(body.options.num_predict, prompt.answerTokens);
  });
});

test('ollama: lists models from /api/tags and reads the context length from /api/show', async () => {
  const server = await startServer({
    'GET /api/tags': (_req, res) =>
      sendJson(res, 200, {
        models: [
          {
            name: 'qwen2.5-coder:7b',
            model: 'qwen2.5-coder:7b',
            modified_at: '2024-11-12T10:00:00.000Z',
            size: 4683087332,
            digest: '2b0496514337a3d5901f1d253d01726c890b721e891335a56d6e08cedf3e2cb0',
            details: { parent_model: '', format: 'gguf', family: 'qwen2', families: ['qwen2'], parameter_size: '7.6B', quantization_level: 'Q4_K_M' },
          },
          { name: 'llama3.2:1b', model: 'llama3.2:1b', size: 1321098329, details: { family: 'llama', parameter_size: '1.2B', quantization_level: 'Q8_0' } },
        ],
      }),
    'POST /api/show': (req, res) => {
      const wanted = (JSON.parse(req.body) as { model: string }).model;
      if (wanted !== MODEL) return sendJson(res, 404, { error: `model '${wanted}' not found` });
      sendJson(res, 200, {
        modelfile: '# Modelfile generated by "ollama show"',
        parameters: 'stop "<|im_end|>"',
        template: '{{ .System }}',
        details: { format: 'gguf', family: 'qwen2', parameter_size: '7.6B', quantization_level: 'Q4_K_M' },
        model_info: { 'general.architecture': 'qwen2', 'general.parameter_count': 7615616512, 'qwen2.context_length': 32768, 'qwen2.embedding_length': 3584 },
      });
    },
  });
  try {
    const client = createLlmClient({ endpoint: server.url, timeouts: FAST, provider: 'ollama' });
    const models = await client.listModels();
    assert.deepEqual(models.map((m) => m.id), ['qwen2.5-coder:7b', 'llama3.2:1b']);
    assert.equal(models[0]!.parameterSize, '7.6B');
    assert.equal(models[0]!.quantization, 'Q4_K_M');
    assert.equal(models[0]!.family, 'qwen2');
    assert.equal(await client.contextLength(MODEL), 32768);
    await assert.rejects(client.contextLength('nope:1b'), (e: unknown) => e instanceof LlmModelNotFoundError && e.message.includes('ollama pull nope:1b'));
  } finally {
    await server.close();
  }
});

test('ollama: a model that is not installed says to pull it', async () => {
  await withOllama((_req, res) => sendJson(res, 404, { error: `model "${MODEL}" not found, try pulling it first` }), async (client) => {
    const { error } = await chatError(client);
    assert.ok(error instanceof LlmModelNotFoundError, String(error));
    assert.equal(error.status, 404);
    assert.equal(error.model, MODEL);
    assert.match(error.message, /ollama pull qwen2\.5-coder:7b/);
    assert.match(error.message, /not found, try pulling it first/);
  });
});

test('ollama: a 500 reply carries the server error text', async () => {
  await withOllama((_req, res) => sendJson(res, 500, { error: 'llama runner process has terminated: signal: killed' }), async (client) => {
    const { error } = await chatError(client);
    assert.ok(error instanceof LlmHttpError && !(error instanceof LlmModelNotFoundError), String(error));
    assert.equal(error.status, 500);
    assert.match(error.message, /HTTP 500: llama runner process has terminated: signal: killed/);
    assert.match(error.message, /log/);
  });
});

test('ollama: a 404 on the path itself (not Ollama there) says to check endpoint and provider', async () => {
  const server = await startServer({});
  try {
    const client = createLlmClient({ endpoint: server.url, provider: 'ollama', timeouts: FAST });
    const { error } = await chatError(client);
    assert.ok(error instanceof LlmHttpError && !(error instanceof LlmModelNotFoundError), String(error));
    assert.match(error.message, /404 page not found/);
    assert.match(error.message, /provider/);
  } finally {
    await server.close();
  }
});

test('ollama: no first byte within the timeout fails with a timeout, not a hang', async () => {
  await withOllama(async (_req, _res, server) => {
    await server.delay(5000); // never answers within the test's timeout
  }, async (client) => {
    const { error, ms } = await chatError(client);
    assert.ok(error instanceof LlmTimeoutError, String(error));
    assert.equal(error.phase, 'firstByte');
    assert.ok(ms < 1500, `failed after ${ms} ms`);
    assert.match(error.message, /took longer than 300 ms to start answering/);
  }, { connectMs: 1000, firstByteMs: 300, idleMs: 1000 });
});

test('ollama: a stream that goes silent mid-answer fails with an idle timeout', async () => {
  await withOllama(async (_req, res, server) => {
    startNdjson(res);
    res.write(ollamaChunk(MODEL, 'partial'));
    await server.delay(5000);
  }, async (client) => {
    const { error, deltas, ms } = await chatError(client);
    assert.ok(error instanceof LlmTimeoutError, String(error));
    assert.equal(error.phase, 'idle');
    assert.deepEqual(deltas, ['partial']);
    assert.ok(ms < 1500, `failed after ${ms} ms`);
  }, { connectMs: 1000, firstByteMs: 1000, idleMs: 250 });
});

test('ollama: a connection cut mid-stream is reported as a truncated answer', async () => {
  await withOllama(async (_req, res, server) => {
    startNdjson(res);
    await writeSlowly(res, server, [ollamaChunk(MODEL, 'one '), ollamaChunk(MODEL, 'two '), ollamaChunk(MODEL, 'thr').slice(0, 30)]);
    res.socket?.destroy();
  }, async (client) => {
    const { error, deltas } = await chatError(client);
    assert.ok(error instanceof LlmStreamTruncatedError, String(error));
    assert.deepEqual(deltas, ['one ', 'two ']);
    assert.match(error.message, /stopped before it was complete/);
  });
});

test('ollama: a stream that ends cleanly without "done" is truncated', async () => {
  await withOllama((_req, res) => {
    startNdjson(res);
    res.end(ollamaChunk(MODEL, 'one ') + ollamaChunk(MODEL, 'two '));
  }, async (client) => {
    const { error, deltas } = await chatError(client);
    assert.ok(error instanceof LlmStreamTruncatedError, String(error));
    assert.match(error.message, /without the final "done"/);
    assert.deepEqual(deltas, ['one ', 'two ']);
  });
});

test('ollama: a malformed line is a protocol error that quotes it', async () => {
  await withOllama((_req, res) => {
    startNdjson(res);
    res.end(`${ollamaChunk(MODEL, 'ok ')}{"message": {"content": "bro\n${ollamaDone(MODEL)}`);
  }, async (client) => {
    const { error, deltas } = await chatError(client);
    assert.ok(error instanceof LlmProtocolError, String(error));
    assert.match(error.message, /not a JSON object: "\{"message": \{"content": "bro"/);
    assert.deepEqual(deltas, ['ok ']);
  });
});

test('ollama: an error line in the middle of the stream is reported with its text', async () => {
  await withOllama((_req, res) => {
    startNdjson(res);
    res.end(`${ollamaChunk(MODEL, 'ok ')}${JSON.stringify({ error: 'an error was encountered while running the model: unexpected EOF' })}\n`);
  }, async (client) => {
    const { error } = await chatError(client);
    assert.ok(error instanceof LlmServerError, String(error));
    assert.match(error.message, /unexpected EOF/);
  });
});

test('ollama: an HTML page is a protocol error pointing at the endpoint', async () => {
  await withOllama((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Router login</body></html>');
  }, async (client) => {
    const { error } = await chatError(client);
    assert.ok(error instanceof LlmProtocolError, String(error));
    assert.match(error.message, /HTML page/);
  });
});

test('ollama: a refused connection says to start Ollama', async () => {
  const port = await closedPort();
  const client = createLlmClient({ endpoint: `http://127.0.0.1:${port}`, provider: 'ollama', timeouts: FAST });
  const { error } = await chatError(client);
  assert.ok(error instanceof LlmConnectionError, String(error));
  assert.equal(error.message, `Cannot reach Ollama at http://127.0.0.1:${port} (connection refused) — start it with \`ollama serve\`, or set the endpoint.`);
  await assert.rejects(client.listModels(), LlmConnectionError);
});

test('ollama: cancelling mid-stream aborts promptly and the server sees the request closed', async () => {
  await withOllama(async (_req, res, server) => {
    startNdjson(res);
    for (let i = 0; i < 200 && !res.destroyed; i++) {
      res.write(ollamaChunk(MODEL, `t${i} `));
      await server.delay(20);
    }
    res.end(ollamaDone(MODEL));
  }, async (client, server) => {
    const ac = new AbortController();
    const deltas: string[] = [];
    const t0 = Date.now();
    let caught: unknown;
    try {
      for await (const d of client.chat({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }, ac.signal)) {
        deltas.push(d);
        if (deltas.length === 3) ac.abort();
      }
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof LlmAbortError, String(caught));
    assert.equal(caught.name, 'AbortError');
    assert.equal(deltas.length, 3);
    assert.ok(Date.now() - t0 < 2000);
    await within(server.clientClosedEarly, 2000, 'the server to see the request closed');
  });
});

test('ollama: an already aborted signal sends nothing', async () => {
  await withOllama((_req, res) => sendJson(res, 200, {}), async (client, server) => {
    const ac = new AbortController();
    ac.abort();
    const { error } = await chatError(client, ac.signal);
    assert.ok(error instanceof LlmAbortError);
    assert.equal(server.requests.length, 0);
  });
});

test('ollama: breaking out of the stream early releases the connection', async () => {
  await withOllama(async (_req, res, server) => {
    startNdjson(res);
    for (let i = 0; i < 200 && !res.destroyed; i++) {
      res.write(ollamaChunk(MODEL, `t${i} `));
      await server.delay(20);
    }
    res.end(ollamaDone(MODEL));
  }, async (client, server) => {
    for await (const d of client.chat({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] })) {
      assert.equal(d, 't0 ');
      break;
    }
    await within(server.clientClosedEarly, 2000, 'the server to see the request closed');
  });
});

test('ollama: an error reply to a model listing keeps the server text; huge timeouts do not fire early', async () => {
  const server = await startServer({ 'GET /api/tags': (_req, res) => sendJson(res, 503, { error: 'server busy, please try again.' }) });
  try {
    const client = createLlmClient({ endpoint: server.url, provider: 'ollama', timeouts: { connectMs: 1e12, firstByteMs: Infinity, idleMs: 1e12 } });
    await assert.rejects(client.listModels(), (e: unknown) => e instanceof LlmHttpError && e.status === 503 && /server busy/.test(e.message));
  } finally {
    await server.close();
  }
});
