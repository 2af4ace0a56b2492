import * as vscode from 'vscode';
import type { ScopeKind } from './compressArgs';
import type { SymbolCandidate, SymbolSource } from './symbols';

/** A cursor or selection as it was when the request was made: a document and its anchor and active positions. */
export interface StoredFocus {
  readonly uri: string;
  /** [line, character], 0-based as in the editor. */
  readonly anchor: readonly [number, number];
  readonly active: readonly [number, number];
}

/** A chosen symbol, as plain data (a request is kept in the workspace state across reloads). */
export interface StoredSymbol {
  readonly name: string;
  readonly container?: string;
  readonly kind: number;
  readonly uri: string;
  /** [startLine, startCharacter, endLine, endCharacter], 0-based. */
  readonly range: readonly [number, number, number, number];
  readonly source: SymbolSource;
}

/**
 * One run, complete: everything a person may have been asked for, and what it was gathered against (the
 * documents, the cursor or selection), so that "Re-run" repeats exactly this request, reading the texts afresh,
 * whatever editor is active by then. Plain data, so it survives a reload in the workspace state.
 */
export interface RunRequest {
  readonly scope: ScopeKind;
  readonly question: string;
  readonly budget: number;
  /** The code editor's cursor or selection (pinned, and the query's code); absent when there was none. */
  readonly focus?: StoredFocus;
  /** `openEditors`: the documents, as URIs, the focused one first. */
  readonly documents: readonly string[];
  /** `folder`: the files and folders, as URIs. */
  readonly resources: readonly string[];
  /** `symbols`: the chosen symbols. */
  readonly symbols: readonly StoredSymbol[];
}

export function storeFocus(editor: vscode.TextEditor): StoredFocus {
  const { anchor, active } = editor.selection;
  return { uri: editor.document.uri.toString(), anchor: [anchor.line, anchor.character], active: [active.line, active.character] };
}

export function selectionOf(focus: StoredFocus): vscode.Selection {
  return new vscode.Selection(focus.anchor[0], focus.anchor[1], focus.active[0], focus.active[1]);
}

export function storeSymbol(s: SymbolCandidate): StoredSymbol {
  const r = s.range;
  return { name: s.name, ...(s.container !== undefined ? { container: s.container } : {}), kind: s.kind, uri: s.uri.toString(), range: [r.start.line, r.start.character, r.end.line, r.end.character], source: s.source };
}

export function symbolOf(s: StoredSymbol): SymbolCandidate {
  return {
    name: s.name,
    ...(s.container !== undefined ? { container: s.container } : {}),
    kind: s.kind as vscode.SymbolKind,
    uri: vscode.Uri.parse(s.uri),
    range: new vscode.Range(s.range[0], s.range[1], s.range[2], s.range[3]),
    source: s.source,
  };
}

/** A request read back from the workspace state, checked: an older extension may have stored another shape. */
export function isRunRequest(value: unknown): value is RunRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof RunRequest, unknown>>;
  return typeof v.scope === 'string' && typeof v.question === 'string' && typeof v.budget === 'number' && Array.isArray(v.documents) && Array.isArray(v.resources) && Array.isArray(v.symbols);
}
