import { omissionMarker } from '../render/format';
import type { Unit } from '../types';
import { splitLines } from '../segment/lines';

/** One line of a unit as the encoder saw it: its tokens and their total surprisal in bits. */
export interface LineSurprisal {
  readonly tokens: number;
  readonly bits: number;
}

export interface PrunedBody {
  /** From the declaration on, the unit's text with its most predictable body lines replaced by markers (whole lines only). */
  readonly text: string;
  /** Share of the body's surprisal (bits) the kept lines carry: what the pruned form keeps of the body. */
  readonly keptInformation: number;
  readonly droppedLines: number;
}

/** Share of the body's tokens a pruned body aims to keep. */
const KEEP_SHARE = 0.5;
/** Bodies shorter than this many lines are kept whole or not at all. */
const MIN_BODY_LINES = 4;
/** Lines of nothing but closing brackets and separators: kept with the code they close, never a reason to number a marker. */
const CLOSING_ONLY = /^[\s})\];,]*$/;

/**
 * Prunes a function's body by the encoder's surprisal: the most predictable lines (fewest bits per token:
 * boilerplate, blank lines, repeated patterns the decoder would write anyway) go first, whole lines only, until
 * about half of the body's tokens remain. The text starts at the declaration (a doc or decorators above it are
 * left out, as the signature level does) and keeps everything but the body's inside (`unit.body`). Each run of dropped lines
 * becomes one marker, numbered when code follows it, so kept lines keep their original numbers. Undefined
 * when the unit has no body worth pruning (the caller decides whether what it saves is worth it).
 * `lines` has one entry per line of the unit.
 */
export function pruneBody(unit: Unit, lines: readonly LineSurprisal[]): PrunedBody | undefined {
  const text = splitLines(unit.text);
  if (!unit.declaration || !unit.body || text.length !== lines.length) return undefined;
  const declStart = unit.declaration.startLine - unit.startLine;
  // Only the body's inside is pruned: the head (declaration, template and return-type lines, the opening
  // brace, a docstring) and the closing lines stay.
  const bodyStart = unit.body.startLine - unit.startLine;
  const bodyEnd = unit.body.endLine - unit.startLine;
  if (declStart < 0 || bodyStart <= declStart || bodyEnd >= text.length || bodyEnd - bodyStart + 1 < MIN_BODY_LINES) return undefined;

  let bodyTokens = 0;
  let bodyBits = 0;
  const candidates: number[] = [];
  for (let i = bodyStart; i <= bodyEnd; i++) {
    candidates.push(i);
    bodyTokens += lines[i]?.tokens ?? 0;
    bodyBits += lines[i]?.bits ?? 0;
  }
  if (bodyTokens === 0 || bodyBits <= 0) return undefined;
  const perToken = (i: number): number => {
    const l = lines[i];
    return l && l.tokens > 0 ? l.bits / l.tokens : 0;
  };
  // Most predictable first; ties by position, so the result is deterministic. Blank lines are not ranked:
  // they go with a dropped neighbour (a marker stands for them) and stay between kept lines.
  const blank = (i: number): boolean => (text[i] ?? '').trim() === '';
  const order = candidates.filter((i) => !blank(i)).sort((a, b) => perToken(a) - perToken(b) || a - b);
  const dropped = new Set<number>();
  let kept = bodyTokens;
  for (const i of order) {
    if (kept <= bodyTokens * KEEP_SHARE) break;
    dropped.add(i);
    kept -= lines[i]?.tokens ?? 0;
  }
  // Blank lines next to dropped ones go with them, runs of them whole: one sweep forward, one back. (A loop to a
  // fixpoint moved one line per pass against the sweep: a run of 10,000 blank lines took 35 s, 80,000 hung.)
  for (const i of candidates) if (blank(i) && dropped.has(i - 1)) dropped.add(i);
  for (let k = candidates.length - 1; k >= 0; k--) {
    const i = candidates[k] as number;
    if (blank(i) && dropped.has(i + 1)) dropped.add(i);
  }

  const out: string[] = [];
  let keptBits = 0;
  let run = false;
  for (let i = declStart; i < text.length; i++) {
    const line = text[i] ?? '';
    if (dropped.has(i)) {
      run = true;
      continue;
    }
    if (run) out.push(omissionMarker(unit.startLine + i, CLOSING_ONLY.test(line) ? 'closing' : 'code'));
    run = false;
    if (i >= bodyStart && i <= bodyEnd) keptBits += lines[i]?.bits ?? 0;
    out.push(line.endsWith('\n') ? line : `${line}\n`);
  }
  if (run) out.push(omissionMarker(unit.endLine + 1, 'end'));
  return { text: out.join(''), keptInformation: keptBits / bodyBits, droppedLines: dropped.size };
}
