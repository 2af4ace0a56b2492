// Host test: the entry points besides the palette: the keybinding (checked against the workbench's default
// keybindings) and menus, the editor menu's "Compress selection", the explorer menu's command, and
// "Compress with a different budget…".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, EXTENSION_ID, open, settings, waitFor, type ResultLike, type TestApi } from './helpers';

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


  test('the keybinding is in the workbench and no built-in or other extension\'s default uses it', async () => {
    // The workbench's own table of default keybindings (built-in commands, built-in extensions, this one),
    // as "Preferences: Open Default Keyboard Shortcuts (JSON)" shows it for this platform.
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const doc = await waitFor('the default keybindings', () => vscode.window.activeTextEditor?.document, 10_000);
    const json = doc.getText().replace(/^\s*\/\/.*$/gm, '');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const defaults = JSON.parse(json) as Array<{ key: string; command: string }>;
    assert.ok(defaults.length > 500, `only ${defaults.length} default keybindings read`);
    const contributes = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes as Contributes;
    const ours = contributes.keybindings?.find((k) => k.command === 'codeContextCompressor.compress');
    assert.ok(ours, 'no keybinding for Compress context');
    const mine = defaults.filter((k) => k.command === 'codeContextCompressor.compress').map((k) => k.key);
    assert.ok(mine.length > 0, 'the workbench did not pick the keybinding up');
    for (const key of mine) {
      // A key sequence, or a prefix of one: either way the other binding would shadow or be shadowed.
      const clashes = defaults.filter((k) => k.command !== 'codeContextCompressor.compress' && !k.command.startsWith('-') && (k.key === key || k.key.startsWith(`${key} `) || key.startsWith(`${k.key} `)));
      assert.deepEqual(clashes.map((k) => `${k.key} → ${k.command}`), [], `${key} is also a default keybinding`);
    }
    // Ctrl+Alt (AltGr on many keyboard layouts types characters such as ć with AltGr+C) is never used.
    for (const key of [ours.key, ours.mac ?? '']) assert.doesNotMatch(key, /ctrl\+alt|alt\+ctrl/);
  });

  test('every setting is still read from its key, in titled groups in a stated order', () => {
    // The settings as users have them in settings.json: regrouping must not rename or drop one.
    const keys = ['budget', 'output', 'askForQuestion', 'decoder', 'llm.model', 'llm.endpoint', 'llm.provider', 'llm.allowRemoteEndpoints', 'encoder', 'device', 'conditionalPerplexity', 'offerEncoderDownloads', 'modelHubEndpoint', 'densityWarnings.severity', 'densityWarnings.exclude', 'maxFileSizeKB', 'exclude', 'redactSecrets', 'llm.connectTimeoutSeconds', 'llm.firstByteTimeoutSeconds', 'llm.idleTimeoutSeconds', 'index.background'];
    const config = vscode.workspace.getConfiguration('codeContextCompressor');
    for (const key of keys) assert.notEqual(config.inspect(key)?.defaultValue, undefined, `no default for codeContextCompressor.${key}: the workbench does not know the setting`);
    const groups = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.configuration as Array<{ title: string; order: number; properties: Record<string, { enum?: unknown[]; enumDescriptions?: unknown[] }> }>;
    assert.ok(Array.isArray(groups), 'contributes.configuration is not the array form');
    assert.deepEqual(groups.map((g) => g.title).slice(0, 6), ['Budget and output', 'Decoder', 'Local LLM', 'Encoder', 'Warnings', 'Files']);
    assert.deepEqual(groups.map((g) => g.order), [...groups.keys()].map((i) => i + 1));
    for (const g of groups) {
      for (const [key, p] of Object.entries(g.properties)) {
        if (p.enum) assert.equal(p.enumDescriptions?.length, p.enum.length, `${key} lacks a description for each value`);
      }
    }
  });

  test('the menu entries are contributed', () => {
    const contributes = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes as Contributes;
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

  test('"Compress with a different budget…" asks for a budget (prefilled from the setting), then runs with it', async () => {
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
