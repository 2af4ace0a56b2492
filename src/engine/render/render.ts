import type { Level, Slot, SourceFile, Unit } from '../types';
import type { ContextFrame } from './format';
import { omissionMarker } from './format';

export interface RenderFile {
  readonly file: SourceFile;
  readonly language: string;
  readonly lineComment: string;
  readonly units: readonly Unit[];
}

export interface RenderUnitInfo {
  readonly level: Level;
  readonly pinned: boolean;
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

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function indentOf(text: string): string {
  return /^[ \t]*/.exec(text)?.[0] ?? '';
}

/**
 * Renders kept units in file order, each file under its header, with one marker per run of omitted lines
 * so that original line numbers stay recoverable. Files with nothing kept are left out entirely.
 */
export function render(files: readonly RenderFile[], info: (fileIndex: number, unitIndex: number) => RenderUnitInfo, frame: ContextFrame, repoName: string): Rendered {
  const parts: string[] = [frame.preamble(repoName)];
  const slots: Slot[] = [];
  files.forEach((rf, fi) => {
    const levels = rf.units.map((_, ui) => info(fi, ui));
    const anyKept = levels.some((l) => l.level !== 'omitted');
    const fileParts: string[] = [frame.fileHeader(rf.file.path, rf.language)];
    let omittedFrom: Unit | undefined;
    let omittedTo: Unit | undefined;
    const flushOmitted = (): void => {
      if (omittedFrom && omittedTo) fileParts.push(omissionMarker(rf.lineComment, indentOf(omittedFrom.text), omittedFrom.startLine, omittedTo.endLine));
      omittedFrom = omittedTo = undefined;
    };
    rf.units.forEach((unit, ui) => {
      const li = levels[ui];
      if (!li) return;
      let text = '';
      if (li.level === 'omitted') {
        omittedFrom ??= unit;
        omittedTo = unit;
      } else {
        flushOmitted();
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
        level: li.level,
        pinned: li.pinned,
        originalTokens: li.originalTokens,
        tokens: li.level === 'omitted' ? 0 : li.tokens,
        relevance: li.relevance,
        text,
        ...(li.entropy !== undefined ? { entropy: li.entropy } : {}),
        ...(li.entropyPercentile !== undefined ? { entropyPercentile: li.entropyPercentile } : {}),
        ...(li.dense ? { dense: true, denseReasons: li.denseReasons ?? [] } : {}),
      });
    });
    flushOmitted();
    fileParts.push(frame.fileFooter());
    if (anyKept) parts.push(...fileParts);
  });
  // With nothing kept there is no context at all, not even a preamble.
  return { text: parts.length > 1 ? parts.join('') : '', slots };
}
