import type * as Ort from 'onnxruntime-node';
import { LOGIT_REDUCTION_ONNX_BASE64 } from './logitReductionGraph';
import { reduceLogits } from './logprobs';

/** What one chunk of logits reduces to, per row: bits of surprisal of the next token, and of entropy. */
export interface ReducedRows {
  readonly surprisal: Float32Array;
  readonly entropy: Float32Array;
}

/**
 * Rows per run: each intermediate holds rows × vocab floats (4.9 MB at 8 rows of Qwen's vocabulary), so
 * small blocks keep the arena small and in cache. Measured for 128 rows on 2 cores: 8 rows per run 22 ms,
 * 32 rows 29 ms, 128 rows 29 ms; the JavaScript loop took ~380 ms.
 */
const BLOCK_ROWS = 8;

/**
 * Reduces next-token logits to surprisal and entropy inside onnxruntime (the graph in
 * logitReductionGraph.ts), on the CPU: one exp per logit over a 151,936-token vocabulary is most of a
 * neural compression's time when done in JavaScript, and onnxruntime vectorises and threads it. Whatever
 * device runs the model, onnxruntime-node hands its logits back in host memory, so the CPU is where they
 * already are. `reduceLogits` (float64 JavaScript) stays as the reference the tests compare against, and as
 * the fallback when the session cannot be created.
 */
export class LogitReducer {
  private session: Promise<Ort.InferenceSession | undefined> | undefined;
  private failure: string | undefined;

  constructor(private readonly threads?: number) {}

  /** Why the native reduction is not used (undefined while it is, or before the first chunk). */
  get fallbackReason(): string | undefined {
    return this.failure;
  }

  /**
   * Rows `[0, targets.length)` of `logits` ([rows × vocab], row-major). `targets[r]` is the id that follows
   * row r, or −1 when none does (its surprisal is NaN).
   */
  async reduce(logits: Float32Array, vocab: number, targets: readonly number[]): Promise<ReducedRows> {
    const rows = targets.length;
    const session = await this.open();
    if (!session) return reduceInJs(logits, vocab, targets);
    const ort = await import('onnxruntime-node');
    const surprisal = new Float32Array(rows);
    const entropy = new Float32Array(rows);
    for (let first = 0; first < rows; first += BLOCK_ROWS) {
      const count = Math.min(BLOCK_ROWS, rows - first);
      const ids = BigInt64Array.from(targets.slice(first, first + count), (t) => BigInt(t >= 0 && t < vocab ? t : 0));
      const out = await session.run({
        logits: new ort.Tensor('float32', logits.subarray(first * vocab, (first + count) * vocab), [1, count, vocab]),
        targets: new ort.Tensor('int64', ids, [1, count, 1]),
      });
      surprisal.set(out.surprisal!.data as Float32Array, first);
      entropy.set(out.entropy!.data as Float32Array, first);
      for (const t of Object.values(out)) t.dispose();
    }
    targets.forEach((t, r) => {
      if (t < 0 || t >= vocab) surprisal[r] = Number.NaN;
    });
    return { surprisal, entropy };
  }

  async dispose(): Promise<void> {
    const session = await this.session;
    this.session = undefined;
    await session?.release();
  }

  private open(): Promise<Ort.InferenceSession | undefined> {
    this.session ??= (async () => {
      try {
        const ort = await import('onnxruntime-node');
        return await ort.InferenceSession.create(Buffer.from(LOGIT_REDUCTION_ONNX_BASE64, 'base64'), {
          executionProviders: ['cpu'],
          // The arena reuses the intermediates' memory from block to block; without it every block's
          // fresh pages cost more than the arithmetic (131 against 36 ms for 128 rows, measured).
          enableCpuMemArena: true,
          ...(this.threads ? { intraOpNumThreads: this.threads } : {}),
        });
      } catch (err) {
        this.failure = err instanceof Error ? err.message : String(err);
        return undefined;
      }
    })();
    return this.session;
  }
}

function reduceInJs(logits: Float32Array, vocab: number, targets: readonly number[]): ReducedRows {
  const surprisal = new Float32Array(targets.length);
  const entropy = new Float32Array(targets.length);
  reduceLogits(logits, vocab, 0, targets, surprisal, entropy, 0);
  return { surprisal, entropy };
}
