// What gathering a folder costs a long-lived host once its files are known (the extension's and --daemon's case: a
// ReadCache of earlier reads, nothing changed): the walk, .gitignore rules, a stat per file, as gatherFiles does it
// on every request. Medians of warm runs, both ways the hosts read (the extension: asynchronous calls; the CLI:
// blocking ones).
// Usage (after `node esbuild.js --tests`): node out/bench/gather-speed.js [folder=.cache/bench/tree20] [runs=9]
// With CCC_BENCH_CPU_PROFILE=file.cpuprofile, the warm asynchronous runs are profiled (V8's CPU profiler) into it.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';
import { gatherFiles, ReadCache } from '../src/engine';
import { findRepoRoot } from './repoRoot';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const root = findRepoRoot(__dirname);
  const folder = path.resolve(process.argv[2] ?? path.join(root, '.cache/bench/tree20'));
  const runs = Number(process.argv[3] ?? 9);
  const profile = process.env.CCC_BENCH_CPU_PROFILE;
  for (const syncReads of [false, true]) {
    const cache = new ReadCache(0);
    const options = { cwd: folder, maxFileBytes: 1024 * 1024, cache, syncReads };
    const t0 = performance.now();
    const first = await gatherFiles([folder], options);
    const cold = performance.now() - t0;
    const session = profile && !syncReads ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const again = await gatherFiles([folder], options);
      warm.push(performance.now() - t);
      if (again.files.length !== first.files.length) throw new Error('the folder changed during the benchmark');
    }
    if (session && profile) {
      const { profile: taken } = await session.post('Profiler.stop');
      writeFileSync(profile, JSON.stringify(taken));
      session.disconnect();
    }
    const how = syncReads ? 'blocking reads (CLI)' : 'asynchronous reads (extension)';
    console.log(`${how}: ${first.files.length} files; first ${cold.toFixed(0)} ms, warm median of ${runs} ${median(warm).toFixed(0)} ms (${Math.min(...warm).toFixed(0)}–${Math.max(...warm).toFixed(0)})`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
