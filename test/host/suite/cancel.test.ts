// Host test: cancelling a run, both through the progress notification's own Cancel action (as a user does)
// and through the API's token. A cancelled run leaves the last result and the status bar as they were.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, settings, waitFor, workspaceUri, type TestApi } from './helpers';

/** Distinct files (so no cache helps), enough that a run lasts long enough to be cancelled. */
const COPIES = 400;

suite('Cancellation', () => {
  let api: TestApi;
  const bulk = workspaceUri('bulk');

  suiteSetup(async () => {
    api = await activateApi();
    await settings({ output: 'document' });
    const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('src/pricing.ts')));
    for (let i = 0; i < COPIES; i++) {
      const text = source.replaceAll('computeInvoiceTotal', `computeInvoiceTotal${i}`).replaceAll('taxRate', `taxRate${i}`);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(bulk, `pricing${i}.ts`), new TextEncoder().encode(text));
    }
  });
  suiteTeardown(async () => {
    await settings({ output: undefined });
    await vscode.workspace.fs.delete(bulk, { recursive: true });
    await closeAll();
  });

  async function expectCancelled(cancel: () => Promise<void>, token?: vscode.CancellationToken): Promise<void> {
    const before = api.lastResult();
    const statusBefore = api.statusText();
    const run = api.compress({ scope: 'folder', folder: bulk, question: '', budget: 2000 }, token);
    await waitFor('the running state', () => (/Compressing/.test(api.statusText()) ? true : undefined), 30_000, 5);
    const t0 = Date.now();
    await cancel();
    const result = await run;
    console.log(`  cancelled ${Date.now() - t0} ms after asking`);
    assert.equal(result, undefined, 'a cancelled run must not return a result');
    assert.equal(api.lastResult(), before, 'a cancelled run must not replace the last result');
    assert.equal(api.statusText(), statusBefore, 'the status bar must go back to what it showed');
  }

  test('the notification\'s Cancel action stops the run', async () => {
    await expectCancelled(async () => {
      // Focus the progress toast, then run its primary action: Cancel (what clicking the button does).
      await vscode.commands.executeCommand('notifications.focusToasts');
      await vscode.commands.executeCommand('notification.acceptPrimaryAction');
    });
  });

  test('the API token stops the run', async () => {
    const source = new vscode.CancellationTokenSource();
    await expectCancelled(async () => source.cancel(), source.token);
    source.dispose();
  });
});
