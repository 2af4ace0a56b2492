import { createHash } from 'node:crypto';
import type { SharedBuiltinModel } from './builtinEncoder';

/** What an encoder was pretrained on (DESIGN.md, findings 2–4: match the decoder's domain). */
export type EncoderDomain = 'code' | 'general' | 'math';

export interface EncoderInfo {
  /** Stable id, also part of every cache key (e.g. "builtin-ngram-qwen2.5-code"). */
  readonly id: string;
  /** Model family, for matching against the decoder's family (e.g. "qwen2.5-coder", "builtin-ngram"). */
  readonly family: string;
  readonly domain: EncoderDomain;
  /** Tokenizer whose ids `score` consumes (a folder name under the tokenizers dir, e.g. "qwen2.5"). */
  readonly tokenizer: string;
  /** Where it runs, in words the UI can show (e.g. "cpu (built-in n-gram)", "cuda"). */
  readonly device: string;
  /**
   * How many preceding tokens a prediction can depend on (3 for a 4-gram model, the context window for a
   * transformer): whether code placed before the query can change how well the query is predicted.
   */
  readonly contextTokens: number;
}

/** Per-token scores of one sequence. */
export interface TokenScores {
  /** surprisal[i] = −log2 p(token i | the tokens before it in the same sequence), in bits. */
  readonly surprisal: Float32Array;
  /** Entropy in bits of the predictive distribution at position i, when the model provides it. */
  readonly entropy?: Float32Array;
}

/** Percentiles of per-unit mean surprisal for one language, measured on held-out code. */
export interface LanguageCalibration {
  /** Units measured. */
  readonly units: number;
  readonly mean: number;
  /** percentiles[i] is the (i+1)-th percentile in bits/token, i = 0..98. */
  readonly percentiles: readonly number[];
}

/** Calibration of an encoder: per language id (typescript, tsx, …, "all" for the pooled table). */
export interface EncoderCalibration {
  /** How units were formed when measuring (so callers score the same way). */
  readonly unit: string;
  /** Percentile above which a unit counts as high-density. */
  readonly densePercentile: number;
  readonly languages: Readonly<Record<string, LanguageCalibration>>;
}

/**
 * One interface for every encoder (built-in n-gram, neural). Sequences are token ids in the encoder's
 * tokenizer; each sequence is scored from an empty context, independently of the others.
 */
export interface Encoder {
  readonly info: EncoderInfo;
  /** Calibration statistics shipped with the model, when it has them. */
  calibration(): Promise<EncoderCalibration | undefined>;
  /** Rejects with the signal's reason when aborted. */
  score(sequences: readonly (readonly number[])[], signal?: AbortSignal): Promise<TokenScores[]>;
  /** What went wrong but did not stop scoring (a server that failed some sequences), since the last call: for the run's warnings. */
  drainNotices?(): string[];
  dispose?(): void;
  /** The built-in model's arrays in shared memory, for analysis workers to score with (the built-in encoder only). */
  sharedModel?(): Promise<SharedBuiltinModel | undefined>;
}

export class EncoderAbortedError extends Error {
  constructor() {
    super('Scoring was cancelled.');
    this.name = 'AbortError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new EncoderAbortedError();
}

/** Mean surprisal in bits/token over [start, end) of one sequence's scores; NaN for an empty range. */
export function meanSurprisal(scores: TokenScores, start = 0, end = scores.surprisal.length): number {
  if (end <= start) return Number.NaN;
  let sum = 0;
  for (let i = start; i < end; i++) sum += scores.surprisal[i]!;
  return sum / (end - start);
}

/** Content hash of a token sequence under one encoder: the cache key. */
export function sequenceKey(encoderId: string, ids: readonly number[]): string {
  const buf = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) buf[i] = ids[i]!;
  return createHash('sha1').update(encoderId).update('\0').update(new Uint8Array(buf.buffer)).digest('base64');
}

export interface ScoreCacheOptions {
  /** Total tokens kept across cached sequences (bounds memory: ~4–8 bytes per token). */
  readonly maxTokens?: number;
}

/**
 * Wraps any encoder with an LRU cache keyed by content hash, so text that did not change is never scored
 * twice (files are re-analysed on every save and every compress).
 */
export class CachedEncoder implements Encoder {
  private readonly entries = new Map<string, TokenScores>();
  private tokens = 0;
  private readonly maxTokens: number;
  hits = 0;
  misses = 0;

  constructor(private readonly inner: Encoder, options: ScoreCacheOptions = {}) {
    this.maxTokens = options.maxTokens ?? 4_000_000;
  }

  get info(): EncoderInfo {
    return this.inner.info;
  }

  calibration(): Promise<EncoderCalibration | undefined> {
    return this.inner.calibration();
  }

  sharedModel(): Promise<SharedBuiltinModel | undefined> {
    return this.inner.sharedModel?.() ?? Promise.resolve(undefined);
  }

  async score(sequences: readonly (readonly number[])[], signal?: AbortSignal): Promise<TokenScores[]> {
    throwIfAborted(signal);
    const keys = sequences.map((s) => sequenceKey(this.inner.info.id, s));
    const result: (TokenScores | undefined)[] = keys.map((k) => this.lookup(k));
    // Score each distinct missing sequence once, in one batch.
    const missing = new Map<string, number>();
    keys.forEach((k, i) => {
      if (result[i] === undefined && !missing.has(k)) missing.set(k, i);
    });
    this.hits += sequences.length - missing.size;
    this.misses += missing.size;
    if (missing.size > 0) {
      const order = [...missing.values()];
      const scored = await this.inner.score(order.map((i) => sequences[i]!), signal);
      const fresh = new Map<string, TokenScores>();
      order.forEach((seqIndex, j) => {
        fresh.set(keys[seqIndex]!, scored[j]!);
        this.store(keys[seqIndex]!, scored[j]!);
      });
      keys.forEach((k, i) => {
        result[i] ??= fresh.get(k);
      });
    }
    return result as TokenScores[];
  }

  drainNotices(): string[] {
    return this.inner.drainNotices?.() ?? [];
  }

  clear(): void {
    this.entries.clear();
    this.tokens = 0;
  }

  dispose(): void {
    this.clear();
    this.inner.dispose?.();
  }

  private lookup(key: string): TokenScores | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert to mark as most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  private store(key: string, value: TokenScores): void {
    if (this.entries.has(key)) return;
    const size = value.surprisal.length;
    if (size > this.maxTokens) return;
    this.entries.set(key, value);
    this.tokens += size;
    for (const [oldKey, old] of this.entries) {
      if (this.tokens <= this.maxTokens) break;
      this.entries.delete(oldKey);
      this.tokens -= old.surprisal.length;
    }
  }
}
