import type { Level, LineRange, Slot, SourceFile, Unit } from '../types';
import type { ContextFrame } from './format';
import { omissionMarker, type AfterOmission } from './format';
import { docstringLines, leadingDocLines } from '../segment/unitDoc';
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

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * Renders kept units in file order, each file under its header, with one marker per run of omitted lines
 * (numbered before kept code, so that its original line numbers stay recoverable). Files with nothing kept are left out entirely.
 */
export function render(files: readonly RenderFile[], info: (fileIndex: number, unitIndex: number) => RenderUnitInfo, frame: ContextFrame, repoName: string): Rendered {
  const parts: string[] = [frame.preamble(repoName)];
  const slots: Slot[] = [];
  files.forEach((rf, fi) => {
    const levels = rf.units.map((_, ui) => info(fi, ui));
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
      let text = '';
      const decl = li.level === 'signature' ? declarationParts(unit) : undefined;
      const code = li.level === 'code' ? withoutDoc(unit) : undefined;
      if (li.level === 'omitted' || (li.level === 'signature' && !decl)) {
        omit(unit.startLine, unit.endLine);
      } else if (decl) {
        if (decl.before) omit(unit.startLine, decl.range.startLine - 1);
        flushOmitted('mention');
        text = ensureNewline(decl.text);
        fileParts.push(text);
        if (decl.after) omit(decl.range.endLine + 1, unit.endLine);
      } else if (code) {
        // The doc is omitted (above the declaration: one more run of omitted lines); decorators, declaration and body are kept.
        if (code.firstLine > unit.startLine) omit(unit.startLine, code.firstLine - 1);
        flushOmitted('code');
        text = ensureNewline(code.text);
        fileParts.push(text);
      } else if (li.level === 'pruned' && li.prunedText !== undefined) {
        // A pruned body starts at the declaration: a doc above it is omitted, as for a mention.
        const first = unit.declaration?.startLine ?? unit.startLine;
        if (first > unit.startLine) omit(unit.startLine, first - 1);
        flushOmitted('code');
        text = ensureNewline(li.prunedText);
        fileParts.push(text);
      } else {
        flushOmitted('code');
        text = ensureNewline(li.level === 'skeleton' && unit.skeleton !== undefined ? unit.skeleton : unit.text);
        fileParts.push(text);
      }
      slots.push({
        path: rf.file.path,
        ...(rf.file.uri !== undefined ? { uri: rf.file.uri } : {}),
        startLine: unit.startLine,
        endLine: unit.endLine,
        kind: unit.kind,
        ...(unit.name !== undefined ? { name: unit.name } : {}),
        level: li.level === 'signature' && !decl ? 'omitted' : li.level,
        pinned: li.pinned,
        originalTokens: li.originalTokens,
        tokens: text === '' ? 0 : li.tokens,
        relevance: li.relevance,
        text,
        ...(li.entropy !== undefined ? { entropy: li.entropy } : {}),
        ...(li.entropyPercentile !== undefined ? { entropyPercentile: li.entropyPercentile } : {}),
        ...(li.dense ? { dense: true, denseReasons: li.denseReasons ?? [] } : {}),
      });
    });
    flushOmitted('end');
    fileParts.push(frame.fileFooter());
    if (anyKept) parts.push(...fileParts);
  });
  // With nothing kept there is no context at all, not even a preamble.
  return { text: parts.length > 1 ? parts.join('') : '', slots };
}
