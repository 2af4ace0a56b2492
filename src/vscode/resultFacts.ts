import { formatRatio, type CompressResult, type CompressStats } from '../engine';

/** Encoder facts for the status bar and the panel; what a run without an encoder says, said plainly. */
export interface EncoderFacts {
  readonly encoder: string;
  readonly device: string;
  /** "matched", "mismatched (domain-mismatch)", or "not applicable" when no encoder ran. */
  readonly match: string;
  readonly mismatched: boolean;
}

export function describeEncoder(stats: CompressStats): EncoderFacts {
  const e = stats.encoder;
  if (!e) return { encoder: 'built-in (structure and lexical relevance, no model)', device: 'cpu', match: 'not applicable (no encoder model)', mismatched: false };
  const mismatched = e.match !== 'matched';
  return { encoder: e.id, device: e.device, match: mismatched ? `mismatched (${e.match})` : 'matched', mismatched };
}

/**
 * Whether the result deserves the warning colour: a mismatched encoder/decoder pair (quality drops, arXiv
 * 2602.01778), or a budget met only by dropping definitions or the code at the cursor.
 */
export function needsAttention(result: CompressResult): boolean {
  return attentionReasons(result).length > 0;
}

/**
 * The ratio as the status bar and the panel say it: "fits as is" when nothing had to be cut (the output is
 * as long as the input or longer: a ratio of 1 or less is no compression, and "0.9×" would read as one);
 * two decimals just above 1, so a small cut never reads as "1.0×".
 */
export function ratioWords(stats: Pick<CompressStats, 'ratio' | 'originalTokens' | 'compressedTokens'>): string {
  if (stats.compressedTokens >= stats.originalTokens || stats.ratio <= 1) return 'fits as is';
  return stats.ratio < 1.05 ? `${stats.ratio.toFixed(2)}×` : formatRatio(stats.ratio);
}

/** The reasons a result wears the warning state, in plain words (the status bar's spoken label lists them). */
export function attentionReasons(result: CompressResult): string[] {
  const reasons: string[] = [];
  const facts = describeEncoder(result.stats);
  if (facts.mismatched) reasons.push(`the encoder does not match decoder ${result.stats.decoder}`);
  const codes = new Set(result.warnings.map((w) => w.code));
  // The same code also reports a neural encoder that failed to load (the matched built-in one ran instead).
  if (!facts.mismatched && codes.has('encoder-mismatch')) reasons.push('the chosen encoder could not be used');
  if (codes.has('dropped-definitions')) reasons.push('definitions the code at the cursor uses were dropped');
  if (codes.has('pinned-truncated')) reasons.push('chosen code was cut to fit');
  if (codes.has('budget-too-small')) reasons.push('the budget is too small');
  return reasons;
}
