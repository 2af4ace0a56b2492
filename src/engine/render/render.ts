import type { Level, LineRange, Slot, SourceFile, Unit, Writable } from '../types';
import type { ContextFrame } from './format';
import { omissionMarker, type AfterOmission } from './format';
import { docstringLines, leadingDocLines } from '../segment/unitDoc';
import { keptShape, type KeptShape } from './keptShape';
import { splitLines } from '../segment/lines';

export interface RenderFile {
  readonly file: SourceFile;
  readonly language: string;
  readonly units: readonly Unit[];
}

export interface RenderUnitInfo {
  readonly level: Level;
  readonly pinned: boolean;
  /** The unit's text with its most predictable body lines dropped, for the `pruned` level. */
  readonly prunedText?: string;
  readonly relevance: number;
  readonly originalTokens: number;
  readonly tokens: number;
  readonly entropy?: number;
  readonly entropyPercentile?: number;
  readonly dense?: boolean;
  readonly denseReasons?: readonly string[];
}

export interface Rendered {
  readonly text: string;
  readonly slots: Slot[];
}

/** A unit's lines split around its declaration: the omitted lines before and after it, and its own text. */
export interface DeclarationParts {
  readonly range: LineRange;
  /** Text of the lines before the declaration (doc, decorators), '' when none. */
  readonly before: string;
  readonly text: string;
  /** Text of the lines after it (the body), '' when none. */
  readonly after: string;
}

export function declarationParts(unit: Unit): DeclarationParts | undefined {
  const range = unit.declaration;
  if (!range || range.startLine < unit.startLine || range.endLine > unit.endLine) return undefined;
  const lines = splitLines(unit.text);
  const a = range.startLine - unit.startLine;
  const b = range.endLine - unit.startLine + 1;
  return { range, before: lines.slice(0, a).join(''), text: lines.slice(a, b).join(''), after: lines.slice(b).join('') };
}

/** A unit at the `code` level: where its kept text starts, and that text. */
export interface CodeForm {
  /** The first kept line: after the comment above the declaration, when there is one. */
  readonly firstLine: number;
  /** From there on, with a Python docstring replaced by a marker naming the line the body resumes at. */
  readonly text: string;
}

/** The unit without its doc (the `code` level): the comment above its declaration and a Python docstring. */
export function withoutDoc(unit: Unit): CodeForm | undefined {
  // Called for every unit when counting tokens: the unit is split into lines once.
  const lines = splitLines(unit.text);
  const above = leadingDocLines(unit, lines);
  const docstring = docstringLines(unit, lines);
  if (above === 0 && !docstring) return undefined;
  const out: string[] = [];
  for (let i = above; i < lines.length; i++) {
    const n = unit.startLine + i;
    if (docstring && n >= docstring.startLine && n <= docstring.endLine) {
      if (n === docstring.startLine) out.push(omissionMarker(docstring.endLine + 1, 'code'));
      continue;
    }
    out.push(lines[i] ?? '');
  }
  return { firstLine: unit.startLine + above, text: out.join('') };
}

/** What a kept unit shows: its text, the lines that text spans, what the marker before it says, and the lines left out around it. */
interface KeptForm {
  readonly text: string;
  readonly firstLine: number;
  readonly lastLine: number;
  readonly after: AfterOmission;
  readonly shape: KeptShape;
}

/** The unit's text at its level (undefined when nothing is kept), shaped as keptShape says, as the planner counted it. */
function keptForm(unit: Unit, li: RenderUnitInfo): KeptForm | undefined {
  const whole = (text: string): KeptForm => ({ text, firstLine: unit.startLine, lastLine: unit.endLine, after: 'code', shape: WHOLE_UNIT });
  switch (li.level) {
    case 'omitted':
      return undefined;
    case 'signature': {
      const decl = declarationParts(unit);
      // A unit with no declaration of its own has no signature level: nothing of it is kept.
      if (!decl) return undefined;
      const shape = keptShape('signature', { declarationGaps: { before: decl.before !== '', after: decl.after !== '' } }) ?? WHOLE_UNIT;
      return { text: decl.text, firstLine: decl.range.startLine, lastLine: decl.range.endLine, after: 'mention', shape };
    }
    case 'code': {
      const code = withoutDoc(unit);
      if (!code) return whole(unit.text);
      return { text: code.text, firstLine: code.firstLine, lastLine: unit.endLine, after: 'code', shape: keptShape('code', { codeOmitsAbove: code.firstLine > unit.startLine }) ?? WHOLE_UNIT };
    }
    case 'pruned': {
      if (li.prunedText === undefined) return whole(unit.text);
      const first = unit.declaration?.startLine ?? unit.startLine;
      const shape = keptShape('pruned', { declarationGaps: { before: first > unit.startLine, after: false } }) ?? WHOLE_UNIT;
      return { text: li.prunedText, firstLine: first, lastLine: unit.endLine, after: 'code', shape };
    }
    case 'skeleton':
      return whole(unit.skeleton ?? unit.text);
    case 'verbatim':
      return whole(unit.text);
  }
}

const WHOLE_UNIT: KeptShape = { omitsAbove: false, omitsBelow: false };

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** One file rendered: its text (header, kept units, markers, footer; '' when nothing of it is kept) and a slot per unit. */
export interface RenderedFile {
  readonly text: string;
  readonly slots: Slot[];
}

/**
 * Renders kept units in file order, each file under its header, with one marker per run of omitted lines
 * (numbered before kept code, so that its original line numbers stay recoverable). Files with nothing kept are left out entirely.
 */
export function render(files: readonly RenderFile[], info: (fileIndex: number, unitIndex: number) => RenderUnitInfo, frame: ContextFrame, repoName: string): Rendered {
  return joinRendered(files.map((rf, fi) => renderFile(rf, (ui) => info(fi, ui), frame)), frame, repoName);
}

/** The context from its files, each rendered on its own (a file whose plan did not change need not be rendered again). */
export function joinRendered(files: readonly RenderedFile[], frame: ContextFrame, repoName: string): Rendered {
  const parts: string[] = [frame.preamble(repoName)];
  const slots: Slot[] = [];
  for (const f of files) {
    if (f.text !== '') parts.push(f.text);
    for (const s of f.slots) slots.push(s);
  }
  // With nothing kept there is no context at all, not even a preamble.
  return { text: parts.length > 1 ? parts.join('') : '', slots };
}

/**
 * The slot of one unit. Built field by field, in the order the JSON output lists them, rather than from
 * conditional spreads: a request renders a slot for every unit of the input (44k on a 17 MB tree) and the
 * spreads' temporary objects took ~3× as long (~85 ms against ~25 ms for 44k slots).
 */
function slotOf(file: SourceFile, unit: Unit, li: RenderUnitInfo, level: Level, text: string): Slot {
  const slot: Partial<Writable<Slot>> = { path: file.path };
  if (file.uri !== undefined) slot.uri = file.uri;
  slot.startLine = unit.startLine;
  slot.endLine = unit.endLine;
  slot.kind = unit.kind;
  if (unit.name !== undefined) slot.name = unit.name;
  slot.level = level;
  slot.pinned = li.pinned;
  slot.originalTokens = li.originalTokens;
  slot.tokens = text === '' ? 0 : li.tokens;
  slot.relevance = li.relevance;
  slot.text = text;
  if (li.entropy !== undefined) slot.entropy = li.entropy;
  if (li.entropyPercentile !== undefined) slot.entropyPercentile = li.entropyPercentile;
  if (li.dense) {
    slot.dense = true;
    slot.denseReasons = li.denseReasons ?? [];
  }
  return slot as Slot;
}

/** One file's part of the context. */
export function renderFile(rf: RenderFile, info: (unitIndex: number) => RenderUnitInfo, frame: ContextFrame): RenderedFile {
  const slots: Slot[] = [];
  const levels = rf.units.map((_, ui) => info(ui));
  const anyKept = levels.some((l) => l.level !== 'omitted');
  const fileParts: string[] = [frame.fileHeader(rf.file.path, rf.language)];
  // The current run of omitted lines: where it starts and ends.
  let run: { from: number; to: number } | undefined;
  const omit = (from: number, to: number): void => {
    if (run) run.to = to;
    else run = { from, to };
  };
  const flushOmitted = (after: AfterOmission): void => {
    if (run) fileParts.push(omissionMarker(run.to + 1, after));
    run = undefined;
  };
  rf.units.forEach((unit, ui) => {
    const li = levels[ui];
    if (!li) return;
    const kept = keptForm(unit, li);
    let text = '';
    if (!kept) {
      omit(unit.startLine, unit.endLine);
    } else {
      if (kept.shape.omitsAbove) omit(unit.startLine, kept.firstLine - 1);
      flushOmitted(kept.after);
      text = ensureNewline(kept.text);
      fileParts.push(text);
      if (kept.shape.omitsBelow) omit(kept.lastLine + 1, unit.endLine);
    }
    slots.push(slotOf(rf.file, unit, li, kept ? li.level : 'omitted', text));
  });
  flushOmitted('end');
  fileParts.push(frame.fileFooter());
  return { text: anyKept ? fileParts.join('') : '', slots };
}
