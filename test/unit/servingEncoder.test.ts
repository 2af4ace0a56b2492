import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import type { Encoder, TokenScores } from '../../src/engine/encoder';
import { connectServingScorer, entropyFromTopK, ServingEncoder, type ServingProtocol } from '../../src/engine/encoder/serving';
import { RemoteEndpointError } from '../../src/engine/llm/errors';
import { closedPort, sendJson, startServer } from './helpers/llmServers';
import type { Handler, RecordedRequest, TestServer } from './helpers/llmServers';

const START = 151643;
const VOCAB = 151936;
const TOP_K = 3;

/** The fake served model: log-probability of token t at any position, and a top-k list that includes it when it ranks. */
const lpOf = (t: number): number => -0.25 * ((t % 9) + 1);
const topOf = (): number[] => [-0.25, -0.5, -0.75];

function vllmReply(prompts: number[][], k: number): unknown {
  return {
    id: 'cmpl-1',
    object: 'text_completion',
    model: 'Qwen/Qwen2.5-Coder-0.5B',
    choices: prompts.map((p, index) => ({
      index,
      text: 'x',
      logprobs: null,
      finish_reason: 'length',
      prompt_logprobs: p.map((t, j) => {
        if (j === 0) return null;
        const entry: Record<string, { logprob: number; rank: number; decoded_token: string }> = {};
        // Top k under ids 900000+ so they never collide with prompt ids; the prompt token ranks k+1 unless its lp is in the top.
        topOf().slice(0, k).forEach((lp, r) => (entry[String(900000 + r)] = { logprob: lp, rank: r + 1, decoded_token: '?' }));
        entry[String(t)] = { logprob: lpOf(t), rank: k + 1, decoded_token: 'tok' };
        return entry;
      }),
    })),
    usage: { prompt_tokens: 1, total_tokens: 2, completion_tokens: 1 },
  };
}

function sglangReply(prompts: number[][], k: number): unknown {
  return prompts.map((p) => ({
    text: 'x',
    meta_info: {
      prompt_tokens: p.length,
      input_token_logprobs: p.map((t, j) => [j === 0 ? null : lpOf(t), t, null]),
      input_top_logprobs: p.map((_t, j) => (j === 0 ? null : topOf().slice(0, k).map((lp, r) => [lp, 900000 + r, null]))),
    },
  }));
}

interface VllmBody {
  model?: string;
  prompt: number[][];
  max_tokens: number;
  prompt_logprobs: number;
}
interface SglangBody {
  input_ids: number[][];
  sampling_params: { max_new_tokens: number };
  return_logprob: boolean;
  logprob_start_len: number;
  top_logprobs_num: number;
}

const vllmOk: Handler = (req, res) => {
  const body = JSON.parse(req.body) as VllmBody;
  sendJson(res, 200, vllmReply(body.prompt, body.prompt_logprobs));
};
const sglangOk: Handler = (req, res) => {
  const body = JSON.parse(req.body) as SglangBody;
  sendJson(res, 200, sglangReply(body.input_ids, body.top_logprobs_num));
};

/** Stands in for the built-in encoder: 99 bits everywhere, so its scores are told apart. */
function fakeFallback(): { encoder: Encoder; calls: number[][][] } {
  const calls: number[][][] = [];
  const encoder: Encoder = {
    info: { id: 'builtin-code-ngram', family: 'qwen2.5-coder', domain: 'code', tokenizer: 'qwen2.5', device: 'cpu', contextTokens: 3 },
    calibration: () => Promise.resolve(undefined),
    score: (seqs) => {
      calls.push(seqs.map((s) => [...s]));
      return Promise.resolve(seqs.map((s): TokenScores => ({ surprisal: new Float32Array(s.length).fill(99) })));
    },
  };
  return { encoder, calls };
}

function encoderFor(server: TestServer, protocol: ServingProtocol, fallback: Encoder, extra: Partial<ConstructorParameters<typeof ServingEncoder>[0]> = {}): ServingEncoder {
  return new ServingEncoder({
    endpoint: new URL(server.url),
    protocol,
    info: { id: 'serving-test', family: 'qwen2.5-coder', domain: 'code', tokenizer: 'qwen2.5' },
    startToken: START,
    vocabSize: VOCAB,
    topK: TOP_K,
    fallback: () => Promise.resolve(fallback),
    timeoutMs: 2000,
    sleep: () => Promise.resolve(),
    ...extra,
  });
}

const SEQS = [
  [9707, 11, 1879],
  [0, 220],
  [5, 6, 7, 8, 9],
];

function expectServerScores(scores: TokenScores, ids: readonly number[], withEntropy: boolean): void {
  assert.deepEqual([...scores.surprisal], ids.map((t) => Math.fround(-lpOf(t) / Math.LN2)));
  if (withEntropy) assert.deepEqual([...scores.entropy!], ids.map(() => Math.fround(entropyFromTopK(topOf(), VOCAB))));
  else assert.equal(scores.entropy, undefined);
}

async function withServer(routes: Record<string, Handler>, run: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startServer(routes);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

test('serving vllm: prompt ids after the start token, one generated token, prompt_logprobs k; surprisal in bits and top-k entropy', async () => {
  await withServer({ 'POST /v1/completions': vllmOk }, async (server) => {
    const fb = fakeFallback();
    const enc = encoderFor(server, 'vllm', fb.encoder, { model: 'qwen' });
    const scores = await enc.score(SEQS);
    SEQS.forEach((ids, i) => expectServerScores(scores[i]!, ids, true));
    assert.equal(server.requests.length, 1, 'three short units go in one request');
    const body = JSON.parse(server.requests[0]!.body) as VllmBody;
    assert.deepEqual(body.prompt, SEQS.map((s) => [START, ...s]));
    assert.equal(body.max_tokens, 1);
    assert.equal(body.prompt_logprobs, TOP_K);
    assert.equal(body.model, 'qwen');
    assert.equal(fb.calls.length, 0);
    assert.deepEqual(enc.drainNotices(), []);
  });
});

test('serving sglang: input_ids batch with return_logprob from position 0; the same scores as vLLM for the same model', async () => {
  await withServer({ 'POST /generate': sglangOk }, async (server) => {
    const enc = encoderFor(server, 'sglang', fakeFallback().encoder);
    const scores = await enc.score(SEQS);
    SEQS.forEach((ids, i) => expectServerScores(scores[i]!, ids, true));
    const body = JSON.parse(server.requests[0]!.body) as SglangBody;
    assert.deepEqual(body.input_ids, SEQS.map((s) => [START, ...s]));
    assert.equal(body.sampling_params.max_new_tokens, 1);
    assert.equal(body.return_logprob, true);
    assert.equal(body.logprob_start_len, 0);
    assert.equal(body.top_logprobs_num, TOP_K);
  });
});

test('serving: without top-k the entropy is marked unavailable, not made up', async () => {
  await withServer({ 'POST /v1/completions': vllmOk }, async (server) => {
    const enc = encoderFor(server, 'vllm', fakeFallback().encoder, { topK: 0 });
    const scores = await enc.score(SEQS);
    SEQS.forEach((ids, i) => expectServerScores(scores[i]!, ids, false));
    assert.match(enc.info.device, /no entropy/);
  });
});

test('serving: batches respect the token limit per request', async () => {
  await withServer({ 'POST /v1/completions': vllmOk }, async (server) => {
    const enc = encoderFor(server, 'vllm', fakeFallback().encoder, { maxBatchTokens: 7 });
    await enc.score(SEQS);
    const sizes = server.requests.map((r) => (JSON.parse(r.body) as VllmBody).prompt.map((p) => p.length));
    assert.deepEqual(sizes, [[4, 3], [6]]);
  });
});

test('serving: HTTP 413 splits the batch until the server takes it; nothing falls back', async () => {
  const tooLarge: Handler = (req, res, server) => {
    const body = JSON.parse(req.body) as VllmBody;
    if (body.prompt.length > 1) sendJson(res, 413, { object: 'error', message: 'request too large' });
    else void vllmOk(req, res, server);
  };
  await withServer({ 'POST /v1/completions': tooLarge }, async (server) => {
    const fb = fakeFallback();
    const enc = encoderFor(server, 'vllm', fb.encoder);
    const scores = await enc.score(SEQS);
    SEQS.forEach((ids, i) => expectServerScores(scores[i]!, ids, true));
    assert.equal(fb.calls.length, 0);
  });
});

test('serving: HTTP 429 with Retry-After waits as asked, then scores', async () => {
  let busy = 2;
  const waits: number[] = [];
  const limited: Handler = (req, res, server) => {
    if (busy-- > 0) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' }).end('{"error":"rate limited"}');
      return;
    }
    void vllmOk(req, res, server);
  };
  await withServer({ 'POST /v1/completions': limited }, async (server) => {
    const fb = fakeFallback();
    const enc = encoderFor(server, 'vllm', fb.encoder, { sleep: (ms) => (waits.push(ms), Promise.resolve()) });
    const scores = await enc.score(SEQS);
    SEQS.forEach((ids, i) => expectServerScores(scores[i]!, ids, true));
    assert.deepEqual(waits, [3000, 3000]);
    assert.equal(fb.calls.length, 0);
  });
});

test('serving: a server that stays busy past the tries falls back with a notice naming HTTP 429', async () => {
  const limited: Handler = (_req, res) => {
    res.writeHead(429, { 'retry-after': '1' }).end();
  };
  await withServer({ 'POST /v1/completions': limited }, async (server) => {
    const fb = fakeFallback();
    const enc = encoderFor(server, 'vllm', fb.encoder, { maxTries: 2 });
    const scores = await enc.score(SEQS);
    assert.equal(server.requests.length, 2);
    assert.deepEqual([...scores[0]!.surprisal], [99, 99, 99]);
    const [notice] = enc.drainNotices();
    assert.match(notice ?? '', /did not score 3 of 3 sequences.*HTTP 429 after 2 tries.*builtin-code-ngram scored those/);
  });
});

test('serving: a reply cut off mid-JSON falls back for that batch only; the other batch keeps the server scores', async () => {
  let n = 0;
  const cutOnce: Handler = (req, res, server) => {
    if (n++ === 0) {
      const full = JSON.stringify(vllmReply((JSON.parse(req.body) as VllmBody).prompt, TOP_K));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) });
      res.write(full.slice(0, full.length >> 1));
      setImmediate(() => res.destroy());
      return;
    }
    void vllmOk(req, res, server);
  };
  await withServer({ 'POST /v1/completions': cutOnce }, async (server) => {
    const fb = fakeFallback();
    const enc = encoderFor(server, 'vllm', fb.encoder, { maxBatchTokens: 7 });
    const scores = await enc.score(SEQS);
    assert.deepEqual([...scores[0]!.surprisal], [99, 99, 99]);
    assert.deepEqual([...scores[1]!.surprisal], [99, 99]);
    expectServerScores(scores[2]!, SEQS[2]!, true);
    assert.deepEqual(fb.calls, [[SEQS[0], SEQS[1]]]);
    assert.match(enc.drainNotices().join('\n'), /did not score 2 of 3 sequences \(the connection failed or the reply was cut off/);
    assert.deepEqual(enc.drainNotices(), [], 'notices are given once');
  });
});

test('serving: a complete reply that scores fewer tokens than sent, or other tokens, is rejected, not misaligned', async () => {
  const short: Handler = (req, res) => {
    const body = JSON.parse(req.body) as SglangBody;
    const reply = sglangReply(body.input_ids, TOP_K) as { meta_info: { input_token_logprobs: unknown[] } }[];
    reply[0]!.meta_info.input_token_logprobs.pop();
    (reply[1]!.meta_info.input_token_logprobs[1] as unknown[])[1] = 4242;
    sendJson(res, 200, reply);
  };
  await withServer({ 'POST /generate': short }, async (server) => {
    const fb = fakeFallback();
    const enc = encoderFor(server, 'sglang', fb.encoder);
    const scores = await enc.score(SEQS.slice(0, 2));
    assert.deepEqual([...scores[0]!.surprisal], [99, 99, 99]);
    assert.match(enc.drainNotices()[0] ?? '', /scores 3 of 4 prompt tokens/);
  });
});

test('serving: a refused connection falls back for everything after one try, with a notice', async () => {
  const port = await closedPort();
  const fb = fakeFallback();
  const enc = new ServingEncoder({
    endpoint: new URL(`http://127.0.0.1:${port}`),
    protocol: 'vllm',
    info: { id: 'serving-test', family: 'qwen2.5-coder', domain: 'code', tokenizer: 'qwen2.5' },
    startToken: START,
    vocabSize: VOCAB,
    fallback: () => Promise.resolve(fb.encoder),
    maxBatchTokens: 4,
  });
  const scores = await enc.score(SEQS);
  assert.deepEqual(scores.map((s) => s.surprisal.length), [3, 2, 5]);
  assert.equal(fb.calls.length, 1);
  assert.match(enc.drainNotices()[0] ?? '', /refused/);
});

test('serving: an HTTP 500 on one batch falls back for that batch only', async () => {
  let n = 0;
  const flaky: Handler = (req, res, server) => {
    if (n++ === 1) sendJson(res, 500, { error: 'CUDA out of memory' });
    else void vllmOk(req, res, server);
  };
  await withServer({ 'POST /v1/completions': flaky }, async (server) => {
    const fb = fakeFallback();
    const enc = encoderFor(server, 'vllm', fb.encoder, { maxBatchTokens: 7 });
    const scores = await enc.score(SEQS);
    expectServerScores(scores[0]!, SEQS[0]!, true);
    assert.deepEqual([...scores[2]!.surprisal], [99, 99, 99, 99, 99]);
    assert.match(enc.drainNotices()[0] ?? '', /HTTP 500: .*CUDA out of memory/);
  });
});

test('serving: the scorer takes the model name and context length from GET /v1/models and matches the family from it', async () => {
  const models: Handler = (_req: RecordedRequest, res: http.ServerResponse) =>
    sendJson(res, 200, { object: 'list', data: [{ id: 'Qwen/Qwen2.5-Coder-0.5B', object: 'model', max_model_len: 6 }] });
  await withServer({ 'GET /v1/models': models, 'POST /v1/completions': vllmOk }, async (server) => {
    const fb = fakeFallback();
    const { encoder, entry } = await connectServingScorer({ endpoint: server.url, protocol: 'vllm' }, () => Promise.resolve(fb.encoder), { sleep: () => Promise.resolve() });
    assert.equal(entry.family, 'qwen2.5-coder');
    assert.equal(entry.tokenizer, 'qwen2.5');
    const scores = await encoder.score(SEQS);
    expectServerScores(scores[0]!, SEQS[0]!, true);
    assert.deepEqual([...scores[2]!.surprisal], [99, 99, 99, 99, 99], 'a sequence over max_model_len goes to the fallback');
    assert.equal((JSON.parse(server.requests[1]!.body) as VllmBody).model, 'Qwen/Qwen2.5-Coder-0.5B');
  });
});

test('serving: a remote endpoint is refused without --allow-remote, before anything is sent', async () => {
  await assert.rejects(connectServingScorer({ endpoint: 'http://10.1.2.3:8000', protocol: 'vllm' }, () => Promise.reject(new Error('unused'))), RemoteEndpointError);
});

test('entropyFromTopK: exact when the top k hold all the mass; between the top-k part and the uniform tail otherwise', () => {
  const full = [Math.log(0.5), Math.log(0.25), Math.log(0.25)];
  assert.ok(Math.abs(entropyFromTopK(full, VOCAB) - 1.5) < 1e-12);
  const partial = [Math.log(0.5), Math.log(0.2)];
  const topPart = -(0.5 * Math.log2(0.5) + 0.2 * Math.log2(0.2));
  // 0.3 left, each tail token ≤ 0.2: at least 1.5 tokens' worth, so the tail adds −0.3·log2(0.3/1.5).
  assert.ok(Math.abs(entropyFromTopK(partial, VOCAB) - (topPart - 0.3 * Math.log2(0.3 / 1.5))) < 1e-12);
  assert.ok(entropyFromTopK(partial, VOCAB) > topPart);
});
