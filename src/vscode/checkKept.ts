import type { CompressResult, Warning } from '../engine';
import type { KeptRegion } from './gatherEditors';

/**
 * Adds a warning for each region the user asked to keep (a chosen symbol) that did not come out verbatim,
 * so a budget too small for all of them never loses one silently.
 */
export function checkKept(result: CompressResult, regions: readonly KeptRegion[]): CompressResult {
  const missing: Warning[] = [];
  for (const r of regions) {
    const covering = result.slots.filter((s) => s.path === r.path && s.endLine >= r.startLine && s.startLine <= r.endLine);
    const kept = covering.length > 0 && covering.every((s) => s.level === 'verbatim') && covering.some((s) => s.startLine <= r.startLine) && covering.some((s) => s.endLine >= r.endLine);
    if (!kept) {
      missing.push({
        code: 'pinned-truncated',
        path: r.path,
        message: `The chosen symbol ${r.label} (${r.path} L${r.startLine}-${r.endLine}) could not be kept verbatim within the budget of ${result.stats.budget} tokens; raise the budget or choose fewer symbols.`,
      });
    }
  }
  return missing.length > 0 ? { ...result, warnings: [...result.warnings, ...missing] } : result;
}
