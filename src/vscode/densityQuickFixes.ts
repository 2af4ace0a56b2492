import * as vscode from 'vscode';
import { densityExcludeGlob } from '../engine';
import { DENSITY_SOURCE } from './densityDiagnostics';

/** The commands behind the quick fixes (contributed, but hidden from the palette: they need a file and a glob). */
const EXCLUDE_FILE = 'codeContextCompressor.quickFix.excludeFile';
const IGNORE_PATTERN = 'codeContextCompressor.quickFix.ignoreDensityPattern';

/** Appends a value to an array setting in the file's workspace folder settings (the workspace's when single-root). */
async function appendToSetting(uri: vscode.Uri, key: 'exclude' | 'densityWarnings.exclude', value: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('codeContextCompressor', uri);
  const inspected = config.inspect<unknown>(key);
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const current = multiRoot ? inspected?.workspaceFolderValue : inspected?.workspaceValue;
  const list = Array.isArray(current) ? current.filter((g): g is string => typeof g === 'string') : [];
  if (list.includes(value)) return;
  await config.update(key, [...list, value], multiRoot ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace);
}

/** The file's path relative to its workspace folder, with forward slashes; undefined outside any folder. */
function relativePathOf(uri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const rel = vscode.workspace.asRelativePath(uri, false);
  return rel === uri.fsPath ? undefined : rel.replace(/\\/g, '/');
}

/**
 * Quick fixes on dense-code entries: "Exclude this file from compression" (adds its path to
 * `codeContextCompressor.exclude`) and "Don't warn for files like this" (adds a glob such as `**\/*.min.js` to
 * `codeContextCompressor.densityWarnings.exclude`). Both write the workspace settings; the entries go at once.
 */
export class DensityQuickFixes implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  static register(): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new DensityQuickFixes(), { providedCodeActionKinds: DensityQuickFixes.providedCodeActionKinds }),
      vscode.commands.registerCommand(EXCLUDE_FILE, (uri: vscode.Uri, rel: string) => appendToSetting(uri, 'exclude', rel)),
      vscode.commands.registerCommand(IGNORE_PATTERN, (uri: vscode.Uri, glob: string) => appendToSetting(uri, 'densityWarnings.exclude', glob)),
    );
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DENSITY_SOURCE);
    const rel = relativePathOf(doc.uri);
    if (ours.length === 0 || rel === undefined) return [];
    const glob = densityExcludeGlob(rel);
    const exclude = new vscode.CodeAction('Exclude this file from compression', vscode.CodeActionKind.QuickFix);
    exclude.command = { title: exclude.title, command: EXCLUDE_FILE, arguments: [doc.uri, rel] };
    exclude.diagnostics = ours;
    const ignore = new vscode.CodeAction(glob === rel ? "Don't warn for this file" : `Don't warn for files like this (${glob})`, vscode.CodeActionKind.QuickFix);
    ignore.command = { title: ignore.title, command: IGNORE_PATTERN, arguments: [doc.uri, glob] };
    ignore.diagnostics = ours;
    ignore.isPreferred = true;
    return [ignore, exclude];
  }
}
