import type { EncoderCalibration, LanguageCalibration } from '../encoder/encoder';

/** How the build forms calibration units; analysing units of another shape shifts the percentiles a little. */
export const CALIBRATION_UNIT =
  'paragraphs of held-out files (split at blank lines, merged to ≥ 200 characters, ≥ 16 tokens), each scored alone from an empty context';

/** Units above this percentile of their language count as high-density. */
export const DENSE_PERCENTILE = 90;

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The 1st..99th percentiles (linear interpolation between order statistics) of a sample. */
export function percentiles(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  for (let p = 1; p <= 99; p++) {
    const pos = (p / 100) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, sorted.length - 1);
    out.push(round3(sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)));
  }
  return out;
}

export function buildCalibration(samples: ReadonlyMap<string, readonly number[]>, unit: string, densePercentile: number): EncoderCalibration {
  const languages: Record<string, LanguageCalibration> = {};
  for (const [lang, values] of [...samples].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (values.length === 0) continue;
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    languages[lang] = { units: values.length, mean: round3(mean), percentiles: percentiles(values) };
  }
  return { unit, densePercentile, languages };
}

/** The calibration table for a language id, falling back to the pooled table ("all") for others ("text"). */
export function calibrationFor(calibration: EncoderCalibration, language: string): { table: LanguageCalibration; language: string } | undefined {
  const own = calibration.languages[language];
  if (own) return { table: own, language };
  const all = calibration.languages.all;
  return all ? { table: all, language: 'all' } : undefined;
}

/** Percentile (0–100) of a unit's bits/token within a language's calibration sample. */
export function percentileOf(table: LanguageCalibration, bitsPerToken: number): number {
  const p = table.percentiles;
  if (p.length === 0 || Number.isNaN(bitsPerToken)) return Number.NaN;
  if (bitsPerToken < p[0]!) {
    const step = p.length > 1 ? Math.max(p[1]! - p[0]!, 1e-6) : 1;
    return Math.max(0, 1 - (p[0]! - bitsPerToken) / step);
  }
  if (bitsPerToken >= p[p.length - 1]!) {
    const step = p.length > 1 ? Math.max(p[p.length - 1]! - p[p.length - 2]!, 1e-6) : 1;
    return Math.min(100, p.length + (bitsPerToken - p[p.length - 1]!) / step);
  }
  let lo = 0;
  let hi = p.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (p[mid]! <= bitsPerToken) lo = mid;
    else hi = mid;
  }
  const span = p[hi]! - p[lo]!;
  return lo + 1 + (span > 0 ? (bitsPerToken - p[lo]!) / span : 0);
}

/** The bits/token above which a unit of this language counts as high-density. */
export function denseThreshold(calibration: EncoderCalibration, language: string): number | undefined {
  const found = calibrationFor(calibration, language);
  return found?.table.percentiles[calibration.densePercentile - 1];
}
