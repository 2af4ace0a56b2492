// Host test: the Diagnostics view's messages. Messages are sent into the same handler the webview's
// postMessage reaches (checked on arrival), and their effects are checked in the workbench.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, open, settings, waitFor, workspaceUri, type ResultLike, type TestApi } from './helpers';

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
    assert.equal(state.summary?.ratioText, result.stats.compressedTokens >= result.stats.originalTokens ? 'fits as is' : `${result.stats.ratio.toFixed(1)}×`);
    // Paths relative to the workspace, so two files of one name in different folders can be told apart.
    assert.ok(state.slots?.every((s) => !s.path.startsWith('/') && !s.path.includes('\\')), 'absolute path in a row');
    assert.ok(state.slots?.some((s) => s.path === 'src/pricing.ts'));
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

  test('"reveal" shows the slot\'s lines highlighted, without selecting them or taking the focus', async () => {
    const index = result.slots.findIndex((s) => s.pinned && s.path === 'src/pricing.ts');
    assert.ok(index >= 0, 'no pinned slot in pricing.ts');
    const slot = result.slots[index];
    assert.ok(slot?.uri);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The user's place in another file, in a second group: focus and cursor there must survive the reveal.
    const other = await vscode.window.showTextDocument(workspaceUri('src/models.ts'), { viewColumn: vscode.ViewColumn.Two, preview: false });
    const cursor = new vscode.Position(2, 0);
    other.selection = new vscode.Selection(cursor, cursor);
    assert.equal(api.postFromWebview({ type: 'reveal', index }), true);
    const editor = await waitFor('the slot\'s file to be shown', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === slot.uri));
    const lit = await waitFor('the highlight', () => api.highlightedSlot(), 10_000);
    assert.deepEqual(lit, { uri: slot.uri, startLine: slot.startLine, endLine: slot.endLine });
    // Shown, not selected: a keystroke in that editor cannot replace the unit.
    assert.ok(editor.selection.isEmpty, `selection ${JSON.stringify(editor.selection)}`);
    await waitFor('the slot scrolled into view', () => (editor.visibleRanges.some((r) => r.contains(new vscode.Position(slot.startLine - 1, 0))) ? true : undefined), 10_000);
    // preserveFocus: the editor that had the focus keeps it (in the workbench, the Diagnostics view does).
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), other.document.uri.toString(), 'the focus moved to the revealed editor');
    assert.ok(other.selection.active.isEqual(cursor), 'the cursor in the other file moved');
    // The highlight is temporary: moving the cursor in that editor clears it.
    await vscode.window.showTextDocument(editor.document, { ...(editor.viewColumn !== undefined ? { viewColumn: editor.viewColumn } : {}), preserveFocus: false });
    await vscode.commands.executeCommand('cursorDown');
    await waitFor('the highlight to clear', () => (api.highlightedSlot() === undefined ? true : undefined), 10_000);
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
