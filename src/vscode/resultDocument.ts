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
  // The group showing the result itself first, then one showing an answer.
  const withResult = vscode.window.tabGroups.all.find((g) => g.tabs.some(isResult));
  return (withResult ?? vscode.window.tabGroups.all.find((g) => g.tabs.some(isOurs)))?.viewColumn ?? vscode.ViewColumn.Beside;
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

  /**
   * After a window reload: VS Code does not bring a virtual document's tab back (it leaves its group empty, or
   * removes the group). When the result was open at the end of the last session, it is shown again: in that
   * empty group, else beside the code, without the focus. An empty group that only held answers (not kept across
   * reloads) is closed. Then keeps `state` told whether the result is open, and in which column.
   */
  async restore(state: vscode.Memento): Promise<vscode.Disposable> {
    const wasOpen = state.get<boolean>(RESULT_OPEN_KEY, false);
    const ours = state.get<boolean>(SIDE_GROUP_KEY, false);
    const sideColumn = state.get<number>(SIDE_COLUMN_KEY);
    const group = emptyGroups().at(-1);
    if (wasOpen && this.text !== undefined && !isOpen()) {
      const doc = await vscode.workspace.openTextDocument(RESULT_URI);
      await vscode.window.showTextDocument(doc, { viewColumn: group?.viewColumn ?? vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    } else if (group && ours && !isOpen()) {
      await vscode.window.tabGroups.close(group);
    }
    const record = (): void => {
      void state.update(RESULT_OPEN_KEY, isOpen());
      const side = vscode.window.tabGroups.all.find((g) => g.tabs.some(isOurs));
      void state.update(SIDE_GROUP_KEY, side !== undefined);
      void state.update(SIDE_COLUMN_KEY, side?.viewColumn);
    };
    record();
    return vscode.Disposable.from(vscode.window.tabGroups.onDidChangeTabs(record), closeLeftoverSideGroup(sideColumn));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const RESULT_OPEN_KEY = 'codeContextCompressor.resultEditorOpen';
const SIDE_GROUP_KEY = 'codeContextCompressor.sideGroupOpen';
const SIDE_COLUMN_KEY = 'codeContextCompressor.sideGroupColumn';

/** How long after activation the editor layout may still be settling from the reload. */
const SETTLE_MS = 20_000;

function isOurs(t: vscode.Tab): boolean {
  return t.input instanceof vscode.TabInputText && OUR_SCHEMES.has(t.input.uri.scheme);
}

function isResult(t: vscode.Tab): boolean {
  return t.input instanceof vscode.TabInputText && t.input.uri.toString() === RESULT_URI.toString();
}

function isOpen(): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some(isResult));
}

/** Empty editor groups, when there is more than one group (the last group is never "left over"). */
function emptyGroups(): vscode.TabGroup[] {
  const all = vscode.window.tabGroups.all;
  return all.length > 1 ? all.filter((g) => g.tabs.length === 0) : [];
}

/**
 * While the layout settles after a reload, VS Code may give up on the side group's restored tab only after the
 * result has been shown again in another group (seen once in CI on a loaded machine), leaving the old side group
 * empty. So for a short while: when the result is open, an empty group in the column our side group had is
 * closed. Other empty groups are the user's and stay.
 */
function closeLeftoverSideGroup(sideColumn: number | undefined): vscode.Disposable {
  if (sideColumn === undefined) return new vscode.Disposable(() => undefined);
  const tidy = (): void => {
    if (!isOpen()) return;
    const leftover = emptyGroups().find((g) => g.viewColumn === sideColumn && !g.tabs.some(isResult));
    if (leftover) void vscode.window.tabGroups.close(leftover);
  };
  const listener = vscode.window.tabGroups.onDidChangeTabGroups(tidy);
  const tabs = vscode.window.tabGroups.onDidChangeTabs(tidy);
  tidy();
  const timer = setTimeout(() => {
    listener.dispose();
    tabs.dispose();
  }, SETTLE_MS);
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    listener.dispose();
    tabs.dispose();
  });
}
