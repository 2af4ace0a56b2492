// Loaded by the extension host in place of the test suite (bench/vscode-index.sh): times the "Compress context"
// command's own path (the API's compress is the command's function) on the workspace the launcher opened, at
// the moments a user meets it: the first run (empty index), the same request again, another budget, and the
// run after a one-line edit typed into an unsaved editor once the background indexer has caught up (the edited
// buffer analysed, ranking prepared). Wall time from the call to the result, the result document shown; one
// process, so compare numbers of one run only.
import * as vscode from 'vscode';
import type { CompressResult } from '../../src/engine';
import { activateApi, settings, waitFor, type TestApi } from '../../test/host/suite/helpers';

const BUDGET = 4000;
const EDITS = 5;

interface Timed {
  readonly ms: number;
  readonly index: CompressResult['stats']['index'];
  readonly tokens: number;
  readonly timings: CompressResult['stats']['timingsMs'];
}

/** The engine's own phases, in whole milliseconds: the rest of the wall time is the host's (gathering, showing). */
function phases(t: CompressResult['stats']['timingsMs']): string {
  return Object.entries(t).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ');
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function timedCompress(api: TestApi, folder: vscode.Uri, budget: number): Promise<Timed> {
  const t0 = performance.now();
  const result = await api.compress({ scope: 'folder', folder, question: '', budget });
  const ms = performance.now() - t0;
  if (!result) throw new Error('the compression gave no result');
  return { ms, index: result.stats.index, tokens: result.stats.compressedTokens, timings: result.stats.timingsMs };
}

/** Source files of the workspace, for the edits: mid-sized ones, spread over the tree. */
async function editTargets(): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles('**/*.{ts,js,py,go,rs}', '**/node_modules/**', 2000);
  found.sort((a, b) => a.path.localeCompare(b.path));
  const step = Math.max(1, Math.floor(found.length / (EDITS + 1)));
  return Array.from({ length: EDITS }, (_, i) => found[(i + 1) * step]).filter((u): u is vscode.Uri => u !== undefined);
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('no workspace folder open');
  const api = await activateApi();
  await settings({ output: 'document', askForQuestion: false });
  await vscode.commands.executeCommand('codeContextCompressor.clearIndex');

  const lines: string[] = [];
  const say = (line: string): void => {
    lines.push(line);
    console.log(`BENCH ${line}`);
  };
  const show = (what: string, t: Timed): void => say(`${what}: ${(t.ms / 1000).toFixed(2)} s (${t.tokens} tokens; index ${JSON.stringify(t.index)}; engine ms ${phases(t.timings)})`);

  const first = await timedCompress(api, folder, BUDGET);
  show('first run, empty index', first);
  await api.indexSettled();
  show('the same request again', await timedCompress(api, folder, BUDGET));
  show('another budget (3,000)', await timedCompress(api, folder, 3000));

  const edits: number[] = [];
  for (const [i, uri] of (await editTargets()).entries()) {
    const editor = await vscode.window.showTextDocument(uri, { preview: false });
    const before = api.indexReport().total.misses;
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), `// edit ${i}\n`));
    // What a user sees when they compress a moment after typing: the indexer has analysed the buffer.
    await waitFor('the background indexer to analyse the edited buffer', () => {
      const r = api.indexReport();
      return r.total.misses > before && r.pending === 0 && !r.running ? r : undefined;
    }, 60_000, 20);
    // And has prepared what ranking needs of the new units (and of any still pending), as it does in the background;
    // the Problems panel's dense-code pass over the opened file has run too.
    await api.indexSettled();
    await api.densitySettled();
    const t = await timedCompress(api, folder, BUDGET);
    if (t.index?.misses !== 0) throw new Error(`the run after the edit analysed files again: ${JSON.stringify(t.index)}`);
    edits.push(t.ms);
    show(`after a one-line edit in ${vscode.workspace.asRelativePath(uri)}`, t);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await api.indexSettled();
  }
  say(`after a one-line edit, median of ${edits.length}: ${(median(edits) / 1000).toFixed(2)} s`);
}
