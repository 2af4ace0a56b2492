import type { CompressResult } from '../engine';

/** Line references the renderer writes into skeletons ("(L27-37)") and the markers before kept code ("⋮L38"). */
const LINE_REFERENCES = /\(L(\d+)-(\d+)\)|⋮L(\d+)/g;

/**
 * Moves a result computed on an excerpt (the selection) back to the file's own line numbers: the slots, and
 * the line references in the text when the excerpt was the only file. The caller recounts the text's tokens.
 */
export function shiftLines(result: CompressResult, offsets: ReadonlyMap<string, number>): CompressResult {
  const slots = result.slots.map((s) => {
    const by = offsets.get(s.path) ?? 0;
    return by === 0 ? s : { ...s, startLine: s.startLine + by, endLine: s.endLine + by };
  });
  const only = offsets.size === 1 && new Set(result.slots.map((s) => s.path)).size === 1 ? [...offsets.values()][0] : undefined;
  const shift = (n: string): number => Number(n) + (only ?? 0);
  const text = only
    ? result.text.replace(LINE_REFERENCES, (_m, a: string | undefined, b: string | undefined, c: string | undefined) =>
        a !== undefined && b !== undefined ? `(L${shift(a)}-${shift(b)})` : `⋮L${shift(c ?? '0')}`,
      )
    : result.text;
  return { ...result, slots, text };
}
