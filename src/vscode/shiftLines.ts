import type { CompressResult } from '../engine';

/** Line references the renderer writes into omission markers and skeletons: "(L27-37)". */
const MARKER_LINES = /\(L(\d+)-(\d+)\)/g;

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
  const text = only ? result.text.replace(MARKER_LINES, (_m, a: string, b: string) => `(L${Number(a) + only}-${Number(b) + only})`) : result.text;
  return { ...result, slots, text };
}
