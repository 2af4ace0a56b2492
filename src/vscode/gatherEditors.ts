import * as vscode from 'vscode';
import { countOf, excludeFilter, type PinnedRegion, type SourceFile, type Warning } from '../engine';
import { ANSWER_SCHEME } from './answerDocument';
import { RESULT_SCHEME } from './resultDocument';
import { selectionOf, type RunRequest, type StoredFocus } from './runRequest';

/** What one run compresses, whatever the scope: the files, what is pinned verbatim, and the code the query starts with. */
export interface EditorScope {
  readonly files: SourceFile[];
  readonly pinned: PinnedRegion[];
  /** The code at the cursor or the chosen symbols' code: the query, before the question ('' when none). */
  readonly code: string;
  readonly warnings: Warning[];
  /** In words, for the log and the tests: "3 open editors", "2 symbols (document symbols)". */
  readonly description: string;
}

/** Lines before the cursor taken as the query when nothing is selected: the code being written. */
const QUERY_LINES_BEFORE_CURSOR = 30;

/** The extension's own documents (the result, answers) and output channels: never code to compress. */
const NOT_CODE = new Set([RESULT_SCHEME, ANSWER_SCHEME, 'output']);

export function isCodeDocument(doc: vscode.TextDocument): boolean {
  return !NOT_CODE.has(doc.uri.scheme);
}

export function displayPath(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri, false);
}

/**
 * Whether a file matches a setting's globs (`.gitignore` syntax, relative to its workspace folder), by the same
 * matcher the CLI's --exclude uses. A file outside every workspace folder matches none.
 */
export function matchesGlobSetting(uri: vscode.Uri, setting: 'exclude' | 'densityWarnings.exclude'): boolean {
  if (!vscode.workspace.getWorkspaceFolder(uri)) return false;
  const globs = vscode.workspace.getConfiguration('codeContextCompressor', uri).get<unknown>(setting, []);
  const valid = Array.isArray(globs) ? globs.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  return valid.length > 0 && excludeFilter(valid)(vscode.workspace.asRelativePath(uri, false).replaceAll('\\', '/'));
}

/** Whether the setting codeContextCompressor.exclude leaves the file out of every scope. */
export function isExcludedBySetting(uri: vscode.Uri): boolean {
  return matchesGlobSetting(uri, 'exclude');
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

/**
 * A document by URI with its current text: an open document's (possibly unsaved) text, else read afresh; a
 * warning when it is gone (a closed untitled buffer, a deleted file).
 */
export async function documentAt(uri: string, warnings: Warning[]): Promise<vscode.TextDocument | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  if (open) return open;
  try {
    return await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  } catch (err) {
    const path = displayPath(vscode.Uri.parse(uri));
    warnings.push({ code: 'skipped-file', path, message: `Skipped ${path}: it can no longer be read (${err instanceof Error ? err.message : String(err)}).` });
    return undefined;
  }
}

/** The documents of all open editor tabs (text tabs of code only), `first` first, each once. */
export async function openDocuments(first?: vscode.Uri): Promise<vscode.TextDocument[]> {
  const uris: vscode.Uri[] = first ? [first] : [];
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputText) uris.push(tab.input.uri);
    }
  }
  const seen = new Set<string>();
  const docs: vscode.TextDocument[] = [];
  for (const uri of uris) {
    const key = uri.toString();
    if (seen.has(key) || NOT_CODE.has(uri.scheme)) continue;
    seen.add(key);
    const doc = await documentAt(key, []);
    if (doc) docs.push(doc);
  }
  return docs;
}

/** The code at the stored cursor (or selection), when its document is among the files: pinned verbatim, and the query's code. */
export function cursorFocus(focus: StoredFocus | undefined, doc: vscode.TextDocument | undefined, files: readonly SourceFile[]): { pinned: PinnedRegion[]; code: string } {
  if (!focus || !doc || !files.some((f) => f.uri === focus.uri)) return { pinned: [], code: '' };
  // The document may have changed since: positions past its end are clamped to it.
  const sel = selectionOf(focus);
  const start = doc.validatePosition(sel.start);
  const end = doc.validatePosition(sel.end);
  const active = doc.validatePosition(sel.active);
  const pinned = [{ path: displayPath(doc.uri), startLine: start.line + 1, endLine: end.line + 1 }];
  const code = start.isEqual(end)
    ? doc.getText(new vscode.Range(new vscode.Position(Math.max(0, active.line - QUERY_LINES_BEFORE_CURSOR), 0), active))
    : doc.getText(new vscode.Range(start, end));
  return { pinned, code };
}

/** Scope "open editors": the documents open when the request was made, the code at its cursor pinned. */
export async function gatherOpenEditors(req: RunRequest, maxFileBytes: number): Promise<EditorScope> {
  const warnings: Warning[] = [];
  const docs: vscode.TextDocument[] = [];
  for (const uri of req.documents) {
    const doc = await documentAt(uri, warnings);
    if (doc) docs.push(doc);
  }
  const files = docs.map((d) => sourceOf(d, maxFileBytes, warnings)).filter((f): f is SourceFile => f !== undefined);
  const focused = docs.find((d) => d.uri.toString() === req.focus?.uri);
  return { files, ...cursorFocus(req.focus, focused, files), warnings, description: countOf(files.length, 'open editor') };
}

/** Scope "current file": the focused document alone, the code at its cursor pinned. */
export async function gatherCurrentFile(req: RunRequest, maxFileBytes: number): Promise<EditorScope> {
  const warnings: Warning[] = [];
  const doc = req.focus ? await documentAt(req.focus.uri, warnings) : undefined;
  const file = doc ? sourceOf(doc, maxFileBytes, warnings) : undefined;
  const files = file ? [file] : [];
  return { files, ...cursorFocus(req.focus, doc, files), warnings, description: file ? `current file ${file.path}` : 'no current file' };
}
