// Host test: secrets are redacted from what "Compress context" produces unless the setting turns it off, and the
// manifest's workspace-trust and scope declarations are what VS Code enforces.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateApi, closeAll, EXTENSION_ID, settings, type ResultLike } from './helpers';

suite('Secret redaction and settings scopes', () => {
  let dir: string;
  let file: vscode.Uri;
  // Assembled here at run time: this file holds no token a scanner would flag.
  const token = 'gh' + 'p_' + Array.from({ length: 36 }, (_, i) => 'aB3dE6gH9'[i % 9]).join('');

  suiteSetup(async () => {
    await activateApi();
    await settings({ output: 'document', budget: 4000 });
    dir = mkdtempSync(path.join(tmpdir(), 'ccc-host-redact-'));
    file = vscode.Uri.file(path.join(dir, 'client.ts'));
    writeFileSync(file.fsPath, `export const githubToken = "${token}";\n\nexport function client(): string {\n  return githubToken;\n}\n`);
  });
  suiteTeardown(async () => {
    await settings({ output: undefined, budget: undefined, redactSecrets: undefined });
    await closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  async function compressCurrentFile(): Promise<ResultLike> {
    await vscode.window.showTextDocument(file, { preview: false });
    const result = await vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compress', { scope: 'currentFile', question: '' });
    assert.ok(result, 'no result');
    return result;
  }

  test('the result holds a marker instead of the token; with the setting off it holds the token', async () => {
    const clean = await compressCurrentFile();
    assert.ok(!clean.text.includes(token), 'the token reached the result');
    assert.match(clean.text, /«redacted:github-token»/);
    await settings({ redactSecrets: false });
    const kept = await compressCurrentFile();
    assert.ok(kept.text.includes(token), 'with redactSecrets off the code is kept as it is');
  });

  test('untrusted and virtual workspaces are declared limited, naming settings that exist', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] }; virtualWorkspaces: { supported: string } };
      contributes: { configuration: Array<{ properties: Record<string, { scope?: string }> }> };
    };
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(pkg.capabilities.virtualWorkspaces.supported, 'limited');
    const props: Record<string, { scope?: string }> = Object.assign({}, ...pkg.contributes.configuration.map((group) => group.properties));
    for (const key of pkg.capabilities.untrustedWorkspaces.restrictedConfigurations) assert.ok(props[key], `${key} is not a setting`);
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('codeContextCompressor.llm.endpoint'));
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('codeContextCompressor.redactSecrets'));
    for (const key of ['llm.endpoint', 'llm.allowRemoteEndpoints', 'modelHubEndpoint']) {
      assert.match(props[`codeContextCompressor.${key}`]?.scope ?? '', /^machine(-overridable)?$/, key);
    }
  });

  test('a workspace cannot set the model hub or allow remote endpoints (machine settings)', async () => {
    const config = vscode.workspace.getConfiguration('codeContextCompressor');
    for (const key of ['modelHubEndpoint', 'llm.allowRemoteEndpoints']) {
      await assert.rejects(Promise.resolve(config.update(key, key === 'modelHubEndpoint' ? 'https://mirror.example' : true, vscode.ConfigurationTarget.Workspace)), key);
      assert.equal(config.inspect(key)?.workspaceValue, undefined, key);
    }
  });
});
