// Files the density host tests write into the fixture workspace at test time (and delete after).
import * as vscode from 'vscode';
import { workspaceUri } from './helpers';

/** One line of minified JavaScript, as bundlers write it: no spaces, a few KB. */
export function minifiedJs(): string {
  const piece = (i: number): string =>
    `function n${i}(e,t){var r=e.length,o=t|0;for(var i=0;i<r;i++)o=(o<<5)-o+e.charCodeAt(i)|0;return o>>>0}` +
    `var a${i}={get:function(e){return this.m[e]},set:function(e,t){this.m[e]=t;return this}};`;
  return `!function(){"use strict";${Array.from({ length: 30 }, (_, i) => piece(i)).join('')}}();\n`;
}

export async function writeWorkspaceFile(rel: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri(rel);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export async function deleteWorkspaceFolder(rel: string): Promise<void> {
  try {
    await vscode.workspace.fs.delete(workspaceUri(rel), { recursive: true });
  } catch {
    // already gone
  }
}

/** Our Problems entries on a document. */
export function densityEntries(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Code Context Compressor');
}
