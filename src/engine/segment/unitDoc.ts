import type { LineRange, Unit } from '../types';
import { splitLines } from './lines';

/**
 * A line comment (`//`, `///`, `//!`, Python's and shell's `# …`) or the start of a block comment. Not `#[attr]`,
 * `#![attr]` (Rust attributes) nor `#include`/`#if` (C preprocessor): those change what the code means.
 */
const COMMENT_START = /^\s*(\/\/|\/\*|#(\s|#|$))/;

/**
 * How many of the unit's first lines are the comment above its declaration (its doc, a licence header, notes),
 * blank lines among them included: what the `code` level leaves out. Decorators and attributes end the run,
 * since they are code. 0 when the unit has no declaration or no such comment. (Units without a declaration,
 * imports under a licence header, keep theirs: leaving it out measured no better in the completion benchmark.)
 */
export function leadingDocLines(unit: Unit, lines: readonly string[] = splitLines(unit.text)): number {
  if (!unit.declaration) return 0;
  const limit = unit.declaration.startLine - unit.startLine;
  let inBlock = false;
  let sawComment = false;
  let n = 0;
  for (let i = 0; i < limit; i++) {
    const line = lines[i] ?? '';
    if (inBlock) {
      if (line.includes('*/')) inBlock = false;
    } else if (COMMENT_START.test(line)) {
      sawComment = true;
      const open = /^\s*\/\*/.test(line) ? line.indexOf('/*') : -1;
      inBlock = open >= 0 && !line.includes('*/', open + 2);
      // Code after a closing `*/` on the same line (`/** doc */ @Override`) is not a comment line.
      if (!inBlock && open >= 0 && line.slice(line.indexOf('*/', open + 2) + 2).trim() !== '') break;
    } else if (line.trim() !== '') {
      break;
    }
    n = i + 1;
  }
  if (inBlock || !sawComment) return 0;
  // Blank lines after the doc go with it; the kept code starts at its first non-blank line.
  return n;
}

/** A string literal's opening: Python's docstrings, with or without a prefix (`r"""`, `u'…'`). */
const STRING_START = /^\s*[rRuUbB]{0,2}("""|'''|"|')/;

/**
 * The lines of a Python docstring: between the declaration and the body the skeleton elides, when they hold a
 * string literal and nothing else. Undefined without one (and in braced languages, where those lines hold at
 * most an opening brace).
 */
export function docstringLines(unit: Unit, lines: readonly string[] = splitLines(unit.text)): LineRange | undefined {
  const decl = unit.declaration;
  const body = unit.body;
  if (!decl || !body || body.startLine - decl.endLine < 2) return undefined;
  const from = decl.endLine + 1;
  const to = body.startLine - 1;
  const first = lines.slice(from - unit.startLine, to - unit.startLine + 1).findIndex((l) => l.trim() !== '');
  if (first < 0 || !STRING_START.test(lines[from - unit.startLine + first] ?? '')) return undefined;
  return { startLine: from + first, endLine: to };
}
