// Host test: the status bar item's states (running, last result), its Markdown tooltip, the warning state
// (colour and icon, so High Contrast themes show it too), the sentence screen readers get, and "fits as is".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, open, settings, waitFor, type TestApi } from './helpers';

suite('Status bar', () => {
  let api: TestApi;

  suiteSetup(async () => {
    api = await activateApi();
    await settings({ output: 'document' });
  });
  suiteTeardown(async () => {
    await settings({ output: undefined });
    await closeAll();
  });

  async function cursorInInvoice(): Promise<void> {
    const editor = await open('src/pricing.ts');
    const at = editor.document.positionAt(editor.document.getText().indexOf('const discountPercent'));
    editor.selection = new vscode.Selection(at, at);
  }

  test('says it is running, then shows "ratio original→compressed" with a full tooltip', async () => {
    await cursorInInvoice();
    const seen = new Set<string>();
    const poll = setInterval(() => seen.add(api.statusText()), 5);
    let result;
    try {
      result = await api.compress({ scope: 'folder', folder: vscode.workspace.workspaceFolders?.[0]?.uri, question: '', budget: 800 });
    } finally {
      clearInterval(poll);
    }
    assert.ok(result);
    assert.ok([...seen].some((t) => /Compressing/.test(t)), `never saw the running state: ${[...seen].join(' | ')}`);
    const text = api.statusText();
    assert.match(text, /^\$\((archive|warning)\) \d+(\.\d+)?× \d+(\.\d+)?k?→\d+(\.\d+)?k?$/, `status text ${JSON.stringify(text)}`);
    assert.ok(result.stats.ratio > 1.05, `a folder at 800 tokens is compressed (ratio ${result.stats.ratio})`);
    const tip = api.statusTooltip();
    const enc = result.stats.encoder;
    const encoderFacts = enc ? [enc.id, enc.device, enc.match === 'matched' ? 'matched' : 'mismatched'] : ['built-in', 'cpu', 'not applicable'];
    for (const needle of ['Tokens', 'Budget', '800', 'Encoder', 'Decoder', 'qwen2.5-coder', 'Match', 'Device', 'Time', ' ms', 'Warnings', ...encoderFacts]) {
      assert.ok(tip.includes(needle), `tooltip lacks ${JSON.stringify(needle)}:\n${tip}`);
    }
    // The warning colour is for runs that lost something the user needs (or a mismatched encoder); at
    // 800 tokens the planner may have had to drop a definition the cursor code uses, and says so.
    const serious = result.warnings.some((w) => ['dropped-definitions', 'pinned-truncated', 'budget-too-small', 'encoder-mismatch'].includes(w.code));
    assert.equal(api.statusWarning(), serious, `warning colour ${api.statusWarning()} for warnings: ${result.warnings.map((w) => w.code).join(', ')}`);
    assert.equal(text.startsWith('$(warning) '), serious, 'the warning icon goes with the warning colour');
    console.log(`  status: ${text}`);
  });

  test('wears the warning colour when chosen code could not be kept', async () => {
    await cursorInInvoice();
    // computeInvoiceTotal alone is about 290 tokens: a 100-token budget cannot keep it verbatim.
    const result = await api.compress({ scope: 'symbols', symbols: ['computeInvoiceTotal'], question: '', budget: 100 });
    assert.ok(result);
    assert.ok(result.warnings.some((w) => w.code === 'pinned-truncated' || w.code === 'budget-too-small'), `warnings: ${result.warnings.map((w) => w.code).join(', ')}`);
    assert.equal(api.statusWarning(), true);
    assert.match(api.statusTooltip(), /Warnings \| [1-9]/);
    // High Contrast themes give status bar items no warning background: the icon in the text carries the state.
    assert.match(api.statusText(), /^\$\(warning\) /);
    // Screen readers get a sentence with the reason, not the tooltip's Markdown table.
    const label = api.statusAccessibilityLabel();
    assert.match(label, /^Code Context Compressor: .* tokens.*% of the [\d,]+-token budget\. Warning: (chosen code was cut to fit|the budget is too small)/);
    assert.doesNotMatch(label, /[|*`$]|\$\(/, `label ${JSON.stringify(label)}`);
  });

  test('a run that cut nothing says "fits as is", not a ratio of 1 or less', async () => {
    await cursorInInvoice();
    const result = await api.compress({ scope: 'currentFile', question: '', budget: 100_000 });
    assert.ok(result);
    assert.ok(result.stats.compressedTokens >= result.stats.originalTokens, `the whole file fits: ${result.stats.originalTokens}→${result.stats.compressedTokens}`);
    assert.match(api.statusText(), /^\$\(archive\) Fits as is, \d/);
    assert.doesNotMatch(api.statusText(), /×/);
    assert.match(api.statusTooltip(), /\(fits as is\)/);
    assert.match(api.statusAccessibilityLabel(), /the code fits as is, [\d,]+ tokens/);
  });

  test('a clean run clears the warning colour again', async () => {
    await cursorInInvoice();
    assert.ok(await api.compress({ scope: 'currentFile', question: '', budget: 4000 }));
    assert.equal(api.statusWarning(), false);
    assert.match(api.statusText(), /^\$\(archive\) /);
    assert.doesNotMatch(api.statusAccessibilityLabel(), /Warning/);
  });

  test('settings changes show without a reload', async () => {
    await settings({ budget: 1234 });
    try {
      await waitFor('the tooltip to mention the new budget', () => (/next run uses budget 1234/.test(api.statusTooltip()) ? true : undefined), 10_000);
    } finally {
      await settings({ budget: undefined });
    }
  });
});
