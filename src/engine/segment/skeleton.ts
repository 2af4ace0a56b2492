import type { Node } from 'web-tree-sitter';
import type { LanguageSpec } from './languages';
import type { LineRange } from '../types';

/**
 * The skeleton of a function: everything above its body (doc comment, decorators, signature), the body
 * replaced by a marker that says which source lines were elided, then whatever follows the body on its
 * last line. Undefined when the body is too short for eliding it to pay off.
 */
export interface FunctionSkeleton {
  readonly text: string;
  /** The lines the skeleton elides (1-based, inclusive): the body's inside. */
  readonly body: LineRange;
}

export function functionSkeleton(spec: LanguageSpec, fn: Node, lines: readonly string[], startRow: number, endRow: number): FunctionSkeleton | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  const bodyStart = body.startPosition;
  const bodyEnd = body.endPosition;
  if (bodyEnd.row - bodyStart.row < 2) return undefined;
  const skeleton = spec.indentBodies
    ? indentedSkeleton(body, lines, startRow, endRow)
    : bracedSkeleton(body, lines, startRow, endRow);
  // A short body under a long docstring (or a one-line body) can cost less than the marker that replaces it.
  if (skeleton === undefined || skeleton.text.length >= lines.slice(startRow, endRow + 1).join('').length) return undefined;
  return skeleton;
}

function range(fromRow: number, toRow: number): string {
  const n = toRow - fromRow + 1;
  return `${n} line${n === 1 ? '' : 's'} (L${fromRow + 1}-${toRow + 1})`;
}

/** The elided rows as 1-based lines. */
function lineRange(fromRow: number, toRow: number): LineRange {
  return { startLine: fromRow + 1, endLine: toRow + 1 };
}

function bracedSkeleton(body: Node, lines: readonly string[], startRow: number, endRow: number): FunctionSkeleton | undefined {
  if (!body.text.startsWith('{')) return undefined; // expression-bodied arrows: nothing to elide
  // Cut at the closing brace, not at the body's end: JavaScript's automatic-semicolon rule can pull a comment after
  // the `}` (`} // done`) into the body. A brace that error recovery invented (missing) is not in the text.
  const close = lastChildOfType(body, '}');
  if (!close || close.isMissing) return undefined;
  const { row: bRow, column: bCol } = body.startPosition;
  const { row: eRow, column: eCol } = close.endPosition;
  if (bRow < startRow || eRow > endRow) return undefined;
  const head = lines.slice(startRow, bRow).join('') + (lines[bRow] ?? '').slice(0, bCol);
  const tail = (lines[eRow] ?? '').slice(eCol) + lines.slice(eRow + 1, endRow + 1).join('');
  return { text: `${head}{ /* … ${range(bRow + 1, eRow - 1)} */ }${tail}`, body: lineRange(bRow + 1, eRow - 1) };
}

function lastChildOfType(node: Node, type: string): Node | undefined {
  for (let i = node.childCount - 1; i >= 0; i--) {
    const c = node.child(i);
    if (c && c.type === type) return c;
  }
  return undefined;
}

function indentedSkeleton(body: Node, lines: readonly string[], startRow: number, endRow: number): FunctionSkeleton | undefined {
  const bRow = body.startPosition.row;
  if (bRow <= startRow) return undefined; // `def f(): return 1` on one line
  let keepUntil = bRow - 1;
  const first = body.namedChildren[0];
  if (first && isDocstring(first)) {
    keepUntil = first.endPosition.row; // the docstring stays
  }
  const lastBodyRow = Math.min(body.endPosition.row, endRow);
  if (lastBodyRow <= keepUntil) return undefined;
  // The body's first line gives the indent, tabs included (a column counts a tab as one).
  const indent = /^[ \t]*/.exec(lines[bRow] ?? '')?.[0] ?? '';
  // The marker line ends as the elided last line did: CRLF files stay CRLF, a file's unterminated last line stays so.
  const eol = /\r?\n$/.exec(lines[lastBodyRow] ?? '')?.[0] ?? '';
  const trailing = lines.slice(lastBodyRow + 1, endRow + 1).join('');
  return { text: `${lines.slice(startRow, keepUntil + 1).join('')}${indent}...  # … ${range(keepUntil + 1, lastBodyRow)}${eol}${trailing}`, body: lineRange(keepUntil + 1, lastBodyRow) };
}

/** A Python docstring: a statement that is only a string literal, first in a body. */
export function isDocstring(node: Node): boolean {
  return node.type === 'expression_statement' && node.namedChildCount === 1 && node.namedChildren[0]?.type === 'string';
}
