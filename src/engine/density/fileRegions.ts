/**
 * The dense regions of one file, as the Problems panel and the CLI report them. Generated and minified files are
 * recognised from their text alone, before any unit is scored: they need no grammar, tokenizer or model, so opening
 * one costs a scan of its text. So are data files (mostly tables, or JSON made of records), whose units may each hold
 * one row, and declarations a program documented from a few fixed sentences.
 */
import type { Warning } from '../types';
import { detectGenerated, detectMinified, minifiedShare } from './detectors';
import { detectDocTemplates } from './docTemplates';
import { detectJsonData } from './jsonData';
import { denseRegions, wholeFileRegion, type DenseRegion, type UnitDensity } from './regions';
import { tableShare } from './tables';
import { warrantsWarning } from './unitDensity';

/** A file this much minified (by characters) is a minified file. */
const MINIFIED_FILE_SHARE = 0.5;
/** A file with this share of its non-blank lines in tables is a data file. */
const TABLE_FILE_SHARE = 0.5;

/** The one region of a generated or minified file, or undefined for a file whose units must be looked at. */
export function wholeFileDenseRegion(fileText: string): DenseRegion | undefined {
  const generated = detectGenerated(fileText);
  if (generated) return wholeFileRegion(fileText, generated);
  const minified = minifiedShare(fileText);
  if (minified.share >= MINIFIED_FILE_SHARE && minified.line !== undefined) {
    // The evidence in the words the unit holding that line gets (the Diagnostics view shows those).
    const reason = detectMinified(fileText.split('\n')[minified.line - 1] ?? '');
    if (reason) return wholeFileRegion(fileText, { ...reason, line: minified.line });
  }
  const tables = tableShare(fileText);
  if (tables.share >= TABLE_FILE_SHARE && tables.largest) return wholeFileRegion(fileText, tables.largest.reason);
  // What a program wrote without saying so in a header: JSON made of records, declarations documented from templates.
  const written = detectJsonData(fileText) ?? detectDocTemplates(fileText);
  return written ? wholeFileRegion(fileText, written) : undefined;
}

/**
 * The dense regions of a file whose units were scored. `whole`: the file's wholeFileDenseRegion when it is known
 * already (the index keeps it: it reads every line, and a file's text rarely changes between runs).
 */
export function fileDenseRegions(fileText: string, units: readonly UnitDensity[], whole: DenseRegion | null | undefined = wholeFileDenseRegion(fileText)): DenseRegion[] {
  return whole ? [whole] : denseRegions(units, warrantsWarning, fileText);
}

/** The same, scoring the units only when the file is neither generated nor minified. */
export async function scoreFileDenseRegions(fileText: string, score: () => Promise<readonly UnitDensity[]>): Promise<DenseRegion[]> {
  const whole = wholeFileDenseRegion(fileText);
  return whole ? [whole] : denseRegions(await score(), warrantsWarning, fileText);
}

/** The CLI's and the result's warnings for one file: one per dense region, with the same message as Problems. */
export function denseRegionWarnings(path: string, fileText: string, units: readonly UnitDensity[], whole?: DenseRegion | null): Warning[] {
  return fileDenseRegions(fileText, units, whole === undefined ? wholeFileDenseRegion(fileText) : whole).map((r) => ({ code: 'dense-code', path, startLine: r.startLine, endLine: r.endLine, message: `${path} L${r.startLine}-${r.endLine}: ${r.message}` }));
}
