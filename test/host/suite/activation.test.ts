// Host test: activation is cheap and happens when a supported file opens (nothing heavy loads until a file needs
// it). First file of the suite (sorted by name), so the extension is not active yet when it starts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { deleteWorkspaceFolder, densityEntries, minifiedJs, writeWorkspaceFile } from './densityFixtures';
import { EXTENSION_ID, waitFor, type TestApi } from './helpers';

const FOLDER = 'activation-fixture';

suite('Activation', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await deleteWorkspaceFolder(FOLDER);
  });

  test('activates when a JavaScript file opens and marks a minified one with one Information entry, no command run', async () => {
    const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this host`);
    // Active once start-up has finished (onStartupFinished, which brings the result editor back after a reload), or
    // by the file's language if it is opened sooner (onLanguage:javascript): either way, no command is run here.
    const events = (ext.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    assert.ok(events.includes('onLanguage:javascript') && events.includes('onStartupFinished'), events.join(', '));
    const uri = await writeWorkspaceFile(`${FOLDER}/app.min.js`, minifiedJs());
    await vscode.window.showTextDocument(uri, { preview: false });
    await waitFor('activation without a command', () => (ext.isActive ? true : undefined), 30_000);
    const api = ext.exports;
    console.log(`  activation on opening a .js file: bundle load → end of activate() ${api.activationMs().toFixed(1)} ms, inside activate() ${api.activateBodyMs().toFixed(1)} ms`);
    const entries = await waitFor('the Problems entry on the minified file', async () => {
      await api.densitySettled();
      const found = densityEntries(uri);
      return found.length > 0 ? found : undefined;
    }, 30_000);
    assert.equal(entries.length, 1, entries.map((d) => d.message).join('\n'));
    const [d] = entries;
    assert.ok(d);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(d.range.start.line, 0);
    assert.equal(d.range.end.line, 0);
    assert.ok(d.range.end.character - d.range.start.character <= 80, `squiggle of ${d.range.end.character - d.range.start.character} characters`);
    assert.match(d.message, /^Dense code: Minified or packed code: a \d+-character line/);
  });

  test('reports its activation time and invites a first run', async () => {
    const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
    assert.ok(ext);
    const api = await ext.activate();
    // VS Code's own per-extension activation times (Developer: Show Running Extensions) are not exposed to
    // extensions; this is what the suite can measure (speed is reported, not asserted).
    assert.ok(Number.isFinite(api.activationMs()) && api.activationMs() >= 0);
    assert.match(api.statusText(), /Compress/, 'the status bar should invite a first run');
    assert.match(api.statusTooltip(), /Compress context/);
    assert.equal(api.lastResult(), undefined);
  });
});
