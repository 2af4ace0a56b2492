import type { ControlledEvaluateInputItem, ControlledEvaluateIndexOutput, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { throwIfAborted, type Encoder, type EncoderCalibration, type EncoderInfo, type TokenScores } from '../encoder';
import { entropyFromTopK } from '../serving/topkEntropy';
import type { GgufIdentity } from './identify';
import { loadNodeLlamaCpp } from './llamaRuntime';

/**
 * How entropy is computed. `topk`: from the top-k logits and the exact total probability mass (the tail
 * bounded as in the serving scorer) — llama.cpp sorts the vocabulary once per position for it. `exact`:
 * from the full distribution, which node-llama-cpp hands to JavaScript as a 151,936-entry Map per position
 * (slow; measured in bench/scoring-speed.ts). `none`: surprisal only, the cheapest path.
 */
export type GgufEntropyMode = 'topk' | 'exact' | 'none';

export type GgufDevice = 'auto' | 'cpu' | 'cuda' | 'vulkan' | 'metal';

export interface GgufEncoderOptions {
  readonly file: string;
  readonly identity: GgufIdentity;
  readonly id: string;
  readonly device?: GgufDevice;
  readonly entropy?: GgufEntropyMode;
  readonly topK?: number;
  /** Tokens per controlledEvaluate call; outputs of one chunk are all that is held at once. */
  readonly chunkTokens?: number;
  /** The context window used (≤ the model's); longer sequences are scored in windows that re-read one chunk. */
  readonly contextTokens?: number;
  readonly log?: (message: string) => void;
}

const LOG2E = Math.LOG2E;

/** node-llama-cpp brands token ids; the engine's ids are plain numbers from the same vocabulary (checked at load). */
const asToken = (id: number): Token => id as unknown as Token;
type PositionOptions = Extract<ControlledEvaluateInputItem, readonly unknown[]>[1];

/** The per-position request: the target's logit, the argmax's (the greedy pick) and Σ exp(logit − max). */
function positionRequest(target: number, entropy: GgufEntropyMode, topK: number): PositionOptions {
  return {
    generateNext: {
      token: true,
      totalLogitWeight: true,
      probabilities: entropy === 'exact',
      logits: { filter: { tokens: [asToken(target)], includeSelected: true, ...(entropy === 'topk' ? { includeTop: topK } : {}) } },
    },
  };
}

/** Surprisal (bits) of `target` and entropy (bits, NaN when not asked) from one position's output. */
export function reducePosition(out: ControlledEvaluateIndexOutput | undefined, target: number, entropy: GgufEntropyMode, topK: number, vocabSize: number): [number, number] {
  const next = out?.next;
  const logits = next?.logits;
  const total = next?.totalLogitWeight;
  const selected = next?.token;
  if (!logits || total === undefined || selected === undefined || selected === null) throw new Error('llama.cpp returned no logits for a position');
  const max = logits.get(selected);
  const own = logits.get(asToken(target));
  if (max === undefined || own === undefined) throw new Error('llama.cpp left the target token out of the logits');
  const logZ = max + Math.log(total);
  const surprisal = (logZ - own) * LOG2E;
  if (entropy === 'none') return [surprisal, Number.NaN];
  if (entropy === 'exact') {
    let h = 0;
    for (const p of next.probabilities?.values() ?? []) if (p > 0) h -= p * Math.log2(p);
    return [surprisal, h];
  }
  // With includeTop the native side sorts the vocabulary and lists the top k first, best first; the target
  // (when it does not rank) comes after them, so the first k entries are exactly the top k.
  const top: number[] = [];
  for (const logit of logits.values()) {
    if (top.length >= topK) break;
    top.push(logit - logZ);
  }
  return [surprisal, entropyFromTopK(top, vocabSize)];
}

/**
 * Scores with a GGUF model in-process through llama.cpp (node-llama-cpp): per-token surprisal of the actual
 * next token from three numbers per position (its logit, the maximum, the partition sum) computed natively,
 * never the full distribution in JavaScript unless `entropy: 'exact'`.
 */
export class GgufEncoder implements Encoder {
  readonly info: EncoderInfo;
  private readonly entropyMode: GgufEntropyMode;
  private readonly topK: number;
  private readonly chunk: number;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly sequence: LlamaContextSequence,
    private readonly startToken: number,
    private readonly vocabSize: number,
    options: GgufEncoderOptions,
    device: string,
  ) {
    this.entropyMode = options.entropy ?? 'topk';
    this.topK = Math.max(1, options.topK ?? 20);
    this.chunk = Math.max(1, Math.min(options.chunkTokens ?? 256, context.contextSize - 1));
    this.info = {
      id: options.id,
      family: options.identity.family,
      domain: options.identity.domain,
      tokenizer: options.identity.tokenizer,
      device,
      contextTokens: context.contextSize - 1,
    };
  }

  static async load(options: GgufEncoderOptions): Promise<GgufEncoder> {
    const { getLlama } = await loadNodeLlamaCpp();
    const want = options.device ?? 'auto';
    // build 'never': use the prebuilt binaries only; compiling llama.cpp needs a toolchain and the network.
    const llama = await getLlama({ gpu: want === 'auto' ? 'auto' : want === 'cpu' ? false : want, build: 'never', logLevel: 'error' as never, progressLogs: false });
    const device = llama.gpu === false ? 'cpu (llama.cpp)' : `${llama.gpu} (llama.cpp)`;
    const model = await llama.loadModel({ modelPath: options.file, gpuLayers: llama.gpu === false ? 0 : 'max' });
    try {
      const identity = options.identity;
      const contextSize = Math.min(options.contextTokens ?? 4096, identity.contextLength ?? 4096);
      const context = await model.createContext({ contextSize, batchSize: Math.min(512, contextSize), sequences: 1 });
      const start = identity.startToken ?? model.tokens.bos ?? model.tokens.eos;
      if (start === null || start === undefined) throw new Error(`${options.file} names no start token (bos or eos)`);
      options.log?.(`GGUF ${identity.name} (${identity.architecture}, ${identity.tokenizerCheck}) loaded on ${device}.`);
      return new GgufEncoder(model, context, context.getSequence(), start, identity.vocabSize ?? 151_936, options, device);
    } catch (err) {
      await model.dispose();
      throw err;
    }
  }

  calibration(): Promise<EncoderCalibration | undefined> {
    return Promise.resolve(undefined);
  }

  score(sequences: readonly (readonly number[])[], signal?: AbortSignal): Promise<TokenScores[]> {
    // One sequence (KV cache) is shared: runs queue behind each other.
    const run = this.queue.then(async () => {
      const out: TokenScores[] = [];
      for (const ids of sequences) out.push(await this.scoreOne(ids, signal));
      return out;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    void this.context.dispose().then(() => this.model.dispose()).catch(() => undefined);
  }

  private async scoreOne(ids: readonly number[], signal: AbortSignal | undefined): Promise<TokenScores> {
    const n = ids.length;
    const surprisal = new Float32Array(n);
    const entropy = this.entropyMode === 'none' ? undefined : new Float32Array(n);
    const fed = (i: number): number => (i === 0 ? this.startToken : ids[i - 1]!);
    const window = this.context.contextSize;
    await this.sequence.clearHistory();
    let held = 0;
    for (let pos = 0; pos < n; ) {
      throwIfAborted(signal);
      let count = Math.min(this.chunk, n - pos);
      if (held + count > window) {
        // Window full: start over, re-reading up to one chunk of the preceding tokens as context.
        await this.sequence.clearHistory();
        const ctx = Math.min(this.chunk, pos, window - count);
        if (ctx > 0) await this.sequence.controlledEvaluate(Array.from({ length: ctx }, (_, k) => asToken(fed(pos - ctx + k))));
        held = ctx;
      }
      count = Math.min(count, window - held);
      const input: ControlledEvaluateInputItem[] = Array.from({ length: count }, (_, k) => [asToken(fed(pos + k)), positionRequest(ids[pos + k]!, this.entropyMode, this.topK)]);
      const outputs = await this.sequence.controlledEvaluate(input);
      for (let k = 0; k < count; k++) {
        const [s, h] = reducePosition(outputs[k], ids[pos + k]!, this.entropyMode, this.topK, this.vocabSize);
        surprisal[pos + k] = s;
        if (entropy) entropy[pos + k] = h;
      }
      held += count;
      pos += count;
    }
    return entropy ? { surprisal, entropy } : { surprisal };
  }
}
