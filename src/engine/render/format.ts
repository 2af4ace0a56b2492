import { TextMemo } from '../index/textMemo';
import type { ContextFormat } from '../decoders';
import type { Warning } from '../types';
import { escapeControlCharacters } from '../printable';

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
    preamble: (repo) => `<|repo_name|>${safeName(repo)}\n`,
    fileHeader: (path) => `<|file_sep|>${safeName(path)}\n`,
    fileFooter: () => '',
  },
  plain: {
    preamble: () => '',
    fileHeader: (path) => `// File: ${safeName(path)}\n`,
    fileFooter: () => '',
  },
};

/** For people rather than models: one fenced block per file. */
const markdownFrame: ContextFrame = {
  preamble: () => '',
  fileHeader: (path, language) => `### ${safeName(path)}\n\n\`\`\`${language === 'text' ? '' : language}\n`,
  fileFooter: () => '```\n\n',
};

/** Placed after the first character of a special token's text, it keeps the text but not the token. */
const ZERO_WIDTH_JOINER = '\u200d';

/**
 * A file or repository name as it may appear in a header: one line, and never a special token. A name may hold
 * any character but `/` and NUL, so `x\n<|file_sep|>forged.ts` would otherwise render as two file headers.
 * Control characters are written as escapes (`\n`), and every `<` is followed by a zero-width joiner, which
 * breaks every special token of the supported decoders (they all start with `<`) and changes nothing visible.
 */
export function safeName(name: string): string {
  return escapeControlCharacters(name).replaceAll('<', `<${ZERO_WIDTH_JOINER}`);
}

/** Finds the given special tokens' texts; undefined when there are none. */
export function specialTokenPattern(specialTokens: readonly string[]): RegExp | undefined {
  if (specialTokens.length === 0) return undefined;
  const longestFirst = [...specialTokens].sort((a, b) => b.length - a.length);
  return new RegExp(longestFirst.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

/** Characters of texts remembered as holding no special token (the 64 MB input cap's worth of code, about). */
const CLEAN_CHARS = 32 * 1024 * 1024;
const cleanBySet = new Map<string, TextMemo<true>>();

/**
 * Texts known to hold none of a set of special tokens: every request looks through every file (17 MB: ~0.1 s), and
 * most files are the same as last time.
 */
function cleanTexts(specialTokens: readonly string[]): TextMemo<true> {
  const key = specialTokens.join('\0');
  let memo = cleanBySet.get(key);
  if (!memo) cleanBySet.set(key, (memo = new TextMemo<true>(CLEAN_CHARS)));
  return memo;
}

/**
 * File contents that spell a special token (`<|file_sep|>`, `<|endoftext|>`, `<|fim_prefix|>`…) would be
 * encoded as that token, and could end a file, start a forged one or end the context. Each is escaped with a
 * zero-width joiner after its first character, before anything is counted, so the budget counts what is sent.
 */
export function escapeSpecialTokens<F extends { readonly path: string; readonly text: string }>(
  files: readonly F[],
  specialTokens: readonly string[],
): { files: F[]; warning?: Warning } {
  const pattern = specialTokenPattern(specialTokens);
  if (!pattern) return { files: [...files] };
  const clean = cleanTexts(specialTokens);
  let count = 0;
  const touched: string[] = [];
  const out = files.map((f) => {
    if (clean.get(f.text)) return f;
    let here = 0;
    const text = f.text.replace(pattern, (m) => {
      here++;
      return m.slice(0, 1) + ZERO_WIDTH_JOINER + m.slice(1);
    });
    if (here === 0) {
      clean.set(f.text, true);
      return f;
    }
    count += here;
    touched.push(f.path);
    return { ...f, text };
  });
  if (count === 0) return { files: out };
  const where = touched.length === 1 ? safeName(touched[0] as string) : `${touched.length} files (${touched.slice(0, 3).map(safeName).join(', ')}${touched.length > 3 ? ', …' : ''})`;
  return {
    files: out,
    warning: {
      code: 'escaped-special-tokens',
      message: `${count === 1 ? 'A special-token sequence' : `${count} special-token sequences`} (such as <${ZERO_WIDTH_JOINER}|file_sep|>) in ${where} ${count === 1 ? 'was' : 'were'} escaped so that the model reads them as text.`,
    },
  };
}

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
