import * as vscode from 'vscode';
import type { PinnedRegion, SourceFile, Warning } from '../engine';
import { RESULT_SCHEME } from './resultDocument';

export interface EditorScope {
  readonly files: SourceFile[];
  readonly pinned: PinnedRegion[];
  readonly query: string | undefined;
  readonly warnings: Warning[];
}

/** Lines before the cursor taken as the query when nothing is selected: the code being written. */
const QUERY_LINES_BEFORE_CURSOR = 30;

function displayPath(doc: vscode.TextDocument): string {
  return doc.uri.scheme === 'untitled' ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false);
}

/** The documents of all open editor tabs (text tabs only), the active one first, each once. */
async function openDocuments(): Promise<vscode.TextDocument[]> {
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

/**
 * What "Compress context" works on: the open editors, the code at the cursor (or the selection) pinned
 * verbatim, and that code as the query.
 */
export async function gatherOpenEditors(maxFileBytes: number): Promise<EditorScope> {
  const warnings: Warning[] = [];
  const files: SourceFile[] = [];
  for (const doc of await openDocuments()) {
    const text = doc.getText();
    const path = displayPath(doc);
    if (text.length > maxFileBytes) {
      warnings.push({ code: 'skipped-file', path, message: `Skipped ${path}: ${Math.round(text.length / 1024)} KB is over the ${Math.round(maxFileBytes / 1024)} KB limit (setting codeContextCompressor.maxFileSizeKB).` });
      continue;
    }
    files.push({ path, text, uri: doc.uri.toString() });
  }
  const pinned: PinnedRegion[] = [];
  let query: string | undefined;
  const editor = vscode.window.activeTextEditor;
  if (editor && files.some((f) => f.uri === editor.document.uri.toString())) {
    const sel = editor.selection;
    const path = displayPath(editor.document);
    pinned.push({ path, startLine: sel.start.line + 1, endLine: sel.end.line + 1 });
    if (!sel.isEmpty) {
      query = editor.document.getText(sel);
    } else {
      const from = new vscode.Position(Math.max(0, sel.active.line - QUERY_LINES_BEFORE_CURSOR), 0);
      query = editor.document.getText(new vscode.Range(from, sel.active));
    }
  }
  return { files, pinned, query, warnings };
}
