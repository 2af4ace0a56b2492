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
 * Percentile above which entropy alone earns a warning, for units of at least ENTROPY_WARNING_TOKENS tokens. The
 * planning threshold (p90) flags one unit in ten of ordinary code by construction; even at p98 most entropy-only
 * warnings on the density benchmark's hand-written files were short units (a dict literal, a dozen-line function)
 * whose mean has few tokens behind it. The detectors always warn.
 */
export const WARNING_PERCENTILE = 99.5;
export const ENTROPY_WARNING_TOKENS = 128;

/** Dense enough to tell the user (Problems panel, CLI warnings). */
export function warrantsWarning(report: DensityReport | undefined): boolean {
  if (!report || !isDense(report)) return false;
  return report.reasons.some((r) => r.code !== 'high-entropy') || (report.tokens >= ENTROPY_WARNING_TOKENS && (report.percentile ?? 0) >= WARNING_PERCENTILE);
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
