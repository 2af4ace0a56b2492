import * as vscode from 'vscode';
import { countOf, excludeFilter, type PinnedRegion, type SourceFile, type Warning } from '../engine';
import { RESULT_SCHEME } from './resultDocument';

/** What one run compresses, whatever the scope: the files, what is pinned verbatim, and the query. */
export interface EditorScope {
  readonly files: SourceFile[];
  readonly pinned: PinnedRegion[];
  readonly query: string | undefined;
  readonly warnings: Warning[];
  /** In words, for the log and the tests: "3 open editors", "2 symbols (document symbols)". */
  readonly description: string;
  /** Files given from a later line than 1 (the selection): their slots' lines are shifted back by this much. */
  readonly lineOffsets?: ReadonlyMap<string, number>;
  /** Code the user asked to keep (the chosen symbols): checked after the run, and reported when it was not kept. */
  readonly mustKeep?: readonly KeptRegion[];
}

export interface KeptRegion {
  readonly label: string;
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
}

/** Lines before the cursor taken as the query when nothing is selected: the code being written. */
const QUERY_LINES_BEFORE_CURSOR = 30;

export function displayPath(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri, false);
}

/** Whether the setting codeContextCompressor.exclude (gitignore-style globs, relative to the document's workspace folder) leaves it out. */
export function isExcludedBySetting(uri: vscode.Uri): boolean {
  const globs = vscode.workspace.getConfiguration('codeContextCompressor', uri).get<string[]>('exclude', []);
  return globs.length > 0 && excludeFilter(globs)(vscode.workspace.asRelativePath(uri, false).replaceAll('\\', '/'));
}

/** A document's text as an engine file, or a warning when it is excluded or over the size limit. */
export function sourceOf(doc: vscode.TextDocument, maxFileBytes: number, warnings: Warning[]): SourceFile | undefined {
  const path = displayPath(doc.uri);
  if (isExcludedBySetting(doc.uri)) {
    warnings.push({ code: 'skipped-file', path, message: `Skipped ${path}: it matches the setting codeContextCompressor.exclude.` });
    return undefined;
  }
  const text = doc.getText();
  if (text.length > maxFileBytes) {
    warnings.push({ code: 'skipped-file', path, message: `Skipped ${path}: ${Math.round(text.length / 1024)} KB is over the ${Math.round(maxFileBytes / 1024)} KB limit (setting codeContextCompressor.maxFileSizeKB).` });
    return undefined;
  }
  return { path, text, uri: doc.uri.toString() };
}

/** The documents of all open editor tabs (text tabs only), the active one first, each once. */
export async function openDocuments(): Promise<vscode.TextDocument[]> {
  const uris: vscode.Uri[] = [];
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active) uris.push(active);
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputText) uris.push(tab.input.uri);
    }
  }
  const seen = new Set<string>();
  const docs: vscode.TextDocument[] = [];
  for (const uri of uris) {
    const key = uri.toString();
    if (seen.has(key) || uri.scheme === RESULT_SCHEME || uri.scheme === 'output') continue;
    seen.add(key);
    // Open documents give their current (possibly unsaved) text; openTextDocument is a no-op for them.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key) ?? (await vscode.workspace.openTextDocument(uri).then((d) => d, () => undefined));
    if (doc) docs.push(doc);
  }
  return docs;
}

/** The code at the cursor (or the selection): pinned verbatim, and the query, followed by the question. */
export function cursorFocus(editor: vscode.TextEditor | undefined, files: readonly SourceFile[], question: string): { pinned: PinnedRegion[]; query: string | undefined } {
  if (!editor || !files.some((f) => f.uri === editor.document.uri.toString())) return { pinned: [], query: question || undefined };
  const sel = editor.selection;
  const pinned = [{ path: displayPath(editor.document.uri), startLine: sel.start.line + 1, endLine: sel.end.line + 1 }];
  const code = sel.isEmpty
    ? editor.document.getText(new vscode.Range(new vscode.Position(Math.max(0, sel.active.line - QUERY_LINES_BEFORE_CURSOR), 0), sel.active))
    : editor.document.getText(sel);
  return { pinned, query: joinQuery(question, code) };
}

/**
 * The code, then the question: relevance weighs a query's words by nearness to its end (where the cursor is), and
 * the question is what the user asked for, so it goes last, right after the code before the cursor.
 */
export function joinQuery(question: string, code: string): string | undefined {
  const parts = [code, question.trim()].filter((p) => p.trim().length > 0);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/** Scope "open editors": every open text tab, the code at the cursor pinned. */
export async function gatherOpenEditors(maxFileBytes: number, question = ''): Promise<EditorScope> {
  const warnings: Warning[] = [];
  const files = (await openDocuments()).map((d) => sourceOf(d, maxFileBytes, warnings)).filter((f): f is SourceFile => f !== undefined);
  return { files, ...cursorFocus(vscode.window.activeTextEditor, files, question), warnings, description: countOf(files.length, 'open editor') };
}

/** Scope "current file": the active editor's document alone, the code at the cursor pinned. */
export function gatherCurrentFile(maxFileBytes: number, question = ''): EditorScope {
  const warnings: Warning[] = [];
  const editor = vscode.window.activeTextEditor;
  const file = editor ? sourceOf(editor.document, maxFileBytes, warnings) : undefined;
  const files = file ? [file] : [];
  return { files, ...cursorFocus(editor, files, question), warnings, description: file ? `current file ${file.path}` : 'no active editor' };
}
