import { throwIfAborted, timeSlicer, yieldToEventLoop } from '../abort';
import type { TokenCounter } from '../tokenize/tokenCounter';
import type { Writable } from '../types';
import { unitForms, type UnitForms } from './unitForms';
import type { FileWork, UnitItem } from './work';

/**
 * One item per unit with its own tokens at each level: from the index when it knows the file's units, counted
 * otherwise (and remembered in `known`, for the index to keep). A container's closing line follows its header (the
 * planner prices the header with it), unless the closing line is pinned on its own.
 */
export async function pricePhase(work: readonly FileWork[], counter: TokenCounter, encode: (text: string) => readonly number[], signal?: AbortSignal): Promise<UnitItem[]> {
  const items: UnitItem[] = [];
  // Counting a large file's units takes a while: a cancellation gets in between two units, not only between files.
  const slice = timeSlicer(signal);
  for (let fi = 0; fi < work.length; fi++) {
    throwIfAborted(signal);
    const fw = work[fi];
    if (!fw) continue;
    let forms: readonly UnitForms[] | undefined = fw.known?.forms;
    if (!forms || forms.length !== fw.units.length) {
      const counted: UnitForms[] = [];
      for (const unit of fw.units) {
        counted.push(unitForms(unit, counter, encode));
        await slice();
      }
      forms = counted;
      fw.known = { ...fw.known, forms };
    }
    const base = items.length;
    fw.units.forEach((unit, ui) => {
      const f = forms[ui] as UnitForms;
      const leader = unit.closesBack !== undefined ? ui - unit.closesBack : -1;
      const follows = leader >= 0 && fw.units[leader]?.kind === unit.kind && !fw.pinned.has(ui) ? base + leader : undefined;
      // Field by field rather than from conditional spreads: this runs for every unit on every request.
      const item: Writable<UnitItem> = {
        fileIndex: fi,
        indexInFile: ui,
        unit,
        pinned: fw.pinned.has(ui),
        relevance: 0,
        verbatimTokens: f.verbatim,
        lineNumberTokens: f.lineNumber,
        skeletonTokens: f.skeleton,
      };
      if (f.declaration !== undefined) item.declarationTokens = f.declaration;
      if (f.declarationGaps) item.declarationGaps = f.declarationGaps;
      if (f.code !== undefined) {
        item.codeTokens = f.code;
        item.codeOmitsAbove = f.codeOmitsAbove ?? false;
      }
      if (follows !== undefined) item.follows = follows;
      items.push(item);
    });
    await yieldToEventLoop();
  }
  return items;
}
