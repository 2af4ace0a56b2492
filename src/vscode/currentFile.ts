import * as vscode from 'vscode';
import { decodeSource, type SourceFile, type Warning } from '../engine';
import { displayPath, isExcludedBySetting } from './gatherEditors';
import { bufferText, openDocuments } from './gatherFolder';

/**
 * Files as a compression would read them now: an open editor's text, else the file on disk; left out (with
 * no warning: nothing is being compressed) when excluded, over the size limit, binary, or gone.
 */
export async function currentFiles(uris: readonly vscode.Uri[], maxFileBytes: number): Promise<SourceFile[]> {
  const open = openDocuments();
  const ignored: Warning[] = [];
  const files: SourceFile[] = [];
  for (const uri of uris) {
    if (isExcludedBySetting(uri)) continue;
    const shown = displayPath(uri);
    const doc = open.get(uri.toString());
    if (doc) {
      const file = bufferText(doc, shown, maxFileBytes, ignored);
      if (file) files.push(file);
      continue;
    }
    if (uri.scheme !== 'file') continue;
    const bytes = await vscode.workspace.fs.readFile(uri).then(
      (b) => b,
      () => undefined,
    );
    if (!bytes || bytes.length > maxFileBytes) continue;
    const decoded = decodeSource(shown, bytes);
    if (decoded.ok) files.push({ path: shown, text: decoded.text, uri: uri.toString() });
  }
  return files;
}
