import * as vscode from 'vscode';
import type { SourceFile, Warning } from '../engine';
import { displayPath, isExcludedBySetting, joinQuery, type EditorScope } from './gatherEditors';

/**
 * Scope "selection": only the selected lines (whole lines) of the active editor, compressed on their own.
 * Their slots and omission markers are shifted back to the file's own line numbers after the run.
 */
export function gatherSelection(maxFileBytes: number, question = ''): EditorScope {
  const warnings: Warning[] = [];
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return { files: [], pinned: [], query: undefined, warnings, description: 'no selection' };
  const { start, end } = editor.selection;
  // A selection that ends at column 0 does not include that line (what line-wise selections look like).
  const lastLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  const doc = editor.document;
  const text = doc.getText(new vscode.Range(start.line, 0, lastLine, doc.lineAt(lastLine).range.end.character)) + (lastLine < doc.lineCount - 1 ? '\n' : '');
  const path = displayPath(doc.uri);
  const lines = `L${start.line + 1}-${lastLine + 1}`;
  if (isExcludedBySetting(doc.uri)) {
    warnings.push({ code: 'skipped-file', path, message: `Skipped the selection in ${path}: the file matches the setting codeContextCompressor.exclude.` });
    return { files: [], pinned: [], query: undefined, warnings, description: `selection ${path} ${lines}` };
  }
  if (text.length > maxFileBytes) {
    warnings.push({ code: 'skipped-file', path, message: `Skipped the selection in ${path}: over the ${Math.round(maxFileBytes / 1024)} KB limit.` });
    return { files: [], pinned: [], query: undefined, warnings, description: `selection ${path} ${lines}` };
  }
  const file: SourceFile = { path, text, uri: doc.uri.toString() };
  // The selected code is what is compressed, so it is not pinned (that would keep all of it); the question
  // alone is the query.
  return { files: [file], pinned: [], query: joinQuery(question, ''), warnings, description: `selection ${path} ${lines}`, lineOffsets: new Map([[path, start.line]]) };
}
