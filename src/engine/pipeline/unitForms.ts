import { omissionMarker } from '../render/format';
import { declarationParts, withoutDoc } from '../render/render';
import type { ShapeFacts } from '../render/keptShape';
import type { TokenCounter } from '../tokenize/tokenCounter';
import type { Unit } from '../types';

/**
 * A unit's own tokens at each level it has (its text alone: no header, no markers around it) and what its text
 * says about the lines a level leaves out. Depends only on the unit and the decoder's tokenizer, so the index
 * keeps it with the file's units.
 */
export interface UnitForms extends ShapeFacts {
  readonly verbatim: number;
  /** Undefined when the unit has no skeleton. */
  readonly skeleton?: number;
  /** The declaration line(s) alone (the signature level). */
  readonly declaration?: number;
  /** The unit without its doc (the code level, inner markers included). */
  readonly code?: number;
  /** Extra tokens of the numbered marker before kept code, over a bare one (see PlanItem.lineNumberTokens). */
  readonly lineNumber: number;
}

/** Counts the forms of one unit; `encode` gives the ids of a unit's whole text (the density pass reuses them). */
export function unitForms(unit: Unit, counter: TokenCounter, encode: (text: string) => readonly number[]): UnitForms {
  const decl = declarationParts(unit);
  const code = withoutDoc(unit);
  return {
    verbatim: encode(unit.text).length,
    lineNumber: counter.count(omissionMarker(unit.startLine, 'code')) - counter.count(omissionMarker(0, 'mention')),
    ...(unit.skeleton !== undefined ? { skeleton: counter.count(unit.skeleton) } : {}),
    ...(decl ? { declaration: counter.count(decl.text), declarationGaps: { before: decl.before !== '', after: decl.after !== '' } } : {}),
    ...(code ? { code: counter.count(code.text), codeOmitsAbove: code.firstLine > unit.startLine } : {}),
  };
}
