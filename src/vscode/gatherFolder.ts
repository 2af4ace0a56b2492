import * as path from 'node:path';
import * as vscode from 'vscode';
import { countOf, gatherFiles, type SourceFile } from '../engine';
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

/**
 * Scope "folder": the source files under the given files and folders (the explorer's selection), read with
 * the engine's gatherFiles (it honours .gitignore and skips binary and oversized files). The cursor's code is
 * pinned when its file is among them.
 */
export async function gatherFolder(req: RunRequest, maxFileBytes: number, signal: AbortSignal): Promise<EditorScope> {
  const local = req.resources.map((r) => vscode.Uri.parse(r)).filter((u) => u.scheme === 'file');
  const first = local[0];
  if (!first) return { files: [], pinned: [], code: '', warnings: [], description: 'no local folder' };
  const cwd = vscode.workspace.getWorkspaceFolder(first)?.uri.fsPath ?? path.dirname(first.fsPath);
  const exclude = vscode.workspace.getConfiguration('codeContextCompressor', first).get<string[]>('exclude', []);
  const gathered = await gatherFiles(local.map((u) => u.fsPath), { cwd, maxFileBytes, exclude, signal });
  // gatherFiles reports absolute paths; the panel needs URIs to reveal ranges.
  const files: SourceFile[] = gathered.files.map((f) => ({ ...f, uri: vscode.Uri.file(f.uri ?? path.resolve(cwd, f.path)).toString() }));
  const names = local.map((u) => vscode.workspace.asRelativePath(u, false)).join(', ');
  const focused = req.focus && files.some((f) => f.uri === req.focus?.uri) ? await documentAt(req.focus.uri, gathered.warnings) : undefined;
  return { files, ...cursorFocus(req.focus, focused, files), warnings: gathered.warnings, description: `${countOf(files.length, 'file')} under ${names}` };
}
