import { isDense, scoreDensity } from '../density/unitDensity';
import type { Encoder } from '../encoder/encoder';
import type { DensityReport } from '../density';
import type { FileWork, UnitItem } from './work';

/**
 * Density of every unit under the encoder: from the index for the files it knows, scored otherwise (and
 * remembered in `known`, for the index to keep). Sets each item's density and whether it is dense.
 */
export async function scorePhase(work: readonly FileWork[], items: readonly UnitItem[], encoder: Encoder, encode: (text: string) => number[], signal?: AbortSignal): Promise<void> {
  const missing = work.filter((w) => w.known?.density?.length !== w.units.length);
  const scored = await scoreDensity(encoder, encode, missing, signal);
  missing.forEach((w, k) => {
    w.known = { ...w.known, density: scored[k] ?? [] };
    w.densityScored = true;
  });
  for (const item of items) {
    const d: DensityReport | undefined = work[item.fileIndex]?.known?.density?.[item.indexInFile];
    if (!d) continue;
    item.density = d;
    if (isDense(d)) item.dense = true;
  }
}
