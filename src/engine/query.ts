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

/**
 * The code, then the question: relevance weighs a query's words by nearness to its end (where the cursor is), and
 * the question is what the user asked for, so it goes last, right after the code before the cursor. The one place
 * a question joins a query (the extension's scopes and Ask alike), so it is never added twice.
 */
export function joinQuery(code: string, question: string): string | undefined {
  const parts = [code, question.trim()].filter((p) => p.trim().length > 0);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}
