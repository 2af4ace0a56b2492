// What the extension's background indexer costs, measured on its engine calls (Compressor.analyse, as
// src/vscode/backgroundIndexer.ts makes them, with the built-in encoder): the first index of a folder (empty
// index), then a one-line edit to one file analysed as the indexer does it after a document or file event (that
// file alone), and as after a created file (the folder read and looked up again, one file analysed). Wall times of
// one process on this machine (shared: compare numbers of the same run only); the edit figures are medians of 5.
// Usage (after `node esbuild.js --tests`): node out/bench/background-index.js [folder=.cache/bench/tree1]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Compressor, gatherFiles, type Logger, type SourceFile } from '../src/engine';
import { builtAssets, findRepoRoot } from './repoRoot';

const quiet: Logger = { info() {}, debug() {}, warn() {}, error() {} };
const DECODER = 'qwen2.5-coder-7b';
const EDITS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { ms: performance.now() - t0, value };
}

async function main(): Promise<void> {
  const root = findRepoRoot(__dirname);
  const folder = path.resolve(process.argv[2] ?? path.join(root, '.cache/bench/tree1'));
  const dir = mkdtempSync(path.join(tmpdir(), 'ccc-bg-index-'));
  try {
    const compressor = new Compressor(
      { ...builtAssets(root), index: { dir, hostVersion: 'bench' } },
      quiet,
    );
    const read = (): Promise<SourceFile[]> => gatherFiles([folder], { cwd: folder, maxFileBytes: 1024 * 1024 }).then((g) => g.files);
    const files = await read();
    const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
    const first = await timed(() => compressor.analyse({ files, decoder: DECODER, redactSecrets: true }));
    await compressor.flushIndex();
    console.log(`${folder}: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB`);
    console.log(`first index (empty index):        ${(first.ms / 1000).toFixed(2)} s  (${first.value.misses} analysed)`);

    const oneFile: number[] = [];
    const rescan: number[] = [];
    let current = files;
    for (let k = 0; k < EDITS; k++) {
      // One line appended to a file near the middle: a document event's job (that file, as it is now).
      const at = Math.floor(current.length / 2) + k;
      current = current.map((f, i) => (i === at ? { ...f, text: `${f.text}\n// edit ${k}\n` } : f));
      const edited = current[at] as SourceFile;
      const job = await timed(() => compressor.analyse({ files: [edited], decoder: DECODER, redactSecrets: true }));
      if (job.value.misses !== 1) throw new Error(`the edited file was not analysed again (${JSON.stringify(job.value)})`);
      oneFile.push(job.ms);
      // A created file's job: the folder read again and looked up (this edit is already known: all hits).
      const scan = await timed(async () => compressor.analyse({ files: (await read()).map((f, i) => (i === at ? edited : f)), decoder: DECODER, redactSecrets: true }));
      rescan.push(scan.ms);
    }
    console.log(`one-line edit, that file (median of ${EDITS}): ${median(oneFile).toFixed(0)} ms`);
    console.log(`folder read and looked up again (median of ${EDITS}): ${median(rescan).toFixed(0)} ms`);
    const next = await timed(() => compressor.compress({ files: current, budget: 4000, decoder: DECODER }));
    console.log(`the compression after it: ${next.ms.toFixed(0)} ms, index ${JSON.stringify(next.value.stats.index)}`);
    const fresh = new Compressor(builtAssets(root), quiet);
    const cold = await timed(() => fresh.compress({ files: current, budget: 4000, decoder: DECODER }));
    if (cold.value.text !== next.value.text) throw new Error('the indexed compression differs from one without an index');
    console.log(`the same compression without an index: ${cold.ms.toFixed(0)} ms (same text)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
