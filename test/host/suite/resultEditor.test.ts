// Host test: the one result editor of a window: runs update it in place, in one group beside the code, without
// taking the focus unless asked; "Open as document" never makes a second tab; its title bar carries Copy, Ask
// and Re-run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, EXTENSION_ID, open, settings, waitFor, type ResultLike, type TestApi } from './helpers';

const SCHEME = 'ccc-context';

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
});
