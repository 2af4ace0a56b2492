import * as vscode from 'vscode';
import { sideGroup } from './resultDocument';

export const ANSWER_SCHEME = 'ccc-answer';

/**
 * Read-only Markdown documents whose text grows while an answer streams in. Updates are coalesced so a
 * fast stream does not re-render the editor on every token.
 */
export class AnswerDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    // An answer tab restored by a window reload: answers are not kept, say so instead of an empty page.
    return this.texts.get(uri.toString()) ?? '_This answer was not kept after the window was reloaded: run "Ask local LLM with compressed context" again._\n';
  }

  async open(title: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/${title}.md`, query: String(++this.counter) });
    this.texts.set(uri.toString(), text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: sideGroup() });
    return uri;
  }

  text(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  set(uri: vscode.Uri, text: string, immediate = false): void {
    const key = uri.toString();
    this.texts.set(key, text);
    if (immediate) {
      clearTimeout(this.pending.get(key));
      this.pending.delete(key);
      this.changed.fire(uri);
      return;
    }
    if (this.pending.has(key)) return;
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      this.changed.fire(uri);
    }, 50));
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.changed.dispose();
  }
}
