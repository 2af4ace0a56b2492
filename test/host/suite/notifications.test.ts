// Host test: notifications carry the actions that fix what they report. "Local LLM: Choose model…" against a
// server that fails offers Retry (which asks the server again); "Encoder: Open model cache" in a window that
// cannot show a folder in the system's file manager (this web workbench) offers to copy the path instead.
// The notification's first action is run with the workbench's own "accept primary action" command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sendJson, startServer, type TestServer } from '../../unit/helpers/llmServers';
import { activateApi, waitFor } from './helpers';

async function acceptFirstAction(): Promise<void> {
  await vscode.commands.executeCommand('notifications.focusToasts');
  await vscode.commands.executeCommand('notification.acceptPrimaryAction');
}

suite('Notifications', () => {
  let server: TestServer;

  suiteSetup(async () => {
    await activateApi();
    server = await startServer({ 'GET /api/tags': (_req, res) => sendJson(res, 500, { error: 'model store is locked' }) });
    const llm = vscode.workspace.getConfiguration('codeContextCompressor.llm');
    await llm.update('endpoint', server.url, vscode.ConfigurationTarget.Global);
    await llm.update('provider', 'ollama', vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    const llm = vscode.workspace.getConfiguration('codeContextCompressor.llm');
    await llm.update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    await llm.update('provider', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notifications.clearAll');
    await server.close();
  });

  test('"Choose model" failing offers Retry first, and Retry asks the server again', async () => {
    const first = vscode.commands.executeCommand('codeContextCompressor.chooseModel');
    await waitFor('the model list request', () => (server.requests.length >= 1 ? true : undefined), 10_000);
    assert.equal(await first, undefined);
    // The error stays until answered: its first action must be Retry.
    await waitFor('Retry to ask the server again', async () => {
      await acceptFirstAction();
      return server.requests.length >= 2 ? true : undefined;
    }, 15_000, 500);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  test('"Open encoder model cache" in a web window shows the path with a Copy action', async () => {
    assert.notEqual(vscode.env.uiKind, vscode.UIKind.Desktop, 'this suite runs in the web workbench');
    // The last Retry of the test above may still be failing into a fresh error toast, whose Retry would be the
    // "first action" here: let it settle, then clear every toast.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.env.clipboard.writeText('');
    const run = vscode.commands.executeCommand('codeContextCompressor.openModelCache');
    const copied = await waitFor('the path on the clipboard', async () => {
      await acceptFirstAction();
      const text = await vscode.env.clipboard.readText();
      return text ? text : undefined;
    }, 15_000, 500);
    await run;
    assert.match(copied, /code-context-compressor[\\/]models$/);
  });
});
