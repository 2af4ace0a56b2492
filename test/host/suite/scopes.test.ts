// Host test: each scope of "Compress context" (current file, selection, folder, explorer selection), driven by
// the command's argument object, and the interactive path (scope quick pick remembered, question box).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, declaration, open, settings, workspaceUri, type ResultLike, type TestApi } from './helpers';

/** Time for a quick pick or input box to open before commands drive it (the host cannot see the UI). */
const UI_SETTLE_MS = 1500;

suite('Scopes', () => {
  let api: TestApi;

  suiteSetup(async () => {
    api = await activateApi();
    await settings({ output: 'document', budget: 400 });
  });
  suiteTeardown(async () => {
    await settings({ output: undefined, budget: undefined, askForQuestion: undefined });
    await closeAll();
  });
  setup(closeAll);

  async function run(args: unknown): Promise<ResultLike> {
    const before = api.lastResult();
    const result = await vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compress', args);
    assert.ok(result, `no result for ${JSON.stringify(args)} (scope: ${api.lastScope()?.description ?? 'none'})`);
    assert.notEqual(result, before);
    return result;
  }

  test('current file: only the active document, the cursor function verbatim', async () => {
    await open('src/service.ts');
    const editor = await open('src/pricing.ts');
    const source = editor.document.getText();
    const at = editor.document.positionAt(source.indexOf('const discountPercent'));
    editor.selection = new vscode.Selection(at, at);
    // Room for the whole function (pinned whole up to half the budget), less than the whole file.
    const result = await run({ scope: 'currentFile', question: '', budget: 700 });
    assert.deepEqual([...new Set(result.slots.map((s) => s.path))], ['src/pricing.ts']);
    assert.ok(result.text.includes(declaration(source, 'export function computeInvoiceTotal(', '}')), 'cursor function not verbatim');
    assert.equal(api.lastScope()?.kind, 'currentFile');
    assert.ok(result.stats.compressedTokens <= 700);
    assert.ok(result.stats.originalTokens > result.stats.compressedTokens, 'nothing was compressed');
  });

  test('the question goes after the code at the cursor, where the query weighs most', async () => {
    const editor = await open('src/pricing.ts');
    const source = editor.document.getText();
    const at = editor.document.positionAt(source.indexOf('const discountPercent'));
    editor.selection = new vscode.Selection(at, at);
    await run({ scope: 'currentFile', question: 'how is the loyalty discount applied?', budget: 700 });
    const query = api.lastScope()?.query ?? '';
    const code = source.slice(0, source.indexOf('const discountPercent')).split('\n').slice(-6).join('\n').trim();
    assert.ok(query.endsWith('how is the loyalty discount applied?'), `the query does not end with the question: ${JSON.stringify(query.slice(-80))}`);
    assert.ok(query.indexOf(code) >= 0 && query.indexOf(code) < query.indexOf('how is the loyalty'), 'the code before the cursor comes first');
  });

  test('selection: only the selected lines, slots and markers in the file\'s own line numbers', async () => {
    const editor = await open('src/service.ts');
    const lines = editor.document.getText().split('\n');
    const from = lines.findIndex((l) => l.startsWith('export class OrderService')); // 0-based
    const to = lines.findIndex((l, i) => i > from && l === '}');
    editor.selection = new vscode.Selection(from, 0, to + 1, 0); // a line-wise selection ends at column 0 below
    const result = await run({ scope: 'selection', question: '', budget: 120 });
    assert.ok(result.slots.length > 0);
    for (const s of result.slots) {
      assert.equal(s.path, 'src/service.ts');
      assert.ok(s.startLine >= from + 1 && s.endLine <= to + 1, `slot L${s.startLine}-${s.endLine} outside the selection L${from + 1}-${to + 1}`);
    }
    assert.equal(Math.min(...result.slots.map((s) => s.startLine)), from + 1, 'slots must start at the selection\'s first line');
    assert.ok(result.slots.some((s) => s.level !== 'verbatim'), 'a 120-token budget should compress the class');
    assert.match(result.text, /^⋮/m, 'omitted lines need a marker');
    // Numbered markers (before kept code) carry the file's own line numbers, not the selection's.
    for (const m of result.text.matchAll(/^⋮L(\d+)\n(.*)$/gm)) {
      const n = Number(m[1]);
      assert.ok(n >= from + 1 && n <= to + 1, `marker L${n} is not in the selection's lines`);
      assert.equal(m[2], lines[n - 1], `the line after ⋮L${n} is not line ${n} of the file`);
    }
    assert.ok(result.stats.compressedTokens <= 120, `${result.stats.compressedTokens} tokens > 120`);
    assert.ok(!result.text.includes('TRANSITIONS: Readonly'), 'code outside the selection leaked in');
  });

  test('selection that fits: the selected lines as they are, parsed within their file (no syntax-error warning)', async () => {
    const editor = await open('src/pricing.ts');
    const lines = editor.document.getText().split('\n');
    // From inside one function to inside the next: an excerpt that does not parse on its own.
    const from = lines.findIndex((l) => l.includes('const discountPercent'));
    const to = from + 12;
    editor.selection = new vscode.Selection(from, 4, to, 3);
    const result = await run({ scope: 'selection', question: '', budget: 4000 });
    assert.equal(result.text, `${lines.slice(from, to + 1).join('\n')}\n`);
    assert.ok(!result.warnings.some((w) => w.code === 'parse-errors'), result.warnings.map((w) => w.message).join('; '));
    assert.ok(result.stats.compressedTokens <= result.stats.originalTokens, `${result.stats.compressedTokens} tokens out for ${result.stats.originalTokens} in`);
    assert.equal(Math.min(...result.slots.map((s) => s.startLine)), from + 1);
    assert.equal(Math.max(...result.slots.map((s) => s.endLine)), to + 1);
  });

  test('open editors: the result document is never compressed', async () => {
    await open('src/models.ts');
    await run({ scope: 'currentFile', question: '' });
    assert.ok(vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'ccc-context'), 'the result editor is not open');
    const result = await run({ scope: 'openEditors', question: '' });
    assert.deepEqual([...new Set(result.slots.map((s) => s.path))], ['src/models.ts']);
  });

  test('folder: the files under it, read from disk (gatherFiles)', async () => {
    const result = await run({ scope: 'folder', folder: workspaceUri('scripts'), question: 'monthly revenue report' });
    const paths = [...new Set(result.slots.map((s) => s.path))].sort();
    assert.deepEqual(paths, ['scripts/report.py', 'scripts/stats.py']);
    assert.ok(result.slots.every((s) => s.uri?.startsWith('file:') || s.uri?.startsWith('vscode-remote:')), 'slots need URIs to be revealed');
    assert.match(api.lastScope()?.description ?? '', /2 files under scripts/);
  });

  test('explorer menu: a file and a folder selected together', async () => {
    const file = workspaceUri('src/format.ts');
    const folder = workspaceUri('warehouse');
    await settings({ askForQuestion: false });
    try {
      const result = await vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compressResources', file, [file, folder]);
      assert.ok(result);
      const paths = [...new Set(result.slots.map((s) => s.path))].sort();
      assert.deepEqual(paths, ['src/format.ts', 'warehouse/checksum.rs', 'warehouse/stock.go']);
    } finally {
      await settings({ askForQuestion: undefined });
    }
  });

  test('interactive: the scope pick remembers the last choice; the question box accepts with Enter', async () => {
    const editor = await open('src/pricing.ts');
    editor.selection = new vscode.Selection(10, 0, 10, 0);
    await settings({ askForQuestion: true });
    const accept = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    // 1st run: pick the second item of the list; the question box's default is accepted with Enter.
    const first = vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compress');
    await new Promise((r) => setTimeout(r, UI_SETTLE_MS));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await accept();
    await new Promise((r) => setTimeout(r, UI_SETTLE_MS));
    await accept();
    assert.ok(await first, 'the interactive run gave no result');
    const chosen = api.lastScope()?.kind;
    assert.ok(chosen, 'no scope recorded');
    // 2nd run: Enter at once takes the first item, which is now the last choice.
    const second = vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compress');
    await new Promise((r) => setTimeout(r, UI_SETTLE_MS));
    await accept();
    await new Promise((r) => setTimeout(r, UI_SETTLE_MS));
    await accept();
    assert.ok(await second);
    assert.equal(api.lastScope()?.kind, chosen, 'the last scope should come first in the pick');
  });

  test('bad arguments are refused with a message, not a crash', async () => {
    const before = api.lastResult();
    const result = await vscode.commands.executeCommand('codeContextCompressor.compress', { scope: 'galaxy' });
    assert.equal(result, undefined);
    assert.equal(api.lastResult(), before);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

});
