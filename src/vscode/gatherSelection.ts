import type { SourceFile, Warning } from '../engine';
import { displayPath, documentAt, isExcludedBySetting, type EditorScope } from './gatherEditors';
import { selectionOf, type RunRequest } from './runRequest';

/**
 * Scope "selection": the selected lines (whole lines) of the focused document. The engine parses the whole
 * file and compresses only the units in those lines (`SourceFile.range`), so every line number is the file's.
 */
export async function gatherSelection(req: RunRequest, maxFileBytes: number): Promise<EditorScope> {
  const warnings: Warning[] = [];
  const doc = req.focus ? await documentAt(req.focus.uri, warnings) : undefined;
  const sel = req.focus ? selectionOf(req.focus) : undefined;
  if (!doc || !sel || sel.isEmpty) return { files: [], pinned: [], code: '', warnings, description: 'no selection' };
  const start = doc.validatePosition(sel.start);
  const end = doc.validatePosition(sel.end);
  // A selection that ends at column 0 does not include that line (what line-wise selections look like).
  const lastLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  const path = displayPath(doc.uri);
  const description = `selection ${path} L${start.line + 1}-${lastLine + 1}`;
  if (isExcludedBySetting(doc.uri)) {
    warnings.push({ code: 'skipped-file', path, message: `Skipped the selection in ${path}: the file matches the setting codeContextCompressor.exclude.` });
    return { files: [], pinned: [], code: '', warnings, description };
  }
  const text = doc.getText();
  if (text.length > maxFileBytes) {
    warnings.push({ code: 'skipped-file', path, message: `Skipped the selection in ${path}: the file is over the ${Math.round(maxFileBytes / 1024)} KB limit (setting codeContextCompressor.maxFileSizeKB).` });
    return { files: [], pinned: [], code: '', warnings, description };
  }
  // The selected code is what is compressed, so it is not pinned (that would keep all of it); the question
  // alone is the query.
  const file: SourceFile = { path, text, uri: doc.uri.toString(), range: { startLine: start.line + 1, endLine: lastLine + 1 } };
  return { files: [file], pinned: [], code: '', warnings, description };
}
