// Host test: the "chosen symbols" scope, with symbols from real providers (the TypeScript language features
// that ship with VS Code: document and workspace symbols) and from the tree-sitter fallback (Go and Rust have
// no symbol provider in a bare VS Code). The chosen symbols must come out verbatim.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, declaration, fixtureText, open, settings, waitFor, type ResultLike, type TestApi } from './helpers';

/** Tight enough that nothing but the chosen symbols is guaranteed to stay whole. */
const BUDGET = 300;

suite('Symbols scope', () => {
  let api: TestApi;

  suiteSetup(async () => {
    api = await activateApi();
    await settings({ output: 'document', budget: BUDGET });
  });
  suiteTeardown(async () => {
    await settings({ output: undefined, budget: undefined });
    await closeAll();
  });

  async function run(args: unknown): Promise<ResultLike> {
    const result = await vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compress', args);
    assert.ok(result, `no result for ${JSON.stringify(args)}`);
    return result;
  }

  test('TypeScript document symbols: a function and a method, kept verbatim', async () => {
    await open('src/service.ts');
    const pricing = await open('src/pricing.ts');
    // The TypeScript server starts on the first TS document; wait until it answers with symbols.
    await waitFor('TypeScript document symbols', async () => {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', pricing.document.uri);
      return symbols?.some((s) => s.name === 'taxRate') ? true : undefined;
    }, 90_000, 500);
    const result = await run({ scope: 'symbols', symbols: ['taxRate', 'OrderService.place'], question: '' });
    const pricingText = await fixtureText('src/pricing.ts');
    const serviceText = await fixtureText('src/service.ts');
    assert.ok(result.text.includes(declaration(pricingText, 'export function taxRate(', '}')), `taxRate not verbatim:\n${result.text}`);
    assert.ok(result.text.includes(declaration(serviceText, '  place(orderId', '  }')), `OrderService.place not verbatim:\n${result.text}`);
    assert.deepEqual([...new Set(result.slots.map((s) => s.path))].sort(), ['src/pricing.ts', 'src/service.ts']);
    const scope = api.lastScope()?.description ?? '';
    assert.match(scope, /document-symbols/, `symbols should come from the TS provider: ${scope}`);
    assert.ok(result.stats.compressedTokens <= BUDGET);
  });

  test('TypeScript workspace symbols: a symbol in a file that is not open', async () => {
    await closeAll();
    await open('src/pricing.ts'); // keeps the TS server and its project (tsconfig.json) loaded
    const result = await waitFor('a workspace symbol for formatMoney', async () => {
      const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'formatMoney');
      return found?.some((s) => s.name.startsWith('formatMoney')) ? run({ scope: 'symbols', symbols: ['formatMoney'], question: '' }) : undefined;
    }, 90_000, 1000);
    const formatText = await fixtureText('src/format.ts');
    assert.ok(result.text.includes(declaration(formatText, 'export function formatMoney(', '}')), `formatMoney not verbatim:\n${result.text}`);
    assert.match(api.lastScope()?.description ?? '', /workspace-symbols/);
  });

  test('tree-sitter fallback: Go and Rust symbols without a symbol provider', async () => {
    await closeAll();
    const go = await open('warehouse/stock.go');
    await open('warehouse/checksum.rs');
    const provided = await vscode.commands.executeCommand<unknown[] | undefined>('vscode.executeDocumentSymbolProvider', go.document.uri);
    assert.equal(provided?.length ?? 0, 0, 'this host has a Go symbol provider: the fallback is not exercised');
    // Each symbol is pinned whole when it fits in half the budget.
    const result = await run({ scope: 'symbols', symbols: ['Reserve', 'check_digit'], question: '', budget: 600 });
    const goText = await fixtureText('warehouse/stock.go');
    const rsText = await fixtureText('warehouse/checksum.rs');
    assert.ok(result.text.includes(declaration(goText, 'func Reserve(', '}')), `Reserve not verbatim:\n${result.text}`);
    assert.ok(result.text.includes(declaration(rsText, 'pub fn check_digit(', '}')), `check_digit not verbatim:\n${result.text}`);
    assert.match(api.lastScope()?.description ?? '', /tree-sitter/);
  });

  test('two symbols of the same file: each kept verbatim, or reported', async () => {
    await closeAll();
    await open('src/pricing.ts');
    // Tight: the rest of the file must go, so only pinning can keep both.
    const result = await run({ scope: 'symbols', symbols: ['taxRate', 'loyaltyDiscountPercent'], question: '', budget: 200 });
    const text = await fixtureText('src/pricing.ts');
    for (const [name, start] of [['taxRate', 'export function taxRate('], ['loyaltyDiscountPercent', 'export function loyaltyDiscountPercent(']] as const) {
      const kept = result.text.includes(declaration(text, start, '}'));
      const reported = result.warnings.some((w) => w.message.includes(`chosen symbol ${name} `));
      // Known engine limit (Compressor pins one region per file): the second pin replaces the first. Until
      // that is fixed the extension must say so rather than drop a chosen symbol silently.
      assert.ok(kept || reported, `${name} neither verbatim nor reported:\n${result.text}`);
      if (!kept) console.log(`  ${name} not kept verbatim; reported: ${result.warnings.find((w) => w.message.includes(name))?.message ?? ''}`);
    }
  });

  test('an unknown symbol is reported, nothing runs', async () => {
    const before = api.lastResult();
    const result = await vscode.commands.executeCommand('codeContextCompressor.compress', { scope: 'symbols', symbols: ['noSuchSymbolAnywhere'], question: '' });
    assert.equal(result, undefined);
    assert.equal(api.lastResult(), before);
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
