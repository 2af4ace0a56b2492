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
 * What follows a run of omitted lines: code (a body, a skeleton, the cursor's code, kept lines of a pruned
 * body), a one-line mention, a line of closing brackets, or the file's end.
 */
export type AfterOmission = 'code' | 'mention' | 'closing' | 'end';

/**
 * The marker that stands for a run of omitted lines. Before code it names the line the code resumes at
 * (`⋮L229`), so that an answer can point into a kept body, skeleton or the cursor's code by line number. Before a
 * one-line mention of a declaration, a closing bracket and at a file's end, it is a bare `⋮` (2 tokens where a numbered one takes
 * 5–7, Qwen2.5 spelling every digit as a token): a small budget is mostly mentions, so numbering each would spend
 * a third of it on digits; a mention carries its name and the result's slots carry its lines.
 * `⋮` is the gap sign of aider's repository map and of repomix, not the file's comment syntax; it is not
 * indented (indent costs tokens).
 */
export function omissionMarker(resumesAt: number, after: AfterOmission): string {
  return after === 'code' ? `⋮L${resumesAt}\n` : '⋮\n';
}
