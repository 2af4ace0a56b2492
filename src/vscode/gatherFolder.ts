import * as path from 'node:path';
import * as vscode from 'vscode';
import { countOf, gatherFiles, ReadCache, type SourceFile, type Warning } from '../engine';
import { cursorFocus, documentAt, type EditorScope } from './gatherEditors';
import type { RunRequest } from './runRequest';

/** Asks for a folder, starting in the first workspace folder. */
export async function pickFolder(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Compress this folder',
    title: 'Compress context: folder',
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0];
}

/** A folder scope's files as they are now: read from disk, but an open editor's text in place of its file's. */
export interface FolderFiles {
  readonly files: SourceFile[];
  readonly warnings: Warning[];
}

/**
 * Files read by earlier compressions and background index jobs in this window: an unchanged file is not read
 * again (its stat is checked), and it comes back as the very string it was, which the engine's hash memo and
 * index then find at once.
 */
const folderReads = new ReadCache();

/**
 * The source files under the given files and folders, read with the engine's gatherFiles (it honours .gitignore
 * and `exclude`, and skips binary and oversized files), each with its open editor's text when it has one: what
 * the user sees is what is compressed (and indexed). Local files only.
 */
export async function readFolderFiles(local: readonly vscode.Uri[], maxFileBytes: number, signal: AbortSignal): Promise<FolderFiles> {
  const first = local[0];
  if (!first) return { files: [], warnings: [] };
  const cwd = vscode.workspace.getWorkspaceFolder(first)?.uri.fsPath ?? path.dirname(first.fsPath);
  const exclude = vscode.workspace.getConfiguration('codeContextCompressor', first).get<string[]>('exclude', []);
  const gathered = await gatherFiles(local.map((u) => u.fsPath), { cwd, maxFileBytes, exclude, signal, cache: folderReads });
  const open = openDocuments();
  const files: SourceFile[] = [];
  for (const f of gathered.files) {
    // gatherFiles reports absolute paths; the panel needs URIs to reveal ranges.
    const uri = vscode.Uri.file(f.uri ?? path.resolve(cwd, f.path)).toString();
    const doc = open.get(uri);
    const file = doc ? bufferText(doc, f.path, maxFileBytes, gathered.warnings) : { ...f, uri };
    if (file) files.push(file);
  }
  return { files, warnings: gathered.warnings };
}

/**
 * Open documents by URI, saved or not: their text is what the user sees, and a compression reads it rather than the
 * file. Not only unsaved ones: while VS Code saves a document (auto-save), it reports the document clean before the
 * file on disk has the new text, and a request read in that moment compressed the file as it was before the edit
 * (seen in the VS Code benchmark, whose edits auto-save a second later).
 */
export function openDocuments(): Map<string, vscode.TextDocument> {
  return new Map(vscode.workspace.textDocuments.filter((d) => !d.isClosed).map((d) => [d.uri.toString(), d]));
}

/** A file from its editor's buffer, under the same size limit as a file read from disk. */
export function bufferText(doc: vscode.TextDocument, shownPath: string, maxFileBytes: number, warnings: Warning[]): SourceFile | undefined {
  const text = doc.getText();
  if (Buffer.byteLength(text, 'utf8') > maxFileBytes) {
    warnings.push({ code: 'skipped-file', path: shownPath, message: `Skipped ${shownPath}: its text in the editor is over the ${Math.round(maxFileBytes / 1024)} KB limit (setting codeContextCompressor.maxFileSizeKB).` });
    return undefined;
  }
  return { path: shownPath, text, uri: doc.uri.toString() };
}

/**
 * Scope "folder": the source files under the given files and folders (the explorer's selection), open editors'
 * text in place of their files' (readFolderFiles). The cursor's code is pinned when its file is among them.
 */
export async function gatherFolder(req: RunRequest, maxFileBytes: number, signal: AbortSignal): Promise<EditorScope> {
  const local = req.resources.map((r) => vscode.Uri.parse(r)).filter((u) => u.scheme === 'file');
  if (local.length === 0) return { files: [], pinned: [], code: '', warnings: [], description: 'no local folder' };
  const { files, warnings } = await readFolderFiles(local, maxFileBytes, signal);
  const names = local.map((u) => vscode.workspace.asRelativePath(u, false)).join(', ');
  const focused = req.focus && files.some((f) => f.uri === req.focus?.uri) ? await documentAt(req.focus.uri, warnings) : undefined;
  return { files, ...cursorFocus(req.focus, focused, files), warnings, description: `${countOf(files.length, 'file')} under ${names}` };
}
