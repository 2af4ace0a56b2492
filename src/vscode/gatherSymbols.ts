import * as vscode from 'vscode';
import { countOf, type PinnedRegion, type SourceFile, type Warning } from '../engine';
import { displayPath, joinQuery, sourceOf, type EditorScope, type KeptRegion } from './gatherEditors';
import { qualifiedName, resolveRange, type SymbolCandidate, type UnitSource } from './symbols';

/**
 * Scope "symbols": the files that hold the chosen symbols, with each symbol's whole declaration pinned
 * verbatim; the symbols' code (and the question) is the query, so the rest of those files is ranked by it.
 */
export async function gatherSymbols(chosen: readonly SymbolCandidate[], maxFileBytes: number, question: string, units: UnitSource): Promise<EditorScope> {
  const warnings: Warning[] = [];
  const files: SourceFile[] = [];
  const pinned: PinnedRegion[] = [];
  const mustKeep: KeptRegion[] = [];
  const code: string[] = [];
  const docs = new Map<string, vscode.TextDocument>();
  for (const symbol of chosen) {
    const key = symbol.uri.toString();
    let doc = docs.get(key);
    if (!doc) {
      doc = await vscode.workspace.openTextDocument(symbol.uri);
      docs.set(key, doc);
      const file = sourceOf(doc, maxFileBytes, warnings);
      if (file) files.push(file);
    }
    if (!files.some((f) => f.uri === key)) continue;
    const range = await resolveRange(symbol, doc, units);
    const region = { path: displayPath(doc.uri), startLine: range.start.line + 1, endLine: range.end.line + 1 };
    pinned.push(region);
    mustKeep.push({ ...region, label: qualifiedName(symbol) });
    code.push(doc.getText(range));
  }
  const sources = [...new Set(chosen.map((s) => s.source))].join(', ');
  const names = chosen.map(qualifiedName).join(', ');
  return {
    files,
    pinned,
    query: joinQuery(question, code.join('\n\n')),
    warnings,
    mustKeep,
    description: `${countOf(chosen.length, 'symbol')} (${names}) from ${sources} in ${countOf(files.length, 'file')}`,
  };
}
