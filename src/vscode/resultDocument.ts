import * as vscode from 'vscode';

export const RESULT_SCHEME = 'ccc-context';

/**
 * Serves compressed contexts as read-only documents: a content provider's documents cannot be edited, and
 * closing them never asks to save.
 */
export class ResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async open(text: string, title: string): Promise<vscode.TextEditor> {
    this.counter++;
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${title}`, query: String(this.counter) });
    this.contents.set(uri.toString(), text);
    // Keep only the latest few results in memory.
    while (this.contents.size > 5) {
      const oldest = this.contents.keys().next();
      if (oldest.done) break;
      this.contents.delete(oldest.value);
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
