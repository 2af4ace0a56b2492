import type { Encoder } from '../encoder/encoder';
import type { LanguageId } from '../segment/languages';
import { analyzeDensity, type DensityReport } from './analyzeDensity';

export interface UnitText {
  readonly text: string;
}

export interface AnalyzeUnitsOptions {
  readonly language: LanguageId | string;
  /** The whole file: enables the generated-file check for every unit. */
  readonly fileText?: string;
  readonly signal?: AbortSignal;
}

/**
 * Density of each unit of one file: each unit is tokenised and scored as its own sequence (as the
 * calibration was measured), all in one batch. Pass a CachedEncoder so unchanged units are not rescored.
 */
export async function analyzeUnits(
  encoder: Encoder,
  encode: (text: string) => number[],
  units: readonly UnitText[],
  options: AnalyzeUnitsOptions,
): Promise<DensityReport[]> {
  const ids = units.map((u) => encode(u.text));
  const [scores, calibration] = await Promise.all([encoder.score(ids, options.signal), encoder.calibration()]);
  return units.map((u, i) =>
    analyzeDensity({ text: u.text, language: options.language, scores: scores[i], ...(options.fileText !== undefined ? { fileText: options.fileText } : {}) }, calibration),
  );
}
