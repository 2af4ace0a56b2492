// Host test: the setting codeContextCompressor.exclude (gitignore-style globs) leaves files out of every scope.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, open, settings, workspaceUri, type ResultLike, type TestApi } from './helpers';

suite('Exclude setting', () => {
  let api: TestApi;

  suiteSetup(async () => {
    api = await activateApi();
    await settings({ output: 'document', budget: 4000 });
  });
  suiteTeardown(async () => {
    await settings({ output: undefined, budget: undefined, exclude: undefined });
    await closeAll();
  });
  setup(closeAll);

  const run = (args: unknown): Thenable<ResultLike | undefined> => vscode.commands.executeCommand<ResultLike | undefined>('codeContextCompressor.compress', args);

  test('folder scope: a matching file is not read', async () => {
    await settings({ exclude: ['stats.py'] });
    const result = await run({ scope: 'folder', folder: workspaceUri('scripts'), question: '' });
    assert.ok(result);
    assert.deepEqual([...new Set(result.slots.map((s) => s.path))], ['scripts/report.py']);
  });

  test('open editors: an excluded document is skipped with a warning naming the setting', async () => {
    await settings({ exclude: ['src/pricing.ts'] });
    await open('src/pricing.ts');
    await open('src/service.ts');
    const result = await run({ scope: 'openEditors', question: '' });
    assert.ok(result);
    const paths = new Set(result.slots.map((s) => s.path));
    assert.ok(paths.has('src/service.ts'));
    assert.ok(!paths.has('src/pricing.ts'), 'the excluded file was compressed');
    assert.ok(result.warnings.some((w) => /Skipped src\/pricing\.ts: it matches the setting codeContextCompressor\.exclude/.test(w.message)), JSON.stringify(result.warnings));
    assert.equal(api.lastScope()?.kind, 'openEditors');
  });
});
