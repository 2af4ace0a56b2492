import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/tokenize/tokenCounter';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');

function run(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('code-compress CLI', () => {
  let dir: string;
  let counter: TokenCounter;

  before(async () => {
    counter = await loadTokenCounter(path.join(root, 'dist/assets/tokenizers'), 'qwen2.5');
    dir = mkdtempSync(path.join(tmpdir(), 'ccc-cli-'));
    mkdirSync(path.join(dir, 'proj/src'), { recursive: true });
    mkdirSync(path.join(dir, 'proj/generated'), { recursive: true });
    const fn = (i: number) => `/** Adds ${i}. */\nexport function add${i}(x: number): number {\n  const y = x + ${i};\n  return y * 2;\n}\n`;
    writeFileSync(path.join(dir, 'proj/src/math.ts'), Array.from({ length: 80 }, (_, i) => fn(i)).join('\n'));
    writeFileSync(path.join(dir, 'proj/src/util.py'), 'import os\n\ndef home():\n    """Home folder."""\n    return os.environ["HOME"]\n');
    writeFileSync(path.join(dir, 'proj/src/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    writeFileSync(path.join(dir, 'proj/src/latin1.c'), Buffer.from('int caf\xe9 = 1;\n', 'latin1'));
    writeFileSync(path.join(dir, 'proj/src/big.js'), `// big\n${'x();\n'.repeat(400_000)}`);
    writeFileSync(path.join(dir, 'proj/generated/out.ts'), 'export const SHOULD_BE_IGNORED = 1;\n');
    writeFileSync(path.join(dir, 'proj/.gitignore'), 'generated/\n');
    writeFileSync(path.join(dir, 'query.txt'), 'export function add7(x: number): number {');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a context within the budget on stdout and stats on stderr', () => {
    for (const budget of ['200', '1000', '4000']) {
      const r = run(['-b', budget, 'proj'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(counter.count(r.stdout) <= Number(budget), `${counter.count(r.stdout)} > ${budget}`);
      assert.match(r.stderr, /\d+(\.\d)?× \S+→\S+ tokens \(budget \d+, decoder qwen2\.5-coder-7b\)/);
      assert.ok(!r.stdout.includes('×'), 'stats leaked into stdout');
    }
  });

  it('honours .gitignore, skips binary and oversized files with a message, decodes bad UTF-8 lossily', () => {
    const r = run(['--budget', '4000', 'proj'], dir);
    assert.equal(r.code, 0);
    assert.ok(!r.stdout.includes('SHOULD_BE_IGNORED'));
    assert.match(r.stderr, /Skipped proj\/src\/logo\.png: it looks binary/);
    assert.match(r.stderr, /Skipped proj\/src\/big\.js: \d+ KB is over the 1024 KB limit/);
    assert.match(r.stderr, /proj\/src\/latin1\.c is not valid UTF-8/);
  });

  it('lists a few dense-code warnings on stderr and counts the rest; the JSON output has them all', () => {
    const blobs = path.join(dir, 'blobs');
    mkdirSync(blobs, { recursive: true });
    // Each file holds one base64 blob: dense code by the detectors, whatever the encoder says.
    for (let i = 0; i < 9; i++) {
      const bytes = Buffer.from(Array.from({ length: 600 }, (_, k) => (k * 131 + i * 17 + ((k * k) % 251)) % 256));
      writeFileSync(path.join(blobs, `blob${i}.ts`), `export const BLOB_${i} =\n  '${bytes.toString('base64')}';\n`);
    }
    const text = run(['-b', '2000', 'blobs'], dir);
    assert.equal(text.code, 0, text.stderr);
    const denseLines = text.stderr.split('\n').filter((l) => /^warning: blobs\/blob\d\.ts L\d+-\d+: Dense code/.test(l));
    assert.equal(denseLines.length, 5, text.stderr);
    assert.match(text.stderr, /^warning: 4 more regions of dense code \(--format json lists them all\)\.$/m);
    const json = run(['-b', '2000', '--format', 'json', 'blobs'], dir);
    assert.equal(json.code, 0, json.stderr);
    const data = JSON.parse(json.stdout) as { warnings: { code: string }[] };
    assert.equal(data.warnings.filter((w) => w.code === 'dense-code').length, 9);
    assert.match(json.stderr, /4 more regions of dense code \(all are in the JSON output\)/);
  });

  it('keeps the query verbatim when it is code from the inputs', () => {
    const r = run(['-b', '300', '--query-file', 'query.txt', 'proj'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes('export function add7(x: number): number {\n  const y = x + 7;'));
  });

  it('emits json with slots, stats and warnings', () => {
    const r = run(['-b', '500', '--format', 'json', '-q', 'home folder', 'proj'], dir);
    assert.equal(r.code, 0, r.stderr);
    const data = JSON.parse(r.stdout) as { text: string; slots: { path: string; level: string }[]; stats: { compressedTokens: number; budget: number }; warnings: { code: string }[] };
    assert.ok(data.stats.compressedTokens <= 500);
    assert.equal(counter.count(data.text), data.stats.compressedTokens);
    assert.ok(data.slots.some((s) => s.path === 'proj/src/util.py' && s.level === 'verbatim'));
    assert.ok(data.warnings.some((w) => w.code === 'skipped-file'));
  });

  it('emits markdown within the budget', () => {
    const r = run(['-b', '600', '--format', 'markdown', 'proj/src/util.py'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /### proj\/src\/util\.py\n\n```python\n/);
    assert.ok(counter.count(r.stdout) <= 600);
  });

  it('exits 2 with a helpful message on usage errors', () => {
    for (const args of [[], ['-b', 'lots', 'proj'], ['-b', '0', 'proj'], ['--format', 'xml', 'proj'], ['--decoder', 'gpt-9', 'proj'], ['--nope', 'proj'], ['-q', 'a', '--query-file', 'query.txt', 'proj'], ['--conditional-perplexity', 'sometimes', 'proj']]) {
      const r = run(args, dir);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
      assert.match(r.stderr, /code-compress: .+\nRun `code-compress --help` for usage\./);
      assert.equal(r.stdout, '');
    }
  });

  it('exits 1 when nothing readable was found, after reporting each input', () => {
    const r = run(['missing-folder', 'proj/src/logo.png'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Skipped missing-folder: no such file or folder/);
    assert.match(r.stderr, /no readable source files/);
    assert.equal(r.stdout, '', 'no context is printed for no input');
    assert.doesNotMatch(r.stderr, /→/, 'no compression summary for no input');
  });

  it('counts one file and one unit in the singular', () => {
    const r = run(['-b', '200', 'proj/src/latin1.c'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, / · 1 file, 1 unit · /);
  });

  it('reports unreadable files and carries on', { skip: process.getuid?.() === 0 ? 'root can read everything' : false }, () => {
    const locked = path.join(dir, 'proj/src/locked.ts');
    writeFileSync(locked, 'export const a = 1;\n');
    chmodSync(locked, 0);
    const r = run(['proj/src'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /Skipped proj\/src\/locked\.ts: EACCES/);
  });

  it('prints help and version', () => {
    const help = run(['--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: code-compress \[options\] <file-or-folder>/);
    assert.match(run(['-V'], dir).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
