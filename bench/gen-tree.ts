/**
 * Generates a source tree of a given size from real code, for measuring memory against input size (issue 20:
 * a 200 MB tree used to kill the process). Copies the rxjs corpus (.cache/bench/corpora, fetched by
 * bench/corpora/fetch.sh), Python's standard library and test/fixtures/real, over and over under copy<k>/,
 * until the tree holds the requested number of megabytes of source files.
 * Run: `node out/bench/gen-tree.js --mb 100 --out /tmp/tree-100`.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { findRepoRoot } from './repoRoot';

const SOURCE = /\.(ts|tsx|js|py|go|rs|java|c|cc|cpp|h|hpp)$/;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => SOURCE.test(f) && !f.split(path.sep).includes('node_modules'))
    .sort();
}

function main(): void {
  const { values } = parseArgs({ options: { mb: { type: 'string' }, out: { type: 'string' } } });
  if (!values.mb || !values.out) throw new Error('usage: gen-tree --mb <megabytes> --out <folder>');
  const want = Number(values.mb) * 1024 * 1024;
  const root = findRepoRoot(__dirname);
  const corpora = [path.join(root, '.cache/bench/corpora/rxjs'), '/usr/lib/python3.11', path.join(root, 'test/fixtures/real')];
  const files = corpora.flatMap((dir) => sourceFiles(dir).map((f) => ({ from: path.join(dir, f), rel: path.join(path.basename(dir), f), size: statSync(path.join(dir, f)).size })));
  if (files.length === 0) throw new Error('no corpus found: run bench/corpora/fetch.sh');
  let total = 0;
  let count = 0;
  for (let copy = 0; total < want; copy++) {
    for (const f of files) {
      if (total >= want) break;
      const to = path.join(values.out, `copy${copy}`, f.rel);
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(f.from, to);
      total += f.size;
      count++;
    }
  }
  process.stdout.write(`${values.out}: ${count} files, ${(total / 1024 / 1024).toFixed(1)} MB\n`);
}

main();
