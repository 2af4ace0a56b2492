const LOG2E = Math.LOG2E;

/**
 * Reduces rows of next-token logits to what the encoder keeps: the surprisal (bits) of the token that
 * actually follows, and the entropy (bits) of the predictive distribution. Works on one chunk's logits
 * as onnxruntime returns them ([rows × vocab], row-major) so full logits never outlive the chunk.
 *
 * `targets[r]` is the id that follows row r's position, or −1 when nothing follows (only entropy is
 * meaningful then; the surprisal written is NaN).
 */
export function reduceLogits(
  logits: Float32Array,
  vocab: number,
  rowOffset: number,
  targets: ArrayLike<number>,
  surprisal: Float32Array,
  entropy: Float32Array,
  outOffset: number,
): void {
  const rows = targets.length;
  for (let r = 0; r < rows; r++) {
    const base = (rowOffset + r) * vocab;
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) {
      const x = logits[base + v]!;
      if (x > max) max = x;
    }
    // log Z and E[x] under softmax in one pass, in float64, shifted by max for stability.
    let z = 0;
    let weighted = 0;
    for (let v = 0; v < vocab; v++) {
      const shifted = logits[base + v]! - max;
      const e = Math.exp(shifted);
      z += e;
      weighted += e * shifted;
    }
    const logZ = Math.log(z);
    // H = log Z − E_p[x − max] (nats) → bits.
    entropy[outOffset + r] = Math.max(0, (logZ - weighted / z) * LOG2E);
    const t = targets[r]!;
    surprisal[outOffset + r] = t >= 0 && t < vocab ? (logZ - (logits[base + t]! - max)) * LOG2E : Number.NaN;
  }
}
