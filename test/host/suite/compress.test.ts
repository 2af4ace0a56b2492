// Host test: the `Compress context` command end to end inside a real extension host, on the fixture workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// The shape activate() returns for tests (the contract with src/extension.ts).
interface CompressResult {
  text: string;
  slots: Array<{ path: string; startLine: number; endLine: number; level: string; tokens: number }>;
  stats: { originalTokens: number; compressedTokens: number; ratio: number; budget: number };
}
interface TestApi {
  lastResult(): CompressResult | undefined;
  statusText(): string;
}

const EXTENSION_ID = 'ccc-dev.code-context-compressor';
const CURSOR_FILE = 'src/pricing.ts';
const CURSOR_FUNCTION = 'computeInvoiceTotal';
const OTHER_FILES = ['src/models.ts', 'src/service.ts', 'scripts/report.py'];
const BUDGET = 1000;

/** Polls `probe` until it returns a value (not undefined), or fails with `what` after `timeoutMs`. */
async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function workspaceUri(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open: the launcher must open test/fixtures/workspace');
  return vscode.Uri.joinPath(folder.uri, rel);
}

suite('Compress context', () => {
  let api: TestApi;

  suiteSetup(async () => {
    console.log(`Running in VS Code ${vscode.version} (${vscode.env.appName}, ui: ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
    const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this host`);
    const t0 = Date.now();
    api = await ext.activate();
    console.log(`  activated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.equal(typeof api?.lastResult, 'function', 'activate() must return the test API { lastResult, statusText }');
    const config = vscode.workspace.getConfiguration('codeContextCompressor');
    await config.update('output', 'document', vscode.ConfigurationTarget.Global);
    // Below the fixture's size (about 2k tokens), so the planner has to compress rather than copy everything.
    await config.update('budget', BUDGET, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    const config = vscode.workspace.getConfiguration('codeContextCompressor');
    await config.update('output', undefined, vscode.ConfigurationTarget.Global);
    await config.update('budget', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('compresses the open editors around the cursor into a read-only document', async () => {
    for (const rel of OTHER_FILES) {
      await vscode.window.showTextDocument(workspaceUri(rel), { preview: false });
    }
    const editor = await vscode.window.showTextDocument(workspaceUri(CURSOR_FILE), { preview: false });
    const doc = editor.document;
    const source = doc.getText();

    // The cursor's function, from `function` to its closing brace at column 0.
    const start = source.indexOf(`function ${CURSOR_FUNCTION}(`);
    assert.ok(start >= 0, `fixture ${CURSOR_FILE} lost ${CURSOR_FUNCTION}`);
    const end = source.indexOf('\n}\n', start) + 2;
    const fnText = source.slice(start, end);
    const cursorAt = doc.positionAt(source.indexOf('const discountPercent', start));
    editor.selection = new vscode.Selection(cursorAt, cursorAt);
    const fixtureUris = new Set([CURSOR_FILE, ...OTHER_FILES].map((r) => workspaceUri(r).toString()));

    const before = api.lastResult();
    const t0 = Date.now();
    await vscode.commands.executeCommand('codeContextCompressor.compress', { scope: 'openEditors', question: '' });
    const result = await waitFor('a compress result from the API', () => {
      const r = api.lastResult();
      return r !== before ? r : undefined;
    });
    console.log(`  compressed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    assert.match(api.statusText(), /\d+(\.\d+)?× /, `status bar text ${JSON.stringify(api.statusText())}`);
    const out = await waitFor('the result document to open', () =>
      vscode.window.visibleTextEditors.map((e) => e.document)
        .find((d) => !fixtureUris.has(d.uri.toString()) && d.uri.scheme !== 'output' && d.getText().length > 0));
    const outText = out.getText();
    assert.ok(outText.trim().length > 0, 'result document is empty');
    assert.ok(outText.includes(fnText), `result document (${out.uri.toString()}) lacks the cursor's function verbatim:\n${fnText}`);
    assert.ok(result.text.includes(fnText), 'lastResult().text lacks the cursor function verbatim');

    const { stats } = result;
    assert.ok(stats.compressedTokens > 0, `compressedTokens ${stats.compressedTokens}`);
    assert.equal(stats.budget, BUDGET, 'the budget setting was not applied');
    assert.ok(stats.compressedTokens <= stats.budget, `compressedTokens ${stats.compressedTokens} > budget ${stats.budget}`);
    assert.ok(stats.originalTokens > stats.compressedTokens, `nothing was compressed: ${stats.originalTokens} → ${stats.compressedTokens} tokens`);
    assert.ok(result.slots.some((s) => s.path.endsWith('pricing.ts')), `no slot for ${CURSOR_FILE}: ${result.slots.map((s) => s.path).join(', ')}`);
    console.log(`  ${api.statusText()} | ${result.slots.length} slots, ${stats.originalTokens} → ${stats.compressedTokens} tokens (budget ${stats.budget})`);
  });
});
