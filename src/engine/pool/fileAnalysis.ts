import type { DensityReport } from '../density';
import { wholeFileDenseRegion } from '../density/fileRegions';
import type { DenseRegion } from '../density/regions';
import { scoreDensity } from '../density/unitDensity';
import type { Encoder } from '../encoder/encoder';
import { storeUnits, type StoredUnit } from '../index/record';
import { unitForms, type UnitForms } from '../pipeline/unitForms';
import type { LanguageId } from '../segment/languages';
import { fileFacts, type FileFacts } from '../relevance/storedFacts';
import { segmentFile } from '../segment/segmenter';
import type { TreeSitterRuntime } from '../segment/treeSitter';
import type { TokenCounter } from '../tokenize/tokenCounter';

/** One file's analysis as it crosses threads: units as offsets into the file's text (the text stays where it is). */
export interface FileAnalysis {
  readonly units: readonly StoredUnit[];
  readonly errorLines: number;
  readonly forms: readonly UnitForms[];
  /** Density of each unit, when an encoder was given. */
  readonly density?: readonly DensityReport[];
  /** The file's whole-file dense region (null: none). */
  readonly wholeFile: DenseRegion | null;
  /** What ranking needs of the units' texts, worked out here beside the rest (see storedFacts). */
  readonly facts: FileFacts;
}

export interface AnalysisTools {
  readonly runtime: TreeSitterRuntime;
  readonly counter: TokenCounter;
  readonly encoder?: Encoder;
}

/**
 * What the pipeline derives from one file alone — units, the tokens of each unit's forms, density — by the same
 * functions the pipeline calls (segmentFile, unitForms, scoreDensity), so that a file analysed in a worker is the
 * file analysed in place. Undefined when the units do not partition the text (then the pipeline analyses it).
 */
export async function analyseFile(text: string, language: LanguageId, tools: AnalysisTools): Promise<FileAnalysis | undefined> {
  const { units, errorLines } = await segmentFile(text, language, tools.runtime);
  const stored = storeUnits(units, text);
  if (!stored) return undefined;
  const ids = new Map<string, number[]>();
  const encode = (t: string): number[] => {
    let got = ids.get(t);
    if (!got) ids.set(t, (got = tools.counter.encode(t)));
    return got;
  };
  const forms = units.map((unit) => unitForms(unit, tools.counter, encode));
  const density = tools.encoder ? (await scoreDensity(tools.encoder, encode, [{ path: '', text, language, units }]))[0] : undefined;
  return { units: stored, errorLines, forms, ...(density ? { density } : {}), wholeFile: wholeFileDenseRegion(text) ?? null, facts: fileFacts(units) };
}
