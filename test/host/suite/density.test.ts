// Host test: Problems entries on dense code (a base64 blob), from the built-in encoder and detectors.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'ccc-dev.code-context-compressor';

interface DensityApi {
  densitySettled(): Promise<void>;
}

function workspaceUri(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Code Context Compressor');
}

/** Density checks run in the background: wait for them, then for the Problems entries to match. */
async function until(api: DensityApi, what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await api.densitySettled();
    if (ok()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('Density warnings in Problems', () => {
  let api: DensityApi;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<DensityApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('codeContextCompressor').update('densityWarnings', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('marks the base64 blob, not the ordinary code, and says what the compressor does with it', async () => {
    const blob = workspaceUri('src/logoData.ts');
    const plain = workspaceUri('src/pricing.ts');
    await vscode.window.showTextDocument(plain, { preview: false });
    await vscode.window.showTextDocument(blob, { preview: false });
    await until(api, 'a Problems entry on src/logoData.ts', () => ours(blob).length > 0);
    const [d] = ours(blob);
    assert.ok(d);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /Dense code/);
    assert.match(d.message, /base64/i);
    assert.match(d.message, /never prunes it/);
    assert.ok(d.range.start.line <= 2 && d.range.end.line >= 10, `range ${d.range.start.line}-${d.range.end.line}`);
    assert.equal(ours(plain).length, 0, ours(plain).map((x) => x.message).join('\n'));
  });

  test('follows the setting: Information, then off', async () => {
    const blob = workspaceUri('src/logoData.ts');
    const config = vscode.workspace.getConfiguration('codeContextCompressor');
    await config.update('densityWarnings', 'information', vscode.ConfigurationTarget.Global);
    await until(api, 'Information severity', () => ours(blob)[0]?.severity === vscode.DiagnosticSeverity.Information);
    await config.update('densityWarnings', 'off', vscode.ConfigurationTarget.Global);
    await until(api, 'the entries to clear', () => ours(blob).length === 0);
  });
});
