import { CancelledError, throwIfAborted } from '../abort';
import type { Encoder } from '../encoder/encoder';
import { analyzeUnits, type DensityReport } from '../entropy';
import type { LanguageId } from '../segment/languages';
import type { Level, Unit, Warning } from '../types';

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
 * Percentile above which entropy alone earns a warning. The planning threshold (p90) flags one unit in ten
 * of ordinary code by construction, far too many for the Problems panel; the detectors always warn.
 */
export const WARNING_PERCENTILE = 98;

/** Dense enough to tell the user (Problems panel, CLI warnings). */
export function warrantsWarning(report: DensityReport | undefined): boolean {
  if (!report || !isDense(report)) return false;
  return report.reasons.some((r) => r.code !== 'high-entropy') || (report.percentile ?? 0) >= WARNING_PERCENTILE;
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

const WHAT_HAPPENED: Record<Level, string> = {
  verbatim: 'kept verbatim (dense code is never pruned)',
  code: 'kept verbatim without the comment above it (dense code is never pruned)',
  // Never chosen for dense code (the planner offers no pruned form), listed for completeness.
  pruned: 'pruned',
  skeleton: 'reduced to its signature and doc (dense code is never pruned)',
  signature: 'reduced to its declaration line (dense code is never pruned)',
  omitted: 'left out to meet the budget',
};

/** The warning for one dense unit, saying how dense it is and what the compressor did with it. */
export function denseWarning(path: string, unit: Unit, report: DensityReport, level: Level): Warning {
  const where = `${path} L${unit.startLine}-${unit.endLine}${unit.name ? ` (${unit.name})` : ''}`;
  const bits = report.bitsPerToken !== undefined ? `${report.bitsPerToken.toFixed(1)} bits/token${report.percentile !== undefined ? `, p${Math.round(report.percentile)}` : ''}` : '';
  const why = report.reasons.map((r) => r.message.replace(/\.+$/, '')).join('; ');
  return {
    code: 'dense-code',
    path,
    startLine: unit.startLine,
    endLine: unit.endLine,
    message: `${where} is dense code that will not compress well${bits ? ` (${bits})` : ''}: ${why}. It was ${WHAT_HAPPENED[level]}.`,
  };
}
