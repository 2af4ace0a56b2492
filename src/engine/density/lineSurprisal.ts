import type { Encoder } from '../encoder/encoder';
import type { LineSurprisal } from '../plan/prune';
import type { TokenCounter } from '../tokenize/tokenCounter';
import { splitLines } from '../segment/lines';

/**
 * Surprisal of every line of each text, in one batch: each text is encoded whole, exactly as the density pass
 * encodes a unit, so that with a caching encoder these scores are the ones that pass already paid for (a neural
 * encoder scored every candidate body twice before: 29% of a CPU run with a 0.5B model). Each token counts
 * towards the line it starts on (TokenCounter.encodeLines); a line's bits are its tokens' sum.
 */
export async function lineSurprisal(encoder: Encoder, counter: TokenCounter, texts: readonly string[], signal?: AbortSignal): Promise<LineSurprisal[][]> {
  const encoded = texts.map((t) => counter.encodeLines(t));
  const scores = await encoder.score(encoded.map((e) => e.ids), signal);
  return encoded.map(({ lines }, u) => {
    const count = splitLines(texts[u] ?? '').length;
    const tokens = new Array<number>(count).fill(0);
    const bits = new Array<number>(count).fill(0);
    const surprisal = scores[u]?.surprisal;
    lines.forEach((line, k) => {
      if (line >= count) return;
      tokens[line] = (tokens[line] ?? 0) + 1;
      bits[line] = (bits[line] ?? 0) + (surprisal?.[k] ?? 0);
    });
    return tokens.map((n, i) => ({ tokens: n, bits: bits[i] ?? 0 }));
  });
}
