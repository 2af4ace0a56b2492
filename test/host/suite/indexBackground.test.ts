// Host test: the background indexer. After a folder is compressed, a file edited on disk and another edited in an
// unsaved editor are analysed in the background, so that the next compression analyses nothing again and gives
// the text a compression with an empty index gives; the first index of a large folder shows a notification whose
// Cancel stops it, leaving the index with exactly the files it finished. (Named to run after compress.test.ts,
// which expects the first result document of the session.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, closeAll, settings, waitFor, workspaceUri, type ResultLike, type TestApi } from './helpers';

/** More files than the indexer's threshold for a notification (LARGE_FOLDER_FILES, 500). */
const LARGE = 640;

suite('Background index', () => {
  let api: TestApi;
  const folder = workspaceUri('indexed');
  const large = workspaceUri('indexedLarge');

  const write = (uri: vscode.Uri, text: string): Thenable<void> => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const read = async (uri: vscode.Uri): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const compress = (uri: vscode.Uri): Promise<ResultLike | undefined> => api.compress({ scope: 'folder', folder: uri, question: '', budget: 1500 });

  suiteSetup(async () => {
    api = await activateApi();
    await settings({ output: 'document', askForQuestion: false });
    for (const name of ['models.ts', 'pricing.ts', 'format.ts', 'service.ts', 'repository.ts']) {
      await vscode.workspace.fs.copy(workspaceUri(`src/${name}`), vscode.Uri.joinPath(folder, name), { overwrite: true });
    }
    for (const name of ['report.py', 'stats.py']) await vscode.workspace.fs.copy(workspaceUri(`scripts/${name}`), vscode.Uri.joinPath(folder, name), { overwrite: true });
  });
  suiteTeardown(async () => {
    await closeAll();
    await settings({ output: undefined, askForQuestion: undefined });
    for (const uri of [folder, large]) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  test('edits on disk and in an unsaved editor are analysed in the background: the next run analyses nothing, with the output of an empty index', async () => {
    const first = await compress(folder);
    assert.ok(first, 'no result');
    const files = first.stats.files;
    assert.equal(files, 7);
    // Work left by earlier suites done, and the new watcher given a moment to start, before counting.
    await new Promise((r) => setTimeout(r, 1000));
    await api.indexSettled();
    const before = api.indexReport().total;

    // One file changed on disk by another program, another typed into and not saved.
    const onDisk = vscode.Uri.joinPath(folder, 'format.ts');
    await write(onDisk, `${await read(onDisk)}\nexport const FORMAT_VERSION = 2;\n`);
    const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'pricing.ts'), { preview: false });
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// priced in cents\n'));
    assert.ok(editor.document.isDirty);

    const caughtUp = await waitFor(
      'the background indexer to analyse both files',
      () => {
        const r = api.indexReport();
        return r.total.misses - before.misses >= 2 && r.pending === 0 && !r.running ? r : undefined;
      },
      60_000,
      100,
    );
    assert.equal(caughtUp.total.misses - before.misses, 2, 'the background analysed other files than the two edited');

    const warm = await compress(folder);
    assert.ok(warm);
    assert.deepEqual(warm.stats.index, { hits: files, misses: 0 }, 'the run after the background caught up analysed files again');
    assert.match(warm.text, /priced in cents/, 'the unsaved text was not compressed');

    await vscode.commands.executeCommand('codeContextCompressor.clearIndex');
    const cold = await compress(folder);
    assert.ok(cold);
    assert.deepEqual(cold.stats.index, { hits: 0, misses: files }, 'the index was not empty');
    assert.equal(warm.text, cold.text, 'the indexed run gave other text than a run with an empty index');
    // The unsaved edit undone, so that closing the editor asks nothing.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(editor.document.isDirty, false);
  });

  test('index.background "workspace" indexes the workspace folder in the background; "off" stops watching it', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root);
    await settings({ 'index.background': 'workspace' });
    try {
      const built = await waitFor('the workspace folder\'s index', () => {
        const r = api.indexReport();
        return r.lastBatch?.scope === root.toString() && !r.running && r.pending === 0 ? r.lastBatch : undefined;
      }, 120_000, 100);
      assert.equal(built.cancelled, false);
      assert.equal(built.done, built.files);
      assert.equal(built.place, 'statusBar', 'a small folder\'s index showed a notification');
      const whole = await compress(root);
      assert.ok(whole);
      assert.deepEqual(whole.stats.index, { hits: built.files, misses: 0 }, 'the compression of the indexed folder analysed files again');
    } finally {
      await settings({ 'index.background': 'off' });
      await settings({ 'index.background': undefined });
    }
    // Off: an edit to a file that was watched is no longer analysed.
    const before = api.indexReport().total;
    const onDisk = vscode.Uri.joinPath(folder, 'models.ts');
    await write(onDisk, `${await read(onDisk)}\nexport const MODELS_VERSION = 3;\n`);
    await new Promise((r) => setTimeout(r, 3000));
    await api.indexSettled();
    assert.deepEqual(api.indexReport().total, before, 'a file was analysed in the background after it was turned off');
  });

  test('a large folder\'s first index shows a notification whose Cancel stops it, keeping what it finished', async () => {
    const source = await read(workspaceUri('src/pricing.ts'));
    for (let i = 0; i < LARGE; i++) {
      await write(vscode.Uri.joinPath(large, `pricing${i}.ts`), source.replaceAll('computeInvoiceTotal', `computeInvoiceTotal${i}`));
    }
    await vscode.commands.executeCommand('codeContextCompressor.buildIndex', large);
    const started = await waitFor('the indexing notification', () => {
      const p = api.indexReport().progress;
      return p && p.done > 0 ? p : undefined;
    }, 60_000, 20);
    assert.equal(started.place, 'notification');
    assert.equal(started.files, LARGE);
    await vscode.commands.executeCommand('notifications.focusToasts');
    await vscode.commands.executeCommand('notification.acceptPrimaryAction');
    await api.indexSettled();
    const last = api.indexReport().lastBatch;
    assert.ok(last?.cancelled, `the indexing was not cancelled: ${JSON.stringify(last)}`);
    assert.ok(last.done < LARGE, `all ${LARGE} files were indexed before the Cancel took effect`);
    // Nothing runs on after the Cancel.
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(api.indexReport().running, false);
    assert.equal(api.indexReport().lastBatch, last);

    // Consistent: the index holds exactly the files the progress counted, and a compression finds them.
    const result = await compress(large);
    assert.ok(result);
    assert.deepEqual(result.stats.index, { hits: last.done, misses: LARGE - last.done });
  });
});
