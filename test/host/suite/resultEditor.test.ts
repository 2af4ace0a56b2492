// Host test: the one result editor of a window: runs update it in place, in one group beside the code, without
// taking the focus unless asked; "Open as document" never makes a second tab; its title bar carries Copy, Ask
// and Re-run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, EXTENSION_ID, open, settings, waitFor, type ResultLike, type TestApi } from './helpers';

const SCHEME = 'ccc-context';
/** The restore's settle time in these tests: short, so that "after the layout settled" comes soon. */
const SETTLE_MS = 500;

const layout = (): string => vscode.window.tabGroups.all.map((g) => `${g.viewColumn}:${g.tabs.length}`).join(' ');

function resultTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === SCHEME));
}

async function compress(args: Record<string, unknown>): Promise<ResultLike> {
  const result = await vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compress', { question: '', ...args });
  assert.ok(result, `no result for ${JSON.stringify(args)}`);
  return result;
}

/** The result document's text once the content provider's update has reached it. */
async function shownText(expected: string): Promise<string> {
  return waitFor('the result editor to show the last result', () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === SCHEME);
    return doc && doc.getText() === expected ? doc.getText() : undefined;
  }, 10_000);
}

suite('Result editor', () => {
  let api: TestApi;

  suiteSetup(async () => {
    api = await activateApi();
    await settings({ output: 'document', askForQuestion: false, budget: 400 });
  });
  suiteTeardown(async () => {
    await settings({ output: undefined, askForQuestion: undefined, budget: undefined });
    await closeAll();
  });
  setup(async () => {
    await closeAll();
    await vscode.commands.executeCommand('workbench.action.editorLayoutSingle');
  });

  test('three runs leave one result tab in at most two groups, and the focus in the code', async () => {
    const code = await open('src/pricing.ts');
    let last: ResultLike | undefined;
    for (const budget of [300, 400, 500]) last = await compress({ scope: 'currentFile', budget });
    assert.ok(last);
    assert.equal(resultTabs().length, 1, 'one result tab');
    assert.ok(vscode.window.tabGroups.all.length <= 2, `${vscode.window.tabGroups.all.length} editor groups`);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), code.document.uri.toString(), 'the focus left the code');
    // Updated in place: the one document shows the last run's text.
    await shownText(last.text);
    assert.equal(last.stats.budget, 500);
  });

  test('with the result editor focused, a run still compresses the code and reuses the result\'s group', async () => {
    await open('src/pricing.ts');
    await compress({ scope: 'currentFile', focus: true });
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, SCHEME, '{focus: true} focuses the result');
    const result = await compress({ scope: 'currentFile' });
    assert.equal(api.lastScope()?.description, 'current file src/pricing.ts', 'the result document was taken as the current file');
    assert.ok(result.slots.every((s) => s.path === 'src/pricing.ts'));
    assert.equal(resultTabs().length, 1);
    assert.ok(vscode.window.tabGroups.all.length <= 2, `${vscode.window.tabGroups.all.length} editor groups`);
  });

  test('"Open as document" from the panel shows the same tab, focused', async () => {
    await open('src/models.ts');
    const result = await compress({ scope: 'currentFile' });
    assert.ok(api.postFromWebview({ type: 'open' }));
    await waitFor('the result editor to take the focus', () => (vscode.window.activeTextEditor?.document.uri.scheme === SCHEME ? true : undefined), 10_000);
    assert.equal(resultTabs().length, 1, 'a second result tab');
    assert.ok(vscode.window.tabGroups.all.length <= 2);
    await shownText(result.text);
  });

  test('the result editor\'s title bar carries Copy, Ask and Re-run, and they run', async () => {
    const menus = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } }).contributes.menus;
    const title = menus['editor/title'] ?? [];
    for (const command of ['codeContextCompressor.copyResult', 'codeContextCompressor.ask', 'codeContextCompressor.rerun']) {
      assert.ok(title.some((m) => m.command === command && m.when?.replaceAll("'", '') === `resourceScheme == ${SCHEME}`), `${command} is not on the result editor's title bar: ${JSON.stringify(title)}`);
    }
    await open('src/format.ts');
    const result = await compress({ scope: 'currentFile' });
    await vscode.commands.executeCommand('codeContextCompressor.copyResult');
    await waitFor('the clipboard', async () => ((await vscode.env.clipboard.readText()) === result.text ? true : undefined), 10_000);
    const again = await vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.rerun');
    assert.ok(again && again !== result, 'Re-run gave no new result');
    assert.equal(again.text, result.text);
  });

  test('after a reload, the empty groups VS Code left are closed once the result shows; the user\'s own empty groups stay', async () => {
    // VS Code's default closes a group with its last tab; a reload's left-over group is empty all the same.
    const editorSettings = vscode.workspace.getConfiguration('workbench.editor');
    await editorSettings.update('closeEmptyGroups', false, vscode.ConfigurationTarget.Global);
    try {
      await leftOverGroups();
    } finally {
      await editorSettings.update('closeEmptyGroups', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  async function leftOverGroups(): Promise<void> {
    await open('src/pricing.ts');
    await compress({ scope: 'currentFile' });
    assert.equal(resultTabs().length, 1);
    const state = new MapMemento();
    const tracking = await api.restoreResultEditor(state, SETTLE_MS);
    tracking.dispose();
    assert.equal(state.get('codeContextCompressor.resultEditorOpen'), true, 'the open result is recorded');
    // A layout a reload can leave: the result shown again in a third group, its old group (column 2) empty, and
    // another empty group restored after it (column 4); the code's group active.
    const resultDoc = resultTabs()[0]?.input as vscode.TabInputText;
    await vscode.window.showTextDocument(resultDoc.uri, { viewColumn: vscode.ViewColumn.Three, preview: false });
    await vscode.window.tabGroups.close(vscode.window.tabGroups.all.find((g) => g.viewColumn === vscode.ViewColumn.Two)?.tabs ?? []);
    await vscode.commands.executeCommand('workbench.action.focusThirdEditorGroup');
    await vscode.commands.executeCommand('workbench.action.newGroupRight');
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    await waitFor('the simulated layout', () => (layout() === '1:1 2:0 3:1 4:0' ? true : undefined), 10_000);
    const restored = await api.restoreResultEditor(state, SETTLE_MS);
    try {
      await waitFor(`the left-over groups to close (layout ${layout()})`, () => (layout() === '1:1 2:1' ? true : undefined), 10_000);
      assert.equal(resultTabs().length, 1);
      // While the layout settles: the user's "New Editor Group" (active, empty) stays.
      await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
      await vscode.commands.executeCommand('workbench.action.newGroupRight');
      await waitFor('the user\'s new group', () => (layout() === '1:1 2:1 3:0' ? true : undefined), 10_000);
      // Settled (nothing changed for SETTLE_MS): an empty group that is not active stays too.
      await new Promise((resolve) => setTimeout(resolve, 3 * SETTLE_MS));
      await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
      await new Promise((resolve) => setTimeout(resolve, 2 * SETTLE_MS));
      assert.equal(layout(), '1:1 2:1 3:0', 'the user\'s empty group was closed');
    } finally {
      restored.dispose();
    }
  }
});

/** Workspace state kept in memory: the extension's restore logic reads and writes it like the real one. */
class MapMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  update(key: string, value: unknown): Thenable<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  }
}
