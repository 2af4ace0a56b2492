import type * as vscode from 'vscode';
import { countOf, type PinnedRegion, type SourceFile, type Warning } from '../engine';
import { displayPath, documentAt, sourceOf, type EditorScope } from './gatherEditors';
import { symbolOf, type RunRequest } from './runRequest';
import { qualifiedName, resolveRange, type UnitSource } from './symbols';

/**
 * Scope "symbols": the files that hold the chosen symbols, with each symbol's whole declaration pinned
 * verbatim (the engine warns, naming it, when one cannot be kept); the symbols' code (and the question) is the
 * query, so the rest of those files is ranked by it.
 */
export async function gatherSymbols(req: RunRequest, maxFileBytes: number, units: UnitSource): Promise<EditorScope> {
  const warnings: Warning[] = [];
  const files: SourceFile[] = [];
  const pinned: PinnedRegion[] = [];
  const code: string[] = [];
  const docs = new Map<string, vscode.TextDocument | undefined>();
  const chosen = req.symbols.map(symbolOf);
  for (const symbol of chosen) {
    const key = symbol.uri.toString();
    if (!docs.has(key)) {
      const doc = await documentAt(key, warnings);
      docs.set(key, doc);
      const file = doc ? sourceOf(doc, maxFileBytes, warnings) : undefined;
      if (file) files.push(file);
    }
    const doc = docs.get(key);
    if (!doc || !files.some((f) => f.uri === key)) continue;
    const range = doc.validateRange(await resolveRange(symbol, doc, units));
    pinned.push({ path: displayPath(doc.uri), startLine: range.start.line + 1, endLine: range.end.line + 1, label: `chosen symbol ${qualifiedName(symbol)}` });
    code.push(doc.getText(range));
  }
  const sources = [...new Set(chosen.map((s) => s.source))].join(', ');
  const names = chosen.map(qualifiedName).join(', ');
  return {
    files,
    pinned,
    code: code.join('\n\n'),
    warnings,
    description: `${countOf(chosen.length, 'symbol')} (${names}) from ${sources} in ${countOf(files.length, 'file')}`,
  };
}
