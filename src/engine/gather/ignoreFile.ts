import type { Warning } from '../types';
import type { FsPath } from './fileNames';
import { IgnoreRules } from './gitignore';
import { readBounded } from './readBounded';

/** Real .gitignore files are a few kilobytes; one larger than this is not a list of patterns worth matching. */
const MAX_IGNORE_FILE_BYTES = 256 * 1024;

/** Invalid lines named in a warning; the rest are counted. */
const LINES_NAMED = 5;

export interface IgnoreFile {
  readonly rules?: IgnoreRules;
  readonly warning?: Warning;
}

/**
 * Reads one .gitignore. A missing one is no rules; a binary or oversized one is skipped with a warning (git would
 * read it, slowly, to little purpose); lines that are not valid patterns are skipped, as git skips them, and
 * named with their line numbers so the user can fix them.
 */
export async function readIgnoreFile(file: FsPath, shown: string): Promise<IgnoreFile> {
  const read = await readBounded(file, MAX_IGNORE_FILE_BYTES);
  if (!read.ok) {
    if (read.reason === 'no such file or folder' || read.reason === 'ENOTDIR') return {};
    return { warning: { code: 'skipped-file', path: shown, message: `Skipped ${shown}: ${read.reason}; its patterns do not apply.` } };
  }
  if (read.bytes.subarray(0, 8000).includes(0)) {
    return { warning: { code: 'skipped-file', path: shown, message: `Skipped ${shown}: it looks binary (NUL bytes); its patterns do not apply.` } };
  }
  const rules = IgnoreRules.fromText(new TextDecoder('utf-8').decode(read.bytes));
  if (rules.skipped.length === 0) return { rules };
  const named = rules.skipped.slice(0, LINES_NAMED).map((s) => `line ${s.line} is ${s.reason}`);
  const more = rules.skipped.length - named.length;
  return {
    rules,
    warning: {
      code: 'skipped-file',
      path: shown,
      message: `Ignored ${rules.skipped.length === 1 ? 'a line' : `${rules.skipped.length} lines`} of ${shown} that git ignores too: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`,
    },
  };
}
