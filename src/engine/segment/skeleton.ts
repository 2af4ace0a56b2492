import type { Node } from 'web-tree-sitter';
import type { LanguageSpec } from './languages';

/**
 * The skeleton of a function: everything above its body (doc comment, decorators, signature), the body
 * replaced by a marker that says which source lines were elided, then whatever follows the body on its
 * last line. Undefined when the body is too short for eliding it to pay off.
 */
export function functionSkeleton(spec: LanguageSpec, fn: Node, lines: readonly string[], startRow: number, endRow: number): string | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  const bodyStart = body.startPosition;
  const bodyEnd = body.endPosition;
  if (bodyEnd.row - bodyStart.row < 2) return undefined;
  return spec.indentBodies
    ? indentedSkeleton(body, lines, startRow, endRow)
    : bracedSkeleton(body, lines, startRow, endRow);
}

function range(fromRow: number, toRow: number): string {
  const n = toRow - fromRow + 1;
  return `${n} lines (L${fromRow + 1}-${toRow + 1})`;
}

function bracedSkeleton(body: Node, lines: readonly string[], startRow: number, endRow: number): string | undefined {
  if (!body.text.startsWith('{')) return undefined; // expression-bodied arrows: nothing to elide
  const { row: bRow, column: bCol } = body.startPosition;
  const { row: eRow, column: eCol } = body.endPosition;
  if (bRow < startRow || eRow > endRow) return undefined;
  const head = lines.slice(startRow, bRow).join('') + (lines[bRow] ?? '').slice(0, bCol);
  const tail = (lines[eRow] ?? '').slice(eCol) + lines.slice(eRow + 1, endRow + 1).join('');
  return `${head}{ /* … ${range(bRow + 1, eRow - 1)} */ }${tail}`;
}

function indentedSkeleton(body: Node, lines: readonly string[], startRow: number, endRow: number): string | undefined {
  const bRow = body.startPosition.row;
  if (bRow <= startRow) return undefined; // `def f(): return 1` on one line
  let keepUntil = bRow - 1;
  const first = body.namedChildren[0];
  if (first && first.type === 'expression_statement' && first.namedChildren[0]?.type === 'string') {
    keepUntil = first.endPosition.row; // the docstring stays
  }
  const lastBodyRow = Math.min(body.endPosition.row, endRow);
  if (lastBodyRow <= keepUntil) return undefined;
  const indent = ' '.repeat(body.startPosition.column);
  const trailing = lines.slice(lastBodyRow + 1, endRow + 1).join('');
  return `${lines.slice(startRow, keepUntil + 1).join('')}${indent}...  # … ${range(keepUntil + 1, lastBodyRow)}\n${trailing}`;
}
