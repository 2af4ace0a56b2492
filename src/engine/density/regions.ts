/**
 * Dense regions of one file, from its units' density reports: what the Problems panel and the CLI report, one entry
 * per region. Consecutive dense units form one region (a table split into many units, a minified file's pieces); a
 * generated file is one region for the whole file, marked at its generator's header line.
 */
import type { LineRange } from '../types';
import type { DensityReport } from './analyzeDensity';
import { denseMessage } from './message';
import type { DensityReason } from './reasons';

export interface DenseRegion extends LineRange {
  /** The one line an editor underlines: the generator's marker, the minified line, the blob's first line, or the first declaration. */
  readonly markLine: number;
  /** The evidence, each reason once (from every unit in the region). */
  readonly reasons: readonly DensityReason[];
  /** Token-weighted mean bits/token of the scored units in the region, and the highest percentile among them. */
  readonly bitsPerToken?: number;
  readonly percentile?: number;
  /** True when the whole file is one region (a generated file). */
  readonly wholeFile: boolean;
  /** The message shown for it (see message.ts). */
  readonly message: string;
}

export interface UnitDensity {
  readonly unit: LineRange & { readonly declaration?: LineRange };
  readonly report: DensityReport;
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  // A final newline ends the last line rather than starting another.
  return text.endsWith('\n') && n > 1 ? n - 1 : n;
}

/** The region for a generated file: all of it, marked at the marker's line. */
export function wholeFileRegion(fileText: string, reason: DensityReason): DenseRegion {
  const reasons = [{ code: reason.code, message: reason.message }];
  return { startLine: 1, endLine: lineCount(fileText), markLine: reason.line ?? 1, reasons, wholeFile: true, message: denseMessage(reasons) };
}

/** Where a unit's evidence is: the first reason with a line, else its declaration, else its first line. */
function markOf(u: UnitDensity): number {
  const withLine = u.report.reasons.find((r) => r.line !== undefined && r.code !== 'generated');
  if (withLine?.line !== undefined) return u.unit.startLine + withLine.line - 1;
  return u.unit.declaration?.startLine ?? u.unit.startLine;
}

/**
 * Merges the units that warrant a warning (`warn`) into regions: a region grows while the next unit that warrants one
 * starts right after it (only blank lines between).
 */
export function denseRegions(units: readonly UnitDensity[], warn: (report: DensityReport) => boolean, fileText: string): DenseRegion[] {
  // Split only when two warned units must be checked for code between them: this runs for every file of every
  // request, and most files have no warned unit (splitting every file's text was ~25 ms a request at 17 MB).
  let lines: string[] | undefined;
  const blankBetween = (from: number, to: number): boolean => {
    lines ??= fileText.split('\n');
    for (let l = from; l < to; l++) if ((lines[l - 1] ?? '').trim() !== '') return false;
    return true;
  };
  const groups: UnitDensity[][] = [];
  let last: UnitDensity | undefined;
  for (const u of units) {
    if (!warn(u.report)) continue;
    const group = groups[groups.length - 1];
    if (group && last && blankBetween(last.unit.endLine + 1, u.unit.startLine)) group.push(u);
    else groups.push([u]);
    last = u;
  }
  return groups.map((g) => {
    const first = g[0] as UnitDensity;
    const end = (g[g.length - 1] as UnitDensity).unit.endLine;
    const seen = new Set<string>();
    const reasons: DensityReason[] = [];
    for (const u of g) {
      for (const r of u.report.reasons) {
        // Per-unit numbers differ ("a 900-character line", "a 1200-character line"): one reason of each kind.
        if (seen.has(r.code)) continue;
        seen.add(r.code);
        reasons.push({ code: r.code, message: r.message });
      }
    }
    let bits = 0;
    let tokens = 0;
    let percentile: number | undefined;
    for (const u of g) {
      if (u.report.bitsPerToken === undefined) continue;
      bits += u.report.bitsPerToken * u.report.tokens;
      tokens += u.report.tokens;
      if (u.report.percentile !== undefined) percentile = Math.max(percentile ?? 0, u.report.percentile);
    }
    const scores = { ...(tokens > 0 ? { bitsPerToken: bits / tokens } : {}), ...(percentile !== undefined ? { percentile } : {}) };
    return { startLine: first.unit.startLine, endLine: end, markLine: markOf(first), reasons, ...scores, wholeFile: false, message: denseMessage(reasons, scores) };
  });
}
