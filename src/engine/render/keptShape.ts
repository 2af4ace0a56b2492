import type { Level } from '../types';

/** What a unit's text says about the levels that leave some of its lines out. */
export interface ShapeFacts {
  /**
   * Whether the declaration has lines before it (doc, decorators) and after it (the body) within the unit; absent
   * when the unit has no declaration line(s) of its own (no signature level).
   */
  readonly declarationGaps?: { readonly before: boolean; readonly after: boolean };
  /** Whether the `code` level leaves out lines above the declaration (a comment), not only a docstring inside. */
  readonly codeOmitsAbove?: boolean;
}

/** Where a kept unit leaves lines out around the text it keeps: omitted lines above it, below it. */
export interface KeptShape {
  readonly omitsAbove: boolean;
  readonly omitsBelow: boolean;
}

const WHOLE: KeptShape = { omitsAbove: false, omitsBelow: false };
const ABOVE: KeptShape = { omitsAbove: true, omitsBelow: false };
const BELOW: KeptShape = { omitsAbove: false, omitsBelow: true };
const AROUND: KeptShape = { omitsAbove: true, omitsBelow: true };

function shapeOf(above: boolean, below: boolean): KeptShape {
  return above ? (below ? AROUND : ABOVE) : below ? BELOW : WHOLE;
}

/**
 * What each level keeps of a unit, the one description the planner (which counts the "omitted" markers a
 * level causes) and the renderer (which writes them) share; undefined when nothing is kept. A signature keeps
 * the declaration and leaves its doc and body out; a pruned body starts at the declaration (a doc above it is
 * omitted; its inner markers are its own text); the code level leaves out the comment above the declaration (a
 * docstring's marker is its own text); verbatim and skeleton keep the unit's whole span.
 */
export function keptShape(level: Level, facts: ShapeFacts): KeptShape | undefined {
  switch (level) {
    case 'omitted':
      return undefined;
    case 'signature':
      return facts.declarationGaps ? shapeOf(facts.declarationGaps.before, facts.declarationGaps.after) : WHOLE;
    case 'pruned':
      return shapeOf(facts.declarationGaps?.before ?? false, false);
    case 'code':
      return shapeOf(facts.codeOmitsAbove ?? false, false);
    default:
      return WHOLE;
  }
}
