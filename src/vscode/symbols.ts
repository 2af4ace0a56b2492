import * as vscode from 'vscode';
import { languageOfEditorId } from '../engine';
import type { Unit } from '../engine';
import { displayPath } from './gatherEditors';

/** Where a symbol came from: a language's own providers, or the engine's tree-sitter units as a fallback. */
export type SymbolSource = 'document-symbols' | 'workspace-symbols' | 'tree-sitter';

export interface SymbolCandidate {
  readonly name: string;
  /** The enclosing class or namespace, when there is one. */
  readonly container?: string;
  readonly kind: vscode.SymbolKind;
  readonly uri: vscode.Uri;
  /** The whole declaration (for workspace symbols, until resolved against the document's symbols). */
  readonly range: vscode.Range;
  readonly source: SymbolSource;
}

/** Kinds worth compressing around; fields and variables inside functions are noise in a picker. */
const PICKABLE = new Set([
  vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor, vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface, vscode.SymbolKind.Enum, vscode.SymbolKind.Struct, vscode.SymbolKind.Module,
  vscode.SymbolKind.Namespace, vscode.SymbolKind.TypeParameter, vscode.SymbolKind.Object,
]);
/** Top-level constants and variables are often functions (`export const f = () => …`). */
const PICKABLE_AT_TOP = new Set([vscode.SymbolKind.Constant, vscode.SymbolKind.Variable]);

/** Segments a text with the engine's tree-sitter units (the fallback when no symbol provider answers). */
export type UnitSource = (text: string, languageId: string, path: string) => Promise<readonly Unit[] | undefined>;

export function qualifiedName(s: Pick<SymbolCandidate, 'name' | 'container'>): string {
  return s.container ? `${s.container}.${s.name}` : s.name;
}

function flatten(symbols: readonly vscode.DocumentSymbol[], uri: vscode.Uri, container: string | undefined, depth: number, out: SymbolCandidate[]): void {
  for (const s of symbols) {
    if (PICKABLE.has(s.kind) || (depth === 0 && PICKABLE_AT_TOP.has(s.kind))) {
      out.push({ name: s.name, ...(container ? { container } : {}), kind: s.kind, uri, range: s.range, source: 'document-symbols' });
    }
    // Members of classes and namespaces, not the locals of functions.
    if (depth < 2 && s.children.length > 0 && s.kind !== vscode.SymbolKind.Function && s.kind !== vscode.SymbolKind.Method) {
      flatten(s.children, uri, s.name, depth + 1, out);
    }
  }
}

const unitKinds: Partial<Record<Unit['kind'], vscode.SymbolKind>> = {
  function: vscode.SymbolKind.Function,
  method: vscode.SymbolKind.Method,
  class: vscode.SymbolKind.Class,
  type: vscode.SymbolKind.Interface,
};

function fromUnits(units: readonly Unit[], doc: vscode.TextDocument): SymbolCandidate[] {
  const out: SymbolCandidate[] = [];
  let container: string | undefined;
  for (const u of units) {
    if (u.depth === 0) container = u.kind === 'class' ? u.name : undefined;
    const kind = unitKinds[u.kind];
    if (kind === undefined || !u.name) continue;
    const endLine = Math.min(u.endLine, doc.lineCount) - 1;
    const range = new vscode.Range(u.startLine - 1, 0, endLine, doc.lineAt(endLine).range.end.character);
    out.push({ name: u.name, ...(u.depth > 0 && container ? { container } : {}), kind, uri: doc.uri, range, source: 'tree-sitter' });
  }
  return out;
}

/** A document's symbols from its language's provider, else from tree-sitter when the engine knows the language. */
export async function documentSymbols(doc: vscode.TextDocument, units: UnitSource): Promise<SymbolCandidate[]> {
  const found = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', doc.uri);
  const out: SymbolCandidate[] = [];
  for (const s of found ?? []) {
    if ('children' in s) flatten([s], doc.uri, undefined, 0, out);
    else if (PICKABLE.has(s.kind)) out.push({ name: s.name, ...(s.containerName ? { container: s.containerName } : {}), kind: s.kind, uri: doc.uri, range: s.location.range, source: 'document-symbols' });
  }
  if (out.length > 0) return out;
  if (languageOfEditorId(doc.languageId, doc.uri.path) === 'text') return [];
  const segmented = await units(doc.getText(), doc.languageId, displayPath(doc.uri));
  return segmented ? fromUnits(segmented, doc) : [];
}

/** Symbols of the whole workspace matching `query` (providers usually need a non-empty query). */
export async function workspaceSymbols(query: string): Promise<SymbolCandidate[]> {
  const found = await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', query);
  return (found ?? [])
    .filter((s) => PICKABLE.has(s.kind) || PICKABLE_AT_TOP.has(s.kind))
    // TypeScript names functions "formatMoney()" here (not in document symbols): one name for both.
    .map((s) => ({ name: s.name.replace(/\(\)$/, ''), ...(s.containerName ? { container: s.containerName } : {}), kind: s.kind, uri: s.location.uri, range: s.location.range, source: 'workspace-symbols' as const }));
}

/**
 * A workspace symbol's location may be just its name; the document's own symbols give the whole declaration.
 * Falls back to the location's lines.
 */
export async function resolveRange(symbol: SymbolCandidate, doc: vscode.TextDocument, units: UnitSource): Promise<vscode.Range> {
  if (symbol.source !== 'workspace-symbols') return symbol.range;
  const inDoc = await documentSymbols(doc, units);
  const match = inDoc
    .filter((s) => s.name === symbol.name && s.range.contains(symbol.range.start))
    .sort((a, b) => a.range.end.line - a.range.start.line - (b.range.end.line - b.range.start.line))[0];
  return match?.range ?? symbol.range;
}

/** The symbols named in `names` ("name" or "Container.name"): open documents first, then the workspace provider. */
export async function findSymbolsByName(names: readonly string[], openDocs: readonly vscode.TextDocument[], units: UnitSource): Promise<{ found: SymbolCandidate[]; missing: string[] }> {
  const local: SymbolCandidate[] = [];
  for (const doc of openDocs) local.push(...(await documentSymbols(doc, units)));
  const found: SymbolCandidate[] = [];
  const missing: string[] = [];
  const matches = (s: SymbolCandidate, name: string): boolean => s.name === name || qualifiedName(s) === name;
  for (const name of names) {
    const short = name.split('.').pop() ?? name;
    const hit = local.find((s) => matches(s, name)) ?? (await workspaceSymbols(short)).find((s) => matches(s, name));
    if (hit) found.push(hit);
    else missing.push(name);
  }
  return { found, missing };
}
