import { throwIfAborted } from '../abort';
import { isDense } from '../density/unitDensity';
import { denseReasonTexts } from '../density/message';
import { levelTokens, type Planner } from '../plan/planner';
import type { ContextFrame } from '../render/format';
import { joinRendered, renderFile, type Rendered, type RenderedFile, type RenderFile, type RenderUnitInfo } from '../render/render';
import type { TokenCounter } from '../tokenize/tokenCounter';
import type { Level, Warning, Writable } from '../types';
import { fileOffsets, type FileWork, type UnitItem } from './work';

export interface Fitted {
  readonly rendered: Rendered;
  /** The exact token count of the rendered text (0 when it is empty). */
  readonly total: number;
}

/**
 * What the renderer needs of one unit at its planned level. Field by field, not from conditional spreads: it runs
 * for every unit of the input on every request (see slotOf in render.ts).
 */
function unitInfo(item: UnitItem | undefined, level: Level): RenderUnitInfo {
  const d = item?.density;
  const info: Partial<Writable<RenderUnitInfo>> = { level, pinned: item?.pinned ?? false };
  if (level === 'pruned') info.prunedText = item?.prunedText ?? '';
  info.relevance = item?.relevance ?? 0;
  info.originalTokens = item?.verbatimTokens ?? 0;
  info.tokens = item ? levelTokens(item, level) : 0;
  if (d?.bitsPerToken !== undefined) info.entropy = d.bitsPerToken;
  if (d?.percentile !== undefined) info.entropyPercentile = d.percentile;
  if (d && isDense(d)) {
    info.dense = true;
    info.denseReasons = denseReasonTexts(d.reasons);
  }
  return info as RenderUnitInfo;
}

/**
 * Renders the plan, then checks the exact count: BPE merges across pieces make the planner's sum of parts an
 * estimate, so while the text is over the budget the planner gives back its least valuable upgrade and the text is
 * rendered again. When only pinned code is left and it still does not fit, the output is empty, with a warning.
 */
export function renderPhase(work: readonly FileWork[], items: readonly UnitItem[], planner: Planner, frame: ContextFrame, repoName: string, counter: TokenCounter, budget: number, warnings: Warning[], signal?: AbortSignal, held: readonly string[] = []): Fitted {
  const offsets = fileOffsets(work);
  const drawFile = (fi: number): RenderedFile => {
    const w = work[fi] as FileWork;
    const rf: RenderFile = { file: { path: w.path, text: w.text, ...(w.uri !== undefined ? { uri: w.uri } : {}) }, language: w.language, units: w.units };
    return renderFile(
      rf,
      (ui) => {
        const idx = (offsets[fi] ?? 0) + ui;
        return unitInfo(items[idx], planner.levels[idx] ?? 'omitted');
      },
      frame,
    );
  };
  // Each file once; after a shrink only the file it changed is rendered again (a large input has thousands).
  const files = work.map((_, fi) => drawFile(fi));
  let rendered = joinRendered(files, frame, repoName);
  let total = counter.count(rendered.text);
  while (total > budget && planner.shrink()) {
    throwIfAborted(signal);
    const changed = items[planner.lastShrunk ?? -1]?.fileIndex;
    if (changed === undefined) files.forEach((_, fi) => (files[fi] = drawFile(fi)));
    else files[changed] = drawFile(changed);
    rendered = joinRendered(files, frame, repoName);
    total = counter.count(rendered.text);
  }
  if (total > budget) {
    warnings.push({ code: 'budget-too-small', message: `A budget of ${budget} tokens cannot hold ${held.length > 0 ? held.join(', ') : 'the code at the cursor'}; the output is empty. Raise the budget.` });
    rendered = { text: '', slots: rendered.slots.map((s) => ({ ...s, level: 'omitted', tokens: 0, text: '' })) };
    total = 0;
  }
  return { rendered, total };
}
