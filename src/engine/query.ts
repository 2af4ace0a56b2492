import type { PinnedRegion, SourceFile } from './types';

/** Queries shorter than this are questions, not code to find in the inputs. */
const MIN_CODE_QUERY_CHARS = 12;

/**
 * Where the query's code sits in the inputs, if it is code from them (e.g. the code before the cursor):
 * the first file holding the trimmed query, as a line range. Questions match nothing and pin nothing.
 */
export function locateQuery(files: readonly SourceFile[], query: string | undefined): PinnedRegion | undefined {
  const needle = query?.trim();
  if (!needle || needle.length < MIN_CODE_QUERY_CHARS) return undefined;
  for (const file of files) {
    const at = file.text.indexOf(needle);
    if (at < 0) continue;
    const startLine = countLines(file.text, at);
    const endLine = countLines(file.text, at + needle.length - 1);
    return { path: file.path, startLine, endLine };
  }
  return undefined;
}

/** 1-based line number of the character at `offset`. */
function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
