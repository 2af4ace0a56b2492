import type { EncoderCalibration, TokenScores } from '../encoder/encoder';
import { calibrationFor, percentileOf } from './calibration';
import type { LanguageId } from '../segment/languages';
import { detectDenseText, type DensityReason } from './detectors';

export interface DensityInput {
  /** The unit's text. */
  readonly text: string;
  readonly language: LanguageId | string;
  /** Encoder scores of the unit's tokens (scored as one sequence); without them only the cheap detectors run. */
  readonly scores?: TokenScores | undefined;
  /** The whole file, so a generated-file marker at its top applies to every unit in it. */
  readonly fileText?: string;
}

export interface DensityReport {
  /** Mean surprisal of the unit under the encoder, bits/token (undefined without scores or tokens). */
  readonly bitsPerToken?: number;
  /** Percentile (0–100) of bitsPerToken among held-out units of the same language (undefined without calibration). */
  readonly percentile?: number;
  /** Calibrated high-density threshold in bits/token for this language. */
  readonly threshold?: number;
  /** Which calibration table was used ("all" when the language has none of its own). */
  readonly calibratedAs?: string;
  readonly tokens: number;
  /** True when any reason applies: the planner must not token-prune this unit. */
  readonly dense: boolean;
  readonly reasons: readonly DensityReason[];
}

/** Units shorter than this are too short for a stable mean (their first tokens have no context). */
export const MIN_SCORED_TOKENS = 16;

const COMMENT_OR_IMPORT = /^\s*(?:\/\/|\/\*|\*|#(?!include|define|if|pragma)|--\s|"""|'''|import\b|from\s+\S+\s+import\b|use\s|#include\b|using\s|require\(|const\s+\w+\s*=\s*require\()/;

/**
 * Whether a unit's surprisal says anything about its code: not when most of its lines are comments (a licence
 * header, a doc block) or imports (names the model has not seen), nor when much of its text is not ASCII (CJK
 * comments: the byte-level tokens of a script the code model saw little of are surprising whatever they say).
 */
export function entropyJudgeable(text: string): boolean {
  let lines = 0;
  let other = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    lines++;
    if (COMMENT_OR_IMPORT.test(line)) other++;
  }
  if (lines === 0 || other * 2 >= lines) return false;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) nonAscii++;
  return nonAscii <= text.length * 0.02;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Measures how dense a unit is: mean surprisal and its percentile against the encoder's calibration for
 * the language, plus the cheap detectors. A unit is dense when its surprisal reaches the calibrated
 * threshold or a detector fires.
 */
export function analyzeDensity(input: DensityInput, calibration?: EncoderCalibration): DensityReport {
  const reasons: DensityReason[] = detectDenseText(input.text, input.fileText);
  const surprisal = input.scores?.surprisal;
  const tokens = surprisal?.length ?? 0;
  if (!surprisal || tokens === 0) return { tokens, dense: reasons.length > 0, reasons };
  let sum = 0;
  for (let i = 0; i < tokens; i++) sum += surprisal[i]!;
  const bitsPerToken = sum / tokens;
  const found = calibration ? calibrationFor(calibration, input.language) : undefined;
  if (!calibration || !found) return { bitsPerToken, tokens, dense: reasons.length > 0, reasons };
  const percentile = percentileOf(found.table, bitsPerToken);
  const threshold = found.table.percentiles[calibration.densePercentile - 1]!;
  // Only a language's own table flags a unit: prose or config under the pooled code table is not "dense code".
  if (found.language === input.language && tokens >= MIN_SCORED_TOKENS && bitsPerToken >= threshold && entropyJudgeable(input.text)) {
    reasons.unshift({
      code: 'high-entropy',
      message:
        `High information density: ${round2(bitsPerToken)} bits/token, above the ${calibration.densePercentile}th percentile ` +
        `(${round2(threshold)}) of ${found.language === 'all' ? 'code' : found.language} units (percentile ${Math.floor(percentile)}).`,
    });
  }
  return { bitsPerToken, percentile, threshold, calibratedAs: found.language, tokens, dense: reasons.length > 0, reasons };
}
