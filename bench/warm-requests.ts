// What a request costs a long-lived compressor (the extension's, which keeps its index in memory) once a folder is
// indexed: the engine's phases for requests made the way the "Compress context" command makes them — the folder,
// the cursor somewhere in one of its files (the 30 lines before it are the query, its line pinned), each after a
// one-line edit to that file so the edited file is analysed again, and after the background writes of the request
// before it have finished (as they would in the pause between a user's requests). Seeded, so runs are comparable;
// one process, so compare numbers of one run only. The first request after the cold one is reported apart: it is
// the first to meet a code query, and fills per-unit memos (words, references) unless they were prepared ahead, as
// the extension does in the background after a compression, with a rehearsal (CCC_BENCH_NO_PREPARE=1 skips both).
// Usage (after `node esbuild.js --tests`): node out/bench/warm-requests.js [folder=.cache/bench/tree20] [requests=8] [seed=1]
// With CCC_BENCH_CPU_PROFILE=file.cpuprofile, the requests after the first are profiled (V8's CPU profiler) into it;
// with CCC_BENCH_PROFILE_FIRST=1 as well, the first code query alone.
// CCC_BENCH_DEBUG=1 prints the engine's debug messages (the rehearsal's among them).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Compressor, gatherFiles, type Logger, type SourceFile } from '../src/engine';
import { prng } from './completion/text';
import { builtAssets, findRepoRoot } from './repoRoot';

const quiet: Logger = { info() {}, debug(m: string) { if (process.env.CCC_BENCH_DEBUG) console.log(m); }, warn() {}, error() {} };
const DECODER = 'qwen2.5-coder-7b';
const BUDGET = 4000;
/** As src/vscode/gatherEditors.ts takes them. */
const QUERY_LINES = 30;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function phases(t: object): string {
  return Object.entries(t as Record<string, number>).map(([k, v]) => `${k} ${Math.round(v)}`).join(' · ');
}

/** V8's CPU profiler over a stretch of this process, when CCC_BENCH_CPU_PROFILE names a file to write. */
function cpuProfiler(file: string | undefined): { start(): Promise<void>; stop(): Promise<void> } {
  const session = new Session();
  let running = false;
  return {
    async start() {
      if (!file || running) return;
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      running = true;
    },
    async stop() {
      if (!file || !running) return;
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      running = false;
    },
  };
}

async function main(): Promise<void> {
  const profiler = cpuProfiler(process.env.CCC_BENCH_CPU_PROFILE);
  const root = findRepoRoot(__dirname);
  const folder = path.resolve(process.argv[2] ?? path.join(root, '.cache/bench/tree20'));
  const requests = Number(process.argv[3] ?? 8);
  const random = prng(Number(process.argv[4] ?? 1));
  const dir = mkdtempSync(path.join(tmpdir(), 'ccc-warm-'));
  try {
    const compressor = new Compressor(
      { ...builtAssets(root), index: { dir, hostVersion: 'bench' } },
      quiet,
    );
    let files: SourceFile[] = (await gatherFiles([folder], { cwd: folder, maxFileBytes: 1024 * 1024 })).files;
    const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
    const t0 = performance.now();
    const cold = await compressor.compress({ files, budget: BUDGET, decoder: DECODER });
    console.log(`${folder}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${cold.stats.units} units`);
    console.log(`cold (empty index): ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    // As the extension does after a compression (backgroundIndexer.ts), unless asked not to.
    if (process.env.CCC_BENCH_NO_PREPARE !== '1') {
      const t1 = performance.now();
      await compressor.prepareRanking({ files, decoder: DECODER });
      console.log(`ranking prepared${compressor.rehearsed ? ' and rehearsed (after 2 s without a request)' : ''}, as the extension does in the background: ${((performance.now() - t1) / 1000).toFixed(2)} s`);
    }

    const code = files.map((f, i) => [f, i] as const).filter(([f]) => /\.(ts|js|py|go|rs|java|hpp|cpp)$/.test(f.path) && f.text.length > 2000);
    const walls: number[] = [];
    const plans: number[] = [];
    const renders: number[] = [];
    for (let k = 0; k < requests; k++) {
      const [file, at] = code[Math.floor(random() * code.length)] as readonly [SourceFile, number];
      const lines = file.text.split('\n');
      const line = Math.floor(lines.length * (0.2 + 0.6 * random()));
      // The one-line edit, typed at the cursor; the cursor's 30 lines before it are the query, its line pinned.
      lines.splice(line, 0, `  // edit ${k}`);
      const text = lines.join('\n');
      files = files.map((f, i) => (i === at ? { ...f, text } : f));
      const query = lines.slice(Math.max(0, line - QUERY_LINES), line + 1).join('\n');
      // The last request's result and records are written in the background; a user's next request comes later.
      await compressor.flushIndex();
      const profileFirst = process.env.CCC_BENCH_PROFILE_FIRST === '1';
      if (k === 0 && profileFirst) await profiler.start();
      const t = performance.now();
      const r = await compressor.compress({ files, query, pinned: [{ path: file.path, startLine: line + 1, endLine: line + 1 }], budget: BUDGET, decoder: DECODER });
      const ms = performance.now() - t;
      const what = `${k === 0 ? 'first code query' : `request ${k}`} (${file.path}:${line + 1}, index ${r.stats.index?.hits} hits / ${r.stats.index?.misses} misses)`;
      console.log(`${what}: ${ms.toFixed(0)} ms — ${phases(r.stats.timingsMs)}`);
      if (k === 0) {
        if (profileFirst) await profiler.stop();
        else await profiler.start();
        continue;
      }
      walls.push(ms);
      plans.push(r.stats.timingsMs.plan ?? NaN);
      renders.push(r.stats.timingsMs.render ?? NaN);
    }
    await profiler.stop();
    await compressor.flushIndex(); // before the folder is removed
    console.log(`median of ${walls.length} requests after the first: ${median(walls).toFixed(0)} ms (plan ${median(plans).toFixed(0)}, render ${median(renders).toFixed(0)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
