import * as vscode from 'vscode';

export const RESULT_SCHEME = 'ccc-context';

/** The answer documents' scheme (answerDocument.ts); both open in the same side group. */
const OUR_SCHEMES = new Set([RESULT_SCHEME, 'ccc-answer']);

/** The one result document of a window: every run updates it in place, so there is never a second tab. */
export const RESULT_URI = vscode.Uri.from({ scheme: RESULT_SCHEME, path: '/Compressed context.txt' });

/** What a reloaded window shows before (or without) a run: never an error editor. */
const NO_RESULT = 'No compressed context yet: run "Compress context" (Ctrl+Shift+P, then "compress").\n';

/**
 * Where the extension's documents (the result, answers) open: the group already showing one of them, else
 * beside the code (a new group only the first time).
 */
export function sideGroup(): vscode.ViewColumn {
  const ours = (t: vscode.Tab): boolean => t.input instanceof vscode.TabInputText && OUR_SCHEMES.has(t.input.uri.scheme);
  // The group showing the result itself first, then one showing an answer.
  const withResult = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === RESULT_URI.toString()));
  return (withResult ?? vscode.window.tabGroups.all.find((g) => g.tabs.some(ours)))?.viewColumn ?? vscode.ViewColumn.Beside;
}

export interface ShowOptions {
  /** Move the focus into the result editor (default: the focus stays in the code). */
  readonly focus?: boolean;
}

/**
 * The result editor: a read-only virtual document with a fixed URI, served from memory (restored from the
 * workspace state after a reload) and updated through onDidChange. It opens once beside the code and stays in
 * that group; later runs only change its text.
 */
export class ResultEditor implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private text: string | undefined) {}

  provideTextDocumentContent(): string {
    return this.text ?? NO_RESULT;
  }

  /** Sets the text; the document (open or not) shows it from now on. */
  set(text: string): void {
    this.text = text;
    this.changed.fire(RESULT_URI);
  }

  /** Shows the result: in the group it is already in, else beside the code; the focus stays unless asked for. */
  async show(text: string, options: ShowOptions = {}): Promise<vscode.TextEditor> {
    this.set(text);
    const doc = await vscode.workspace.openTextDocument(RESULT_URI);
    return vscode.window.showTextDocument(doc, { viewColumn: sideGroup(), preserveFocus: options.focus !== true, preview: false });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
