import { languageOfPath } from '../segment/languages';
import type { PinnedRegion, SourceFile } from '../types';

/** Lines before the made-up cursor that make the query, as many as an editor's request sends (gatherEditors.ts). */
const QUERY_LINES = 30;

/**
 * A request like a user's, for a long-lived host to run once in the background before any user's request with a
 * query: the cursor in the middle of the first code file long enough to hold one, its 30 lines before the query and
 * its line pinned. The first request that ranks against code runs code that V8 has not optimised yet and fills
 * per-unit memos; it took ~0.2 s longer than the next (17 MB, `bench/warm-requests.js` seeds 1–3: first code query
 * 844–932 ms, 633–722 ms after a rehearsal). Deterministic: the same files give the same rehearsal.
 */
export function rehearsalQuery(files: readonly SourceFile[]): { query: string; pinned: PinnedRegion } | undefined {
  for (const file of files) {
    if (file.range || languageOfPath(file.path) === 'text') continue;
    const lines = file.text.split('\n');
    if (lines.length < 2 * QUERY_LINES) continue;
    const cursor = Math.floor(lines.length / 2); // 0-based: the cursor's line
    return {
      query: lines.slice(cursor - QUERY_LINES, cursor + 1).join('\n'),
      pinned: { path: file.path, startLine: cursor + 1, endLine: cursor + 1 },
    };
  }
  return undefined;
}
