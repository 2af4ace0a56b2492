import { pinRegion } from '../pin';
import type { PinnedRegion, Unit, Warning } from '../types';
import type { FileWork } from './work';

export interface PinBudget {
  readonly budget: number;
  readonly count: (text: string) => number;
  /** Tokens left for a region of this file: the budget less the preamble, the file's header and its markers. */
  readonly room: (file: FileWork, region: PinnedRegion) => number;
}

/**
 * Pins the regions (the query's code, the cursor, chosen symbols): the units covering each are kept verbatim,
 * re-cut around the region when the enclosing unit is too large. A file whose units were re-cut loses what the
 * index knew of them (`known`), so that only it is analysed again.
 */
export function pinPhase(work: readonly FileWork[], regions: readonly PinnedRegion[], pin: PinBudget, warnings: Warning[]): void {
  const { budget } = pin;
  for (const region of regions) {
    const fw = work.find((w) => w.path === region.path);
    if (!fw) continue;
    const result = pinRegion(fw.text, fw.units, region, pin.count, Math.floor(budget / 2), Math.max(pin.room(fw, region), 0));
    // Several regions can pin the same file (chosen symbols): units pinned by earlier regions stay pinned.
    const earlier = [...fw.pinned].map((i) => fw.units[i]).filter((u): u is Unit => u !== undefined);
    if (!sameUnits(fw.units, result.units)) {
      fw.known = undefined;
      fw.recut = true;
    }
    fw.units = result.units;
    fw.pinned = new Set([...result.pinned, ...fw.units.flatMap((u, i) => (earlier.some((e) => u.startLine >= e.startLine && u.endLine <= e.endLine) ? [i] : []))]);
    if (result.truncatedFrom !== undefined) {
      warnings.push({
        code: 'pinned-truncated',
        path: fw.path,
        message: `${region.label ? `The ${region.label}` : 'The code at the cursor'} (${fw.path} L${region.startLine}-${region.endLine}) is larger than the budget of ${budget} tokens; only its last lines were kept.`,
      });
    }
  }
}

/**
 * Whether pinning left the units as they were (it only marked some): the same unit objects. A re-cut unit can
 * span the same lines and still differ (a slice has no declaration or skeleton of its own).
 */
function sameUnits(a: readonly Unit[], b: readonly Unit[]): boolean {
  return a.length === b.length && a.every((u, i) => u === b[i]);
}
