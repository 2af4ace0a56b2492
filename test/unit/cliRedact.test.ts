import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/tokenize/tokenCounter';
import { fakeSecretCorpus, leaked } from './helpers/fakeSecrets';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('code-compress redacts secrets in what it prints', () => {
  let dir: string;
  let counter: TokenCounter;
  const corpus = fakeSecretCorpus(7);

  before(async () => {
    counter = await loadTokenCounter(path.join(root, 'dist/assets/tokenizers'), 'qwen2.5');
    dir = mkdtempSync(path.join(tmpdir(), 'ccc-redact-'));
    // Each case in a file of its own name; the folder mixes them with ordinary code.
    corpus.forEach((c, i) => {
      mkdirSync(path.join(dir, String(i)));
      writeFileSync(path.join(dir, String(i), path.basename(c.path)), c.text);
    });
    const fn = (i: number) => `export function step${i}(x: number): number {\n  return x * ${i} + 1;\n}\n`;
    writeFileSync(path.join(dir, 'pipeline.ts'), Array.from({ length: 40 }, (_, i) => fn(i)).join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('hides every secret on stdout by default and names the files on stderr, never the secret', () => {
    const r = run(['-b', '60000', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    for (const c of corpus) for (const s of c.secrets) assert.ok(!leaked(r.stdout, s) && !leaked(r.stderr, s), `${c.format} leaked`);
    assert.match(r.stdout, /«redacted:aws-secret»/);
    assert.match(r.stderr, /warning: \d+ secrets redacted \(.*\) in 0\/s3client\.ts, /);
  });

  it('keeps them with --no-redact', () => {
    const r = run(['-b', '60000', '--no-redact', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(corpus.every((c) => c.secrets.every((s) => r.stdout.includes(s))), 'all secrets are kept verbatim');
    assert.doesNotMatch(r.stderr, /redacted/);
  });

  it('counts the markers inside the budget: a small budget over many secrets is never exceeded', () => {
    for (const budget of [64, 200, 625, 2000]) {
      const r = run(['-b', String(budget), '-q', 'stripe webhook password', '.'], dir);
      assert.equal(r.code, 0, r.stderr);
      const tokens = counter.count(r.stdout);
      assert.ok(tokens <= budget, `${tokens} tokens for a budget of ${budget}`);
      for (const c of corpus) for (const s of c.secrets) assert.ok(!leaked(r.stdout, s), `${c.format} leaked at budget ${budget}`);
    }
  });

  it('reports the redaction in --format json as a warning with its code', () => {
    const r = run(['-b', '4000', '--format', 'json', '.'], dir);
    const out = JSON.parse(r.stdout) as { warnings: { code: string; message: string }[] };
    const w = out.warnings.find((x) => x.code === 'redacted-secrets');
    assert.ok(w, 'a redacted-secrets warning');
    assert.match(w.message, /secrets redacted/);
  });
});
