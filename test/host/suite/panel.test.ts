// Host test: the Diagnostics view's messages. Messages are sent into the same handler the webview's
// postMessage reaches (checked on arrival), and their effects are checked in the workbench.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, open, settings, waitFor, type ResultLike, type TestApi } from './helpers';

suite('Diagnostics panel', () => {
  let api: TestApi;
  let result: ResultLike;

  suiteSetup(async () => {
    api = await activateApi();
    await settings({ output: 'document', budget: 500 });
    await open('src/models.ts');
    const editor = await open('src/pricing.ts');
    const at = editor.document.positionAt(editor.document.getText().indexOf('const discountPercent'));
    editor.selection = new vscode.Selection(at, at);
    const r = await api.compress({ scope: 'openEditors', question: '' });
    assert.ok(r);
    result = r;
    await vscode.commands.executeCommand('codeContextCompressor.showDiagnostics');
  });
  suiteTeardown(async () => {
    await settings({ output: undefined, budget: undefined });
    await closeAll();
  });

  test('the view state holds the summary and one row per slot', () => {
    const state = api.viewState();
    assert.equal(state.type, 'result');
    assert.equal(state.slots?.length, result.slots.length);
    assert.match(state.summary?.scope ?? '', /open editor/);
    const encoder = result.stats.encoder;
    if (encoder) {
      // An encoder scored the units: its name and device are shown, and scored rows carry bits/token.
      assert.equal(state.summary?.encoder, encoder.id);
      assert.equal(state.summary?.device, encoder.device);
      assert.ok(state.slots?.some((s) => typeof s.entropy === 'number' && s.entropy > 0), 'no row has an entropy');
      assert.ok(state.slots?.every((s) => s.entropyPercentile === null || (s.entropyPercentile >= 0 && s.entropyPercentile <= 100)));
    } else {
      // No encoder ran: said plainly, and entropy is absent (shown as "—"), never invented.
      assert.match(state.summary?.encoder ?? '', /built-in/);
      assert.equal(state.summary?.device, 'cpu');
      assert.ok(state.slots?.every((s) => s.entropy === null));
    }
  });

  test('"reveal" selects exactly the slot\'s lines in its file', async () => {
    const index = result.slots.findIndex((s) => s.pinned && s.path === 'src/pricing.ts');
    assert.ok(index >= 0, 'no pinned slot in pricing.ts');
    const slot = result.slots[index];
    assert.ok(slot);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(api.postFromWebview({ type: 'reveal', index }), true);
    const editor = await waitFor('the slot\'s file to be revealed', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.toString() === slot.uri ? e : undefined;
    });
    await waitFor('the selection', () => (editor.selection.isEmpty ? undefined : true), 10_000);
    assert.equal(editor.selection.start.line, slot.startLine - 1, 'selection start');
    assert.equal(editor.selection.end.line, slot.endLine - 1, 'selection end');
    assert.equal(editor.selection.active.line, slot.startLine - 1, 'the cursor sits on the slot\'s first line');
    assert.equal(editor.selection.end.character, editor.document.lineAt(slot.endLine - 1).range.end.character, 'the last line is selected whole');
  });

  test('malformed messages are refused', () => {
    for (const bad of [{ type: 'reveal', index: -1 }, { type: 'reveal', index: 1.5 }, { type: 'reveal' }, { type: 'delete-everything' }, 'reveal', null, 42]) {
      assert.equal(api.postFromWebview(bad), false, `accepted ${JSON.stringify(bad)}`);
    }
    // An index past the end is well-formed but points nowhere: accepted, and nothing happens.
    assert.equal(api.postFromWebview({ type: 'reveal', index: 10_000 }), true);
  });

  test('"open" opens the context as a read-only document', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(api.postFromWebview({ type: 'open' }), true);
    const doc = await waitFor('the result document', () => vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.uri.scheme === 'ccc-context'));
    assert.equal(doc.getText(), result.text);
  });

  test('"rerun" repeats the last request', async () => {
    await open('src/pricing.ts'); // the open editors are the scope; an earlier test closed them
    const before = api.lastResult();
    assert.equal(api.postFromWebview({ type: 'rerun' }), true);
    const again = await waitFor('a new result', () => {
      const r = api.lastResult();
      return r !== before ? r : undefined;
    });
    assert.equal(api.lastScope()?.kind, 'openEditors');
    assert.equal(again.stats.budget, 500);
  });

  test('"copy" puts the context on the clipboard', async () => {
    assert.equal(api.postFromWebview({ type: 'copy' }), true);
    const text = api.lastResult()?.text;
    const copied = await waitFor('the clipboard', async () => ((await vscode.env.clipboard.readText()) === text ? true : undefined), 10_000);
    assert.ok(copied);
  });
});
