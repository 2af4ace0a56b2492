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
  /** What the last restore() keeps running: recording the layout, tidying it while it settles. */
  private tracking: vscode.Disposable | undefined;

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
   * reloads) is closed. Then keeps `state` told whether the result (or an answer) is open, and tidies the layout
   * while it settles (closeLeftoverGroups). A second call replaces the first one's tracking.
   */
  async restore(state: vscode.Memento, settleMs = SETTLE_MS): Promise<vscode.Disposable> {
    this.tracking?.dispose();
    const wasOpen = state.get<boolean>(RESULT_OPEN_KEY, false);
    const ours = state.get<boolean>(SIDE_GROUP_KEY, false);
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
    };
    record();
    this.tracking = vscode.Disposable.from(vscode.window.tabGroups.onDidChangeTabs(record), closeLeftoverGroups(settleMs));
    return this.tracking;
  }

  dispose(): void {
    this.tracking?.dispose();
    this.changed.dispose();
  }
}

const RESULT_OPEN_KEY = 'codeContextCompressor.resultEditorOpen';
const SIDE_GROUP_KEY = 'codeContextCompressor.sideGroupOpen';

/**
 * How long the editor layout must stay unchanged before it counts as settled from the reload. VS Code restores
 * groups, and gives up on tabs it cannot restore, in any order and, on a loaded machine, many seconds apart.
 */
const SETTLE_MS = 20_000;
/** The layout counts as settled this long after the restore at the latest, whatever still changes. */
const SETTLE_CAP_MS = 60_000;
/** How long a layout change must rest before the tidy looks at it. */
const TIDY_DELAY_MS = 300;

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
 * While the layout settles after a reload, VS Code may leave an empty group behind after the result has been
 * shown again in another one: the side group whose tab it gave up on, restored before or after ours, in any
 * column (seen in CI on a loaded machine, never here). So until the layout has not changed for `settleMs`
 * (capped at SETTLE_CAP_MS): while the result is open, every empty group but the active one is closed. The
 * user's own empty group stays: one made with "New Editor Group" is the active one, and after the layout has
 * settled nothing is closed.
 */
function closeLeftoverGroups(settleMs: number): vscode.Disposable {
  const tidy = (): void => {
    if (!isOpen()) return;
    const leftovers = emptyGroups().filter((g) => !g.isActive);
    if (leftovers.length > 0) void vscode.window.tabGroups.close(leftovers);
  };
  let pending: NodeJS.Timeout | undefined;
  let quiet: NodeJS.Timeout | undefined;
  const stop = (): void => {
    for (const t of [pending, quiet, cap]) clearTimeout(t);
    for (const d of listeners) d.dispose();
  };
  const changed = (): void => {
    // After a short pause: VS Code reports a new group before it makes it the active one.
    clearTimeout(pending);
    pending = setTimeout(tidy, TIDY_DELAY_MS);
    clearTimeout(quiet);
    quiet = setTimeout(stop, settleMs);
  };
  const listeners = [vscode.window.tabGroups.onDidChangeTabGroups(changed), vscode.window.tabGroups.onDidChangeTabs(changed)];
  const cap = setTimeout(stop, Math.max(settleMs, SETTLE_CAP_MS));
  changed();
  return new vscode.Disposable(stop);
}
