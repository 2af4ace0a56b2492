import type { ContextFormat } from '../decoders';

/** The frame of a rendered context in a decoder's own layout. */
export interface ContextFrame {
  /** Text before the first file (e.g. Qwen2.5-Coder's `<|repo_name|>` line). */
  preamble(repoName: string): string;
  fileHeader(path: string, language: string): string;
  fileFooter(): string;
}

const frames: Record<ContextFormat, ContextFrame> = {
  // Qwen2.5-Coder's repository-level format, the layout it was trained on for cross-file context.
  'qwen2.5-coder': {
    preamble: (repo) => `<|repo_name|>${repo}\n`,
    fileHeader: (path) => `<|file_sep|>${path}\n`,
    fileFooter: () => '',
  },
  plain: {
    preamble: () => '',
    fileHeader: (path) => `// File: ${path}\n`,
    fileFooter: () => '',
  },
};

/** For people rather than models: one fenced block per file. */
const markdownFrame: ContextFrame = {
  preamble: () => '',
  fileHeader: (path, language) => `### ${path}\n\n\`\`\`${language === 'text' ? '' : language}\n`,
  fileFooter: () => '```\n\n',
};

/** `native` is the decoder's own layout; `markdown` is for reading. */
export type OutputStyle = 'native' | 'markdown';

export function frameFor(format: ContextFormat, style: OutputStyle = 'native'): ContextFrame {
  return style === 'markdown' ? markdownFrame : frames[format];
}

/**
 * The marker that stands for a run of omitted lines: `⋮L229` when kept code follows (it resumes at line 229),
 * `⋮L229-240` when the run ends the file. Short on purpose (7 tokens where "// … (L207-228)" took 13-15): a
 * mention of a definition costs its line plus a marker, so the marker decides how many mentions a small budget
 * holds. The number keeps every kept line's original line number recoverable. `⋮` is the gap sign of aider's
 * repository map and of repomix, not the file's comment syntax; it is not indented (indent costs tokens).
 */
export function omissionMarker(fromLine: number, toLine: number, endsFile: boolean): string {
  return endsFile ? `⋮L${fromLine}-${toLine}\n` : `⋮L${toLine + 1}\n`;
}

/** The line numbers a marker carries: `⋮L229` (kept code resumes there) or `⋮L229-240` (omitted to the end). */
export const MARKER_LINES = /⋮L(\d+)(?:-(\d+))?/g;
