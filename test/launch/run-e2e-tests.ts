// Runs every UI end-to-end test (out/test/e2e/*.e2e.js, built from test/e2e/*.e2e.ts) one after another,
// each in its own process with its own code-server and browser; stops at the first failure.
// Usage (after `node esbuild.js --tests`): node out/test/launch/run-e2e-tests.js [name-filter]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './code-server';

function main(): number {
  const dir = path.join(repoRoot(), 'out/test/e2e');
  const filter = process.argv[2] ?? '';
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.js') && f.includes(filter)).sort() : [];
  if (files.length === 0) {
    console.error(`run-e2e-tests: no *.e2e.js under ${dir}${filter ? ` matching "${filter}"` : ''}; build with \`node esbuild.js --tests\``);
    return 1;
  }
  for (const f of files) {
    console.log(`── e2e: ${f}`);
    const r = spawnSync(process.execPath, ['--enable-source-maps', path.join(dir, f)], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`run-e2e-tests: ${f} failed (${r.signal ? `signal ${r.signal}` : `exit code ${r.status ?? '?'}`})`);
      return 1;
    }
  }
  console.log(`run-e2e-tests: ${files.length} e2e test file(s) passed`);
  return 0;
}

process.exit(main());
