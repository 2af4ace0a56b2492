// Host test: "Re-run" repeats the same request (scope, documents, cursor or selection, question, budget) whatever
// editor is active by then, reading the texts afresh; the question prompt starts empty, earlier questions below it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, open, settings, type ResultLike, type TestApi } from './helpers';

/** Time for a quick pick to open before commands drive it (the host cannot see the UI). */
const UI_SETTLE_MS = 1500;

suite('Re-run and the question prompt', () => {
  let api: TestApi;

  suiteSetup(async () => {
    api = await activateApi();
    await settings({ output: 'document', askForQuestion: false, budget: 600 });
  });
  suiteTeardown(async () => {
    await settings({ output: undefined, askForQuestion: undefined, budget: undefined });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAll();
  });
  setup(closeAll);

  test('Re-run compresses the same file at the same cursor with the same question, not the active editor', async () => {
    const editor = await open('src/pricing.ts');
    const at = editor.document.positionAt(editor.document.getText().indexOf('const discountPercent'));
    editor.selection = new vscode.Selection(at, at);
    const first = await vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compress', { scope: 'currentFile', question: 'loyalty discount', budget: 450 });
    assert.ok(first);
    const firstScope = api.lastScope();
    // Elsewhere now: another file active, another cursor.
    const other = await open('src/service.ts');
    other.selection = new vscode.Selection(3, 0, 3, 0);
    const again = await vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.rerun');
    assert.ok(again);
    assert.deepEqual(api.lastScope(), firstScope, 'Re-run gathered a different scope or query');
    assert.equal(again.stats.budget, 450);
    assert.deepEqual([...new Set(again.slots.map((s) => s.path))], ['src/pricing.ts']);
    assert.equal(again.text, first.text);
  });

  test('Re-run reads the texts afresh (an unsaved edit is in the next result)', async () => {
    const editor = await open('src/format.ts');
    await vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compress', { scope: 'currentFile', question: '', budget: 4000 });
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// rerunMarker: added after the first run\n'));
    await open('src/models.ts');
    const again = await vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.rerun');
    assert.ok(again?.text.includes('rerunMarker'), 'Re-run did not read the edited text');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('the question prompt starts empty: Enter compresses without the last question; it is one arrow key away', async () => {
    await open('src/pricing.ts');
    const earlier = 'where is the tax rate applied?';
    await vscode.commands.executeCommand('codeContextCompressor.compress', { scope: 'currentFile', question: earlier });
    await settings({ askForQuestion: true });
    try {
      const accept = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const shownBefore = api.promptsShown().length;
      const run = vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compress', { scope: 'currentFile' });
      await new Promise((r) => setTimeout(r, UI_SETTLE_MS));
      await accept();
      assert.ok(await run, 'Enter on the empty prompt gave no result');
      assert.deepEqual(api.promptsShown().slice(shownBefore), ['Compress context: question (optional)'], 'the question prompt was not shown');
      assert.ok(!(api.lastScope()?.query ?? '').includes(earlier), 'Enter re-sent the last question');
      // The earlier question is the next item.
      const second = vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compress', { scope: 'currentFile' });
      await new Promise((r) => setTimeout(r, UI_SETTLE_MS));
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await accept();
      assert.ok(await second);
      assert.ok((api.lastScope()?.query ?? '').endsWith(earlier), 'the earlier question was not offered');
    } finally {
      await settings({ askForQuestion: false });
    }
  });
});
