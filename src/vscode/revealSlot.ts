import * as vscode from 'vscode';
import type { Slot } from '../engine';

/** A slot's lines as shown in the editor, for the host tests. */
export interface HighlightedLines {
  readonly uri: string;
  readonly startLine: number;
  readonly endLine: number;
}

/**
 * Shows a slot from the Diagnostics view in its file: scrolled into view and marked with a temporary
 * highlight. The selection is left alone and the focus stays in the view, so the user can walk the rows
 * with the arrow keys and no keystroke ever lands on (and replaces) a selected unit.
 */
export class SlotRevealer implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
    // High Contrast themes give the range highlight no background, only this border colour: a bar down the left.
    borderColor: new vscode.ThemeColor('editor.rangeHighlightBorder'),
    borderStyle: 'solid',
    borderWidth: '0 0 0 2px',
    overviewRulerColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private shown: { editor: vscode.TextEditor; lines: HighlightedLines } | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    // The highlight lasts until the user does something in that editor: moves the cursor or edits the file.
    this.subscriptions = [
      this.decoration,
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === this.shown?.editor && e.kind !== undefined) this.clear();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document === this.shown?.editor.document) this.clear();
      }),
    ];
  }

  /** The lines highlighted now, if any. */
  get highlighted(): HighlightedLines | undefined {
    return this.shown?.lines;
  }

  async reveal(slot: Slot): Promise<vscode.TextEditor | undefined> {
    if (!slot.uri) return undefined;
    const uri = vscode.Uri.parse(slot.uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const last = Math.max(0, Math.min(slot.endLine, doc.lineCount) - 1);
    const range = new vscode.Range(Math.min(slot.startLine - 1, last), 0, last, doc.lineAt(last).range.end.character);
    // Where the file is already visible, there; else the first group (the code's, beside any result editor).
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(doc, { preserveFocus: true, preview: true, viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.clear();
    editor.setDecorations(this.decoration, [range]);
    this.shown = { editor, lines: { uri: uri.toString(), startLine: range.start.line + 1, endLine: range.end.line + 1 } };
    return editor;
  }

  clear(): void {
    this.shown?.editor.setDecorations(this.decoration, []);
    this.shown = undefined;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
