// Host test: the entry points besides the palette: the keybinding and menus as declared, the editor menu's
// "Compress selection", the explorer menu's command, and "Compress context with budget…".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, EXTENSION_ID, open, settings, type ResultLike, type TestApi } from './helpers';

interface Contributes {
  keybindings?: Array<{ command: string; key: string; mac?: string }>;
  menus?: Record<string, Array<{ command: string; when?: string }>>;
}

suite('Menus, keybinding, budget command', () => {
  let api: TestApi;

  suiteSetup(async () => {
    api = await activateApi();
    await settings({ output: 'document', askForQuestion: false });
  });
  suiteTeardown(async () => {
    await settings({ output: undefined, askForQuestion: undefined, budget: undefined });
    await closeAll();
  });

  test('the commands contributed are exactly the commands the extension registers', async () => {
    const contributes = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes as { commands: { command: string }[] };
    const contributed = new Set(contributes.commands.map((c) => c.command));
    // Registered in the running host, not read from package.json: a command missing from the table shows here.
    // (The view's own `.focus`/`.resetViewLocation` commands come from VS Code.)
    const registered = new Set((await vscode.commands.getCommands(true)).filter((c) => c.startsWith('codeContextCompressor.') && !c.startsWith('codeContextCompressor.diagnostics.')));
    for (const c of contributed) assert.ok(registered.has(c), `${c} is contributed but not registered`);
    for (const c of registered) assert.ok(contributed.has(c), `${c} is registered but not contributed`);
  });

  test('the keybinding and the menu entries are contributed', () => {
    const contributes = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes as Contributes;
    assert.ok(contributes.keybindings?.some((k) => k.command === 'codeContextCompressor.compress' && k.key === 'ctrl+alt+c' && k.mac === 'cmd+alt+c'));
    assert.ok(contributes.menus?.['explorer/context']?.some((m) => m.command === 'codeContextCompressor.compressResources'));
    assert.ok(contributes.menus?.['editor/context']?.some((m) => m.command === 'codeContextCompressor.compressSelection' && m.when === 'editorHasSelection'));
  });

  test('"Compress selection" (editor menu) compresses the selected lines', async () => {
    const editor = await open('src/models.ts');
    editor.selection = new vscode.Selection(4, 0, 20, 0);
    const result = await vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compressSelection');
    assert.ok(result);
    assert.equal(api.lastScope()?.kind, 'selection');
    assert.ok(result.slots.every((s) => s.startLine >= 5 && s.endLine <= 20), result.slots.map((s) => `${s.startLine}-${s.endLine}`).join(' '));
  });

  test('"Compress context with budget…" asks for a budget (prefilled from the setting), then runs with it', async () => {
    await settings({ budget: 2000 });
    const editor = await open('src/pricing.ts');
    editor.selection = new vscode.Selection(52, 0, 52, 0);
    // The budget box opens prefilled with the setting; the scope pick follows. Enter on each (the host cannot
    // type into an input box, so the prefilled value is the one used).
    const shownBefore = api.promptsShown().length;
    const run = vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compressWithBudget');
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 1500));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const result = await run;
    assert.ok(result, 'no result');
    assert.deepEqual(api.promptsShown().slice(shownBefore), ['Compress context with budget', 'Compress context: what to compress'], 'the budget prompt was not shown first');
    assert.equal(result.stats.budget, 2000);
    assert.equal(vscode.workspace.getConfiguration('codeContextCompressor').get('budget'), 2000);
  });
});
