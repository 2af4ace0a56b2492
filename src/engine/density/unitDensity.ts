import { CancelledError, throwIfAborted } from '../abort';
import type { Encoder } from '../encoder/encoder';
import { analyzeUnits, type DensityReport } from './index';
import type { LanguageId } from '../segment/languages';
import type { Unit } from '../types';

export interface DensityFile {
  readonly path: string;
  readonly text: string;
  readonly language: LanguageId;
  readonly units: readonly Unit[];
}

/**
 * Entropy alone flags a unit only when it has this many tokens: short units (one-line re-exports, imports)
 * are scored from an empty context and look dense without being so. The detectors (minified code, blobs,
 * numeric tables, generated files) apply to units of any size.
 */
export const MIN_TOKENS_FOR_ENTROPY_WARNING = 48;

/** Dense for planning: never token-pruned (the calibrated threshold, 90th percentile, or a detector). */
export function isDense(report: DensityReport | undefined): boolean {
  if (!report?.dense) return false;
  return report.reasons.some((r) => r.code !== 'high-entropy') || report.tokens >= MIN_TOKENS_FOR_ENTROPY_WARNING;
}

/**
 * Dense enough to tell the user (Problems panel, CLI warnings): only with a detector's evidence (a minified line, a
 * blob, a table, a generator's marker). Entropy alone plans (the unit is never token-pruned) but never warns: on the
 * density benchmark's tuning packages every entropy-only warning on a hand-written file was ordinary code whose mean
 * surprisal was high for a reason that makes it no harder to read (a list of module paths or exported names, a
 * two-screen keyword table, a macro), and the dense files it alone caught were PEM blocks, which the blob detector
 * now finds.
 */
export function warrantsWarning(report: DensityReport | undefined): boolean {
  if (!report || !isDense(report)) return false;
  return report.reasons.some((r) => r.code !== 'high-entropy');
}

/**
 * Scores every unit of every file with the encoder (one batch per file): its density report. `encode` gives a
 * text's ids in the decoder's tokenizer (the caller may have them already).
 */
export async function scoreDensity(encoder: Encoder, encode: (text: string) => number[], files: readonly DensityFile[], signal?: AbortSignal): Promise<DensityReport[][]> {
  const out: DensityReport[][] = [];
  for (const file of files) {
    throwIfAborted(signal);
    try {
      out.push(await analyzeUnits(encoder, encode, file.units, { language: file.language, fileText: file.text, ...(signal ? { signal } : {}) }));
    } catch (err) {
      // Encoders stop with their own AbortError; the engine's callers know one kind of cancellation.
      if (signal?.aborted) throw new CancelledError();
      throw err;
    }
  }
  return out;
}
