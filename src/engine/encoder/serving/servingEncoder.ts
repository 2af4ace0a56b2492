import { throwIfAborted, type Encoder, type EncoderCalibration, type EncoderInfo, type TokenScores } from '../encoder';
import { postJson, ServingTransportError } from './postJson';
import { parseScoringReply, scoringCall, type PromptScores, type ServingProtocol } from './protocols';
import { entropyFromTopK } from './topkEntropy';

export interface ServingEncoderOptions {
  /** The server's base URL, already checked against the loopback rule (see servingScorer.ts). */
  readonly endpoint: URL;
  readonly protocol: ServingProtocol;
  /** vLLM's model name; omitted from the request when the server serves one model. */
  readonly model?: string;
  readonly info: Omit<EncoderInfo, 'device' | 'contextTokens'>;
  /** The token every sequence is scored after (Qwen: <|endoftext|> 151643), as the neural encoder does. */
  readonly startToken: number;
  /** Top-k log-probabilities asked per position to estimate entropy; 0 asks for none (no entropy). */
  readonly topK?: number;
  /** Vocabulary size, for the tail of the entropy estimate. */
  readonly vocabSize: number;
  /** Scores what the server could not; its results are used for those sequences only, with a notice. */
  readonly fallback: () => Promise<Encoder>;
  readonly maxBatchTokens?: number;
  readonly maxBatchSequences?: number;
  /** Longest prompt sent (the server's context window); longer sequences go to the fallback. */
  readonly maxSequenceTokens?: number;
  readonly timeoutMs?: number;
  readonly maxReplyBytes?: number;
  /** Tries per batch when the server answers 429/503 (busy), waiting Retry-After (capped) between them. */
  readonly maxTries?: number;
  readonly maxRetryWaitS?: number;
  /** Waits between tries; replaceable so tests do not sleep. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const LN2 = Math.LN2;

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    }, { once: true });
  });
}

/** A batch the server refused as too large (413): split it and send the halves. */
class TooLargeError extends Error {}

/**
 * Scores with a model behind a vLLM or SGLang server: the server returns the log-probability of every prompt
 * token (and its top k), so the decoder the team already serves, on however many GPUs it spans, is the
 * encoder. Units are batched into requests; whatever the server fails to score is scored by the fallback
 * encoder and said in a notice, so a busy or broken server never loses the run.
 */
export class ServingEncoder implements Encoder {
  readonly info: EncoderInfo;
  private readonly notices: string[] = [];
  private readonly topK: number;
  private fallbackEncoder: Promise<Encoder> | undefined;

  constructor(private readonly options: ServingEncoderOptions) {
    this.topK = Math.max(0, Math.floor(options.topK ?? 20));
    const where = `${options.protocol} server ${options.endpoint.host}`;
    this.info = {
      ...options.info,
      device: this.topK > 0 ? where : `${where}, no entropy`,
      contextTokens: this.maxSequence - 2,
    };
  }

  private get maxSequence(): number {
    return this.options.maxSequenceTokens ?? 8192;
  }

  calibration(): Promise<EncoderCalibration | undefined> {
    return Promise.resolve(undefined);
  }

  /** Notices gathered since the last call (fallbacks), for the run's warnings. */
  drainNotices(): string[] {
    return this.notices.splice(0);
  }

  async score(sequences: readonly (readonly number[])[], signal?: AbortSignal): Promise<TokenScores[]> {
    throwIfAborted(signal);
    const results: (TokenScores | undefined)[] = sequences.map((s) => (s.length === 0 ? { surprisal: new Float32Array(0) } : undefined));
    const failed = new Map<number, string>();
    const todo: number[] = [];
    sequences.forEach((s, i) => {
      if (s.length === 0) return;
      // The start token goes before it and the server generates one token after it: both count against its context.
      if (s.length + 2 > this.maxSequence) failed.set(i, `longer than the server's ${this.maxSequence}-token context`);
      else todo.push(i);
    });
    let down: string | undefined;
    for (const batch of this.batches(todo, sequences)) {
      if (down !== undefined) {
        for (const i of batch) failed.set(i, down);
        continue;
      }
      try {
        await this.sendSplitting(batch, sequences, results, failed, signal);
      } catch (err) {
        throwIfAborted(signal);
        const reason = err instanceof Error ? err.message : String(err);
        for (const i of batch) failed.set(i, reason);
        // A refused connection will be refused again: do not wait on it for every batch.
        if (err instanceof ServingTransportError && err.refused) down = reason;
      }
    }
    if (failed.size > 0) await this.scoreFallback(sequences, results, failed, signal);
    return results as TokenScores[];
  }

  dispose(): void {
    void this.fallbackEncoder?.then((e) => e.dispose?.()).catch(() => undefined);
  }

  private *batches(todo: readonly number[], sequences: readonly (readonly number[])[]): Generator<number[]> {
    const maxTokens = this.options.maxBatchTokens ?? 16_384;
    const maxSeqs = this.options.maxBatchSequences ?? 32;
    let batch: number[] = [];
    let tokens = 0;
    for (const i of todo) {
      const n = sequences[i]!.length + 1;
      if (batch.length > 0 && (tokens + n > maxTokens || batch.length >= maxSeqs)) {
        yield batch;
        batch = [];
        tokens = 0;
      }
      batch.push(i);
      tokens += n;
    }
    if (batch.length > 0) yield batch;
  }

  /** Sends one batch; a 413 splits it in halves down to single sequences, which then fail alone. */
  private async sendSplitting(batch: readonly number[], sequences: readonly (readonly number[])[], results: (TokenScores | undefined)[], failed: Map<number, string>, signal: AbortSignal | undefined): Promise<void> {
    try {
      const scored = await this.send(batch.map((i) => sequences[i]!), signal);
      batch.forEach((i, k) => (results[i] = scored[k]));
    } catch (err) {
      if (!(err instanceof TooLargeError)) throw err;
      if (batch.length === 1) {
        failed.set(batch[0]!, err.message);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await this.sendSplitting(batch.slice(0, half), sequences, results, failed, signal);
      await this.sendSplitting(batch.slice(half), sequences, results, failed, signal);
    }
  }

  private async send(seqs: readonly (readonly number[])[], signal: AbortSignal | undefined): Promise<TokenScores[]> {
    const prompts = seqs.map((s) => [this.options.startToken, ...s]);
    const call = scoringCall(this.options.protocol, prompts, this.topK, this.options.model);
    const url = new URL(this.options.endpoint.href);
    url.pathname = `${url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}${call.path}`;
    const tries = Math.max(1, this.options.maxTries ?? 3);
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal);
      const reply = await postJson(url, call.body, {
        timeoutMs: this.options.timeoutMs ?? 120_000,
        maxBytes: this.options.maxReplyBytes ?? 256 * 1024 * 1024,
        ...(signal ? { signal } : {}),
      });
      if (reply.body !== undefined) return parseScoringReply(this.options.protocol, reply.body, prompts, this.topK).map((p) => this.toScores(p));
      const detail = reply.errorText ? `: ${reply.errorText.replace(/\s+/g, ' ').trim().slice(0, 160)}` : '';
      if (reply.status === 413) throw new TooLargeError(`the server refused the request as too large (HTTP 413)${detail}`);
      const busy = reply.status === 429 || reply.status === 503;
      if (!busy || attempt >= tries) throw new Error(`the server answered HTTP ${reply.status}${busy ? ` after ${attempt} tries` : ''}${detail}`);
      const maxWait = this.options.maxRetryWaitS ?? 30;
      const waitS = reply.retryAfterS ?? Math.min(maxWait, 2 ** attempt);
      if (waitS > maxWait) throw new Error(`the server is busy (HTTP ${reply.status}) and asks to wait ${Math.round(waitS)} s, over the ${maxWait} s this waits`);
      await (this.options.sleep ?? defaultSleep)(waitS * 1000, signal);
    }
  }

  private toScores(p: PromptScores): TokenScores {
    const n = p.logprobs.length;
    const surprisal = new Float32Array(n);
    for (let i = 0; i < n; i++) surprisal[i] = -p.logprobs[i]! / LN2;
    if (!p.top) return { surprisal };
    const entropy = new Float32Array(n);
    for (let i = 0; i < n; i++) entropy[i] = entropyFromTopK(p.top[i]!, this.options.vocabSize);
    return { surprisal, entropy };
  }

  private async scoreFallback(sequences: readonly (readonly number[])[], results: (TokenScores | undefined)[], failed: ReadonlyMap<number, string>, signal: AbortSignal | undefined): Promise<void> {
    this.fallbackEncoder ??= this.options.fallback();
    const fallback = await this.fallbackEncoder;
    const order = [...failed.keys()];
    const scored = await fallback.score(order.map((i) => sequences[i]!), signal);
    order.forEach((i, k) => (results[i] = scored[k]));
    const reasons = [...new Set(failed.values())];
    this.notices.push(
      `The scoring server at ${this.options.endpoint.host} (${this.options.protocol}) did not score ${order.length} of ${sequences.length} sequences ` +
        `(${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? '; …' : ''}); ${fallback.info.id} scored those instead, so their scores come from another model.`,
    );
  }
}

