// Host test: cancelling a run, both through the progress notification's own Cancel action (as a user does)
// and through the API's token. A cancelled run leaves the last result and the status bar as they were.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sendJson, startServer } from '../../unit/helpers/llmServers';
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

  test('Ask stops at the notification\'s Cancel while it gathers and compresses: the context is never sent', async () => {
    const server = await startServer({
      'POST /api/show': (_req, res) => sendJson(res, 200, { model_info: { 'qwen2.context_length': 32768 } }),
      'POST /api/chat': (_req, res) => sendJson(res, 500, { error: 'a cancelled Ask must not get here' }),
    });
    const llm = vscode.workspace.getConfiguration('codeContextCompressor.llm');
    await llm.update('endpoint', server.url, vscode.ConfigurationTarget.Global);
    await llm.update('provider', 'ollama', vscode.ConfigurationTarget.Global);
    await llm.update('model', 'qwen2.5-coder:7b', vscode.ConfigurationTarget.Global);
    try {
      const before = api.lastResult();
      const run = vscode.commands.executeCommand<string | undefined>('codeContextCompressor.ask', { scope: 'folder', folder: bulk, question: 'Which invoice total is largest?', budget: 2000 });
      await waitFor('the running state', () => (/Compressing/.test(api.statusText()) ? true : undefined), 30_000, 5);
      await vscode.commands.executeCommand('notifications.focusToasts');
      await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      assert.equal(await run, undefined);
      assert.equal(api.lastResult(), before, 'a cancelled Ask must not replace the last result');
      assert.ok(!server.requests.some((r) => r.path === '/api/chat'), 'the cancelled Ask sent the context');
    } finally {
      for (const key of ['endpoint', 'provider', 'model']) await llm.update(key, undefined, vscode.ConfigurationTarget.Global);
      await server.close();
      await closeAll();
    }
  });

  test('the API token stops the run', async () => {
    const source = new vscode.CancellationTokenSource();
    await expectCancelled(async () => source.cancel(), source.token);
    source.dispose();
  });
});
