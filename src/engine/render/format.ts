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
 * The marker that stands for omitted lines, in the file's own comment syntax and indentation. Short on
 * purpose (13 tokens where "… 22 lines omitted (L207-228)" took 18): a mention of a definition costs its
 * line plus one marker, so the marker decides how many mentions a small budget holds.
 */
export function omissionMarker(lineComment: string, indent: string, fromLine: number, toLine: number): string {
  return `${indent}${lineComment} … (L${fromLine}-${toLine})\n`;
}
