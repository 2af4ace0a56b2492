import type { CompressResult, CompressStats } from '../engine';

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
  if (describeEncoder(result.stats).mismatched) return true;
  return result.warnings.some((w) => w.code === 'dropped-definitions' || w.code === 'encoder-mismatch' || w.code === 'pinned-truncated' || w.code === 'budget-too-small');
}
