import type { DensityReport } from '../density';
import type { DenseRegion } from '../density/regions';
import type { Analysis } from '../index/analysisIndex';
import type { LevelValues, PlanItem } from '../plan/planner';
import type { LanguageId } from '../segment/languages';
import type { Unit } from '../types';
import type { UnitForms } from './unitForms';

/** One input file on its way through the pipeline. */
export interface FileWork {
  readonly path: string;
  readonly uri?: string;
  readonly text: string;
  readonly language: LanguageId;
  /** The segmenter's units, re-cut by pinning when a pinned region falls in this file. */
  units: Unit[];
  /** Indices (into `units`) of the units kept verbatim whatever the budget. */
  pinned: Set<number>;
  /**
   * Forms of each unit and their density, known ahead (from the index) while `units` are the segmenter's; cleared
   * when pinning re-cuts the units, so that only this file is analysed again.
   */
  known?: { forms?: readonly UnitForms[]; density?: readonly DensityReport[] } | undefined;
  /**
   * The file's key in the index, and what the index had for it (undefined on a miss); `fresh` when a worker
   * analysed it for this request (the index keeps it, as it keeps a file analysed here).
   */
  index?: { readonly key: string; readonly found: Analysis | undefined; readonly fresh?: boolean };
  /** Set when pinning re-cut the units: what is derived from them is this request's alone, never kept. */
  recut?: boolean;
  /** Set when the score phase scored this file (the index did not know its density under this encoder). */
  densityScored?: boolean;
  readonly errorLines: number;
  /** The file's whole-file dense region (null: none): from the index, or found when the file is kept or warned on. */
  wholeFile?: DenseRegion | null;
}

/**
 * A unit through every phase: where it is, its own tokens (price), then its density (score), its worth and its
 * pruned form (rank), read by the planner and the renderer alike. One item per unit of every file, in order.
 */
export interface UnitItem extends PlanItem {
  relevance: number;
  values?: LevelValues;
  dense?: boolean;
  prunedTokens?: number;
  /** The pruned body's text (the `pruned` level), with `prunedTokens`. */
  prunedText?: string;
  density?: DensityReport;
}

/** The index of each file's first item: items are laid out file after file. */
export function fileOffsets(work: readonly FileWork[]): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const w of work) {
    offsets.push(offset);
    offset += w.units.length;
  }
  return offsets;
}
