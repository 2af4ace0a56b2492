// Host test: Problems entries on dense code — one per region, Information by default, a short squiggle, the
// severity setting, and the quick fixes that write the exclude settings (and are honoured).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { deleteWorkspaceFolder, densityEntries, generatedGo, minifiedJs, writeWorkspaceFile } from './densityFixtures';
import { activateApi, waitFor, workspaceUri, type TestApi } from './helpers';

const FOLDER = 'density-fixture';

/** Density checks run in the background: wait for them, then for the Problems entries to match. */
async function until(api: TestApi, what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  await waitFor(what, async () => {
    await api.densitySettled();
    return ok() ? true : undefined;
  }, timeoutMs, 100);
}

async function settingsFileExists(): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(workspaceUri('.vscode/settings.json'));
    return true;
  } catch {
    return false;
  }
}

suite('Density warnings in Problems', () => {
  let api: TestApi;
  let hadSettingsFile = false;

  suiteSetup(async () => {
    api = await activateApi();
    hadSettingsFile = await settingsFileExists();
  });

  suiteTeardown(async () => {
    const config = vscode.workspace.getConfiguration('codeContextCompressor');
    await config.update('densityWarnings.severity', undefined, vscode.ConfigurationTarget.Global);
    await config.update('densityWarnings.exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await deleteWorkspaceFolder(FOLDER);
    // The quick fixes wrote the fixture workspace's settings; leave the checkout as it was.
    if (!hadSettingsFile) await deleteWorkspaceFolder('.vscode');
  });

  test('marks the base64 blob once, on one line, not the ordinary code, in the shared words', async () => {
    const blob = workspaceUri('src/logoData.ts');
    const plain = workspaceUri('src/pricing.ts');
    await vscode.window.showTextDocument(plain, { preview: false });
    await vscode.window.showTextDocument(blob, { preview: false });
    await until(api, 'a Problems entry on src/logoData.ts', () => densityEntries(blob).length > 0);
    const entries = densityEntries(blob);
    assert.equal(entries.length, 1, entries.map((x) => x.message).join('\n'));
    const [d] = entries;
    assert.ok(d);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    assert.match(d.message, /^Dense code/);
    assert.match(d.message, /base64/i);
    assert.match(d.message, /never prunes dense code, it keeps it whole or as its signature, or leaves it out when the budget is short/);
    assert.equal(d.range.start.line, d.range.end.line, 'one line is underlined, not the whole blob');
    assert.ok(d.range.start.line >= 1 && d.range.start.line <= 3, `marked line ${d.range.start.line}`);
    assert.equal(densityEntries(plain).length, 0, densityEntries(plain).map((x) => x.message).join('\n'));
  });

  test('gives a generated file of 120 methods one entry, on its marker line, not one per method', async () => {
    const uri = await writeWorkspaceFile(`${FOLDER}/api.pb.go`, generatedGo());
    await vscode.window.showTextDocument(uri, { preview: false });
    await until(api, 'an entry on the generated file', () => densityEntries(uri).length > 0);
    const entries = densityEntries(uri);
    assert.equal(entries.length, 1, entries.map((x) => x.message).join('\n'));
    assert.equal(entries[0]?.range.start.line, 0, 'marked at the generator’s line');
    assert.match(entries[0]?.message ?? '', /Generated file/);
  });

  test('follows the severity setting: Warning, then off', async () => {
    const blob = workspaceUri('src/logoData.ts');
    const config = vscode.workspace.getConfiguration('codeContextCompressor');
    await config.update('densityWarnings.severity', 'warning', vscode.ConfigurationTarget.Global);
    await until(api, 'Warning severity', () => densityEntries(blob)[0]?.severity === vscode.DiagnosticSeverity.Warning);
    await config.update('densityWarnings.severity', 'off', vscode.ConfigurationTarget.Global);
    await until(api, 'the entries to clear', () => densityEntries(blob).length === 0);
    await config.update('densityWarnings.severity', undefined, vscode.ConfigurationTarget.Global);
    await until(api, 'the entry back at Information', () => densityEntries(blob)[0]?.severity === vscode.DiagnosticSeverity.Information);
  });

  test('quick fixes write the exclude settings, and excluded files lose their entries', async () => {
    const uri = await writeWorkspaceFile(`${FOLDER}/widget.min.js`, minifiedJs());
    await vscode.window.showTextDocument(uri, { preview: false });
    await until(api, 'an entry on the minified file', () => densityEntries(uri).length === 1);
    const [d] = densityEntries(uri);
    assert.ok(d);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range)) ?? [];
    const ignore = actions.find((a) => a.title === "Don't warn for files like this (**/*.min.js)");
    const exclude = actions.find((a) => a.title === 'Exclude this file from compression');
    assert.ok(ignore?.command && exclude?.command, `quick fixes offered: ${actions.map((a) => a.title).join(' | ')}`);

    const config = () => vscode.workspace.getConfiguration('codeContextCompressor', uri);

    // "Exclude this file from compression": the workspace-relative path, once; the entry goes.
    await vscode.commands.executeCommand(exclude.command.command, ...(exclude.command.arguments ?? []));
    await vscode.commands.executeCommand(exclude.command.command, ...(exclude.command.arguments ?? []));
    assert.deepEqual(config().inspect('exclude')?.workspaceValue, [`${FOLDER}/widget.min.js`]);
    await until(api, 'the entry to go (excluded from compression)', () => densityEntries(uri).length === 0);
    await config().update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await until(api, 'the entry to come back', () => densityEntries(uri).length === 1);

    // "Don't warn for files like this": the glob of its kind; the entry goes.
    await vscode.commands.executeCommand(ignore.command.command, ...(ignore.command.arguments ?? []));
    assert.deepEqual(config().inspect('densityWarnings.exclude')?.workspaceValue, ['**/*.min.js']);
    await until(api, 'the entry to go (not warned)', () => densityEntries(uri).length === 0);
    await config().update('densityWarnings.exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await until(api, 'the entry to come back again', () => densityEntries(uri).length === 1);
  });
});
