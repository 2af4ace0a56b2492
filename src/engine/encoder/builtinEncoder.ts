import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Encoder, EncoderCalibration, EncoderInfo, TokenScores } from './encoder';
import { throwIfAborted } from './encoder';
import { parseModel } from './ngram/format';
import { NgramScorer, sharedScorerArrays, type ScorerArrays } from './ngram/scorer';

/** Metadata the build writes into model.bin's header and MANIFEST.json. */
/** One package the built-in model was trained or evaluated on, as the manifest records it (and the build script names it). */
export interface ModelSource {
  /** Stable id (also the build's cache folder name). */
  readonly id: string;
  readonly kind: 'npm' | 'deb';
  readonly name: string;
  readonly version: string;
  readonly license: string;
  /** Upstream project, for the manifest. */
  readonly upstream: string;
  readonly split: 'train' | 'heldout';
  /** Path prefixes inside the unpacked package that were read (npm: relative to package/; deb: to the root). */
  readonly include: readonly string[];
}

export interface BuiltinModelMeta {
  readonly id: string;
  readonly family: string;
  readonly domain: 'code';
  readonly tokenizer: string;
  readonly description: string;
  readonly order: number;
  readonly pruning: { readonly minAdjustedCount: readonly number[]; readonly maxWordId: number };
  readonly quantization: string;
  readonly training: {
    readonly tokens: number;
    readonly files: number;
    readonly tokensPerLanguage: Readonly<Record<string, number>>;
    readonly heldoutTokensPerLanguage: Readonly<Record<string, number>>;
    readonly capPerSourceAndLanguage: { readonly train: number; readonly heldout: number };
    readonly skippedFiles: Readonly<Record<string, number>>;
    readonly ngramTypes: readonly number[];
    readonly ngramsKept: readonly number[];
    readonly discounts: readonly (readonly number[])[];
  };
  readonly evaluation: Readonly<Record<string, { readonly tokens: number; readonly files: number; readonly bitsPerToken: number; readonly unigramBitsPerToken: number }>>;
  readonly sources: readonly (ModelSource & {
    readonly file: string;
    readonly sha256: string;
    readonly files: number;
    readonly tokens: Readonly<Record<string, number>>;
  })[];
  readonly calibration: EncoderCalibration;
}

export const BUILTIN_MODEL_FILE = 'model.bin';

export class BuiltinModelLoadError extends Error {
  constructor(file: string, cause: unknown) {
    super(
      `Could not load the built-in code model from ${file}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Reinstall the extension, or run `npm run build:model && npm run build` in a checkout.',
    );
    this.name = 'BuiltinModelLoadError';
  }
}

/** A loaded model as it crosses to worker threads: its arrays shared, not copied (see sharedScorerArrays). */
export interface SharedBuiltinModel {
  readonly arrays: ScorerArrays;
  readonly meta: BuiltinModelMeta;
}

interface Loaded {
  readonly scorer: NgramScorer;
  readonly meta: BuiltinModelMeta;
  readonly loadMs: number;
}

/** Tokens scored between checks of the abort signal and yields to the event loop (~0.1 s of work). */
const SLICE_TOKENS = 200_000;

/**
 * The built-in encoder: a Kneser–Ney n-gram model over Qwen2.5 tokens of code, shipped with the extension.
 * Constructing it does no I/O; the model file is read on first use, once.
 */
export class BuiltinEncoder implements Encoder {
  readonly info: EncoderInfo = {
    id: 'builtin-ngram-qwen2.5-code',
    family: 'builtin-ngram',
    domain: 'code',
    tokenizer: 'qwen2.5',
    device: 'cpu (built-in n-gram)',
    contextTokens: 3, // order 4
  };
  private loading: Promise<Loaded> | undefined;

  /** `shared`: a model another thread loaded (an analysis worker gets its host's), used instead of reading the file. */
  constructor(
    private readonly modelDir: string,
    private readonly shared?: SharedBuiltinModel,
  ) {}

  /** Loads the model (memoised); callers may await it ahead of time, off the activation path. */
  load(): Promise<Loaded> {
    this.loading ??= (async () => {
      const start = performance.now();
      if (this.shared) return { scorer: new NgramScorer(this.shared.arrays), meta: this.shared.meta, loadMs: performance.now() - start };
      const file = path.join(this.modelDir, BUILTIN_MODEL_FILE);
      try {
        const bytes = await readFile(file);
        const { tables, meta } = parseModel(bytes);
        // Kept in shared memory from the start: the file's buffer can go, and workers score with this same copy.
        const scorer = new NgramScorer(sharedScorerArrays(new NgramScorer(tables).arrays));
        return { scorer, meta: meta as BuiltinModelMeta, loadMs: performance.now() - start };
      } catch (err) {
        this.loading = undefined;
        throw new BuiltinModelLoadError(file, err);
      }
    })();
    return this.loading;
  }

  /** The loaded model for analysis workers, which then hold no model of their own. */
  async sharedModel(): Promise<SharedBuiltinModel> {
    const { scorer, meta } = await this.load();
    return { arrays: scorer.arrays, meta };
  }

  async metadata(): Promise<BuiltinModelMeta> {
    return (await this.load()).meta;
  }

  async calibration(): Promise<EncoderCalibration | undefined> {
    return (await this.load()).meta.calibration;
  }

  async score(sequences: readonly (readonly number[])[], signal?: AbortSignal): Promise<TokenScores[]> {
    throwIfAborted(signal);
    const { scorer } = await this.load();
    const out: TokenScores[] = [];
    let sinceYield = 0;
    for (const seq of sequences) {
      if (sinceYield >= SLICE_TOKENS) {
        // Give other work (UI messages, cancellation) a turn between slices of a large batch.
        await new Promise<void>((resolve) => setImmediate(resolve));
        throwIfAborted(signal);
        sinceYield = 0;
      }
      const surprisal = new Float32Array(seq.length);
      scorer.scoreInto(seq, surprisal);
      out.push({ surprisal });
      sinceYield += seq.length;
    }
    return out;
  }
}
