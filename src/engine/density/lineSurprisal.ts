import type { Encoder } from '../encoder/encoder';
import type { LineSurprisal } from '../plan/prune';
import type { TokenCounter } from '../tokenize/tokenCounter';
import { splitLines } from '../segment/lines';

/**
 * Surprisal of every line of each text, in one batch: each text is tokenised line by line (so that every token
 * belongs to exactly one line; against tokenising it whole, 0.6% more tokens and 0.3% difference in
 * bits/token, measured on rxjs units) and scored as one sequence; a line's bits are its tokens' sum.
 */
export async function lineSurprisal(encoder: Encoder, counter: TokenCounter, texts: readonly string[], signal?: AbortSignal): Promise<LineSurprisal[][]> {
  const perLine = texts.map((t) => splitLines(t).map((line) => counter.encode(line)));
  const scores = await encoder.score(perLine.map((lines) => lines.flat()), signal);
  return perLine.map((lines, u) => {
    const surprisal = scores[u]?.surprisal;
    let at = 0;
    return lines.map((ids) => {
      let bits = 0;
      for (let k = 0; k < ids.length; k++) bits += surprisal?.[at + k] ?? 0;
      at += ids.length;
      return { tokens: ids.length, bits };
    });
  });
}
