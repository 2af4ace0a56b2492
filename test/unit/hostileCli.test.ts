import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from './helpers/assets';
import { runCli } from './helpers/boundedCli';

/** Generous: a run that has not ended by then has hung. Never a timing assertion. */
const HANG_GUARD_MS = 90_000;
/**
 * When the signal is sent: after the CLI has started (loading it takes a second or two on a busy machine, and a
 * Ctrl-C before its handler is installed just kills it) and well inside the slow phase of the inputs below,
 * each of which takes many seconds more.
 */
const SIGNAL_AFTER_MS = 4_000;

describe('hostile input: the command line under Ctrl-C, a closed pipe and impossible limits', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ccc-hostile-cli-'));
    // A tree that takes the CLI many seconds: the engine's own sources, copied 40 times.
    const src = path.join(repoRoot(), 'src/engine');
    const sources = readdirSync(src, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    for (let copy = 0; copy < 40; copy++) {
      for (const f of sources) {
        const to = path.join(dir, 'tree', `c${copy}`, f);
        mkdirSync(path.dirname(to), { recursive: true });
        writeFileSync(to, readFileSync(path.join(src, f)));
      }
    }
    mkdirSync(path.join(dir, 'long'));
    // Eight files of one 3 MB word each: on an idle machine one word alone is tokenised (O(n log n)) before the
    // signal comes, so the run must stay inside such stretches for longer than SIGNAL_AFTER_MS.
    for (let i = 0; i < 8; i++) writeFileSync(path.join(dir, `long/big${i}.py`), `x = "${String.fromCharCode(97 + i).repeat(3_000_000)}"\n`);
    mkdirSync(path.join(dir, 'small'));
    writeFileSync(path.join(dir, 'small/a.py'), 'def f():\n    return 1\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [phase, input] of [
    ['a large tree', 'tree'],
    ['one huge pre-tokenizer word', 'long'],
  ] as const) {
    it(`Ctrl-C while compressing ${phase} exits 130 (it used to finish, or wait for the phase to end)`, async () => {
      // --no-cache: an index warmed by an earlier run would make the slow phase instant, and nothing to interrupt.
      const r = await runCli(['-b', '4000', '--max-file-size', '4096', '--no-cache', input], {
        cwd: dir,
        hangGuardMs: HANG_GUARD_MS,
        onSpawn: (pid) => setTimeout(() => process.kill(pid, 'SIGINT'), SIGNAL_AFTER_MS),
      });
      assert.equal(r.hung, false);
      assert.equal(r.code, 130, r.stderr);
      assert.equal(r.stdout, '', 'no context printed after Ctrl-C');
      assert.match(r.stderr, /cancelled/);
    });
  }

  it('a second Ctrl-C exits at once with 130, even inside a long synchronous stretch of work', async () => {
    const r = await runCli(['-b', '4000', '--max-file-size', '4096', '--no-cache', 'long'], {
      cwd: dir,
      hangGuardMs: HANG_GUARD_MS,
      onSpawn: (pid) =>
        setTimeout(() => {
          process.kill(pid, 'SIGINT');
          setTimeout(() => process.kill(pid, 'SIGINT'), 20);
        }, SIGNAL_AFTER_MS),
    });
    assert.equal(r.hung, false);
    assert.equal(r.code, 130);
  });

  it('`| head -c 100`: a reader that closes the pipe early ends the run quietly with 0', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot(), 'dist/cli.js'), '--format', 'json', '-b', '30000', 'tree/c0'], { cwd: dir });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let got = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      got += chunk.length;
      if (got >= 100) child.stdout.destroy(); // what head does after 100 bytes
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), HANG_GUARD_MS);
    const [code] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    clearTimeout(guard);
    assert.ok(got >= 100);
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error|at .*\.js:\d+/);
  });

  it('a budget too small to hold any of the code is an error with a clear message, not an empty context', async () => {
    const r = await runCli(['-b', '16', 'small'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /none of the code fits in a budget of 16 tokens, so the context would be empty\. Raise --budget\./);
  });

  it('--max-input-size stops a tree over the limit with how to raise it; --exclude leaves files out', async () => {
    const over = await runCli(['--max-input-size', '1', 'tree'], { cwd: dir, hangGuardMs: HANG_GUARD_MS });
    assert.equal(over.code, 1);
    assert.equal(over.stdout, '');
    assert.match(over.stderr, /more than the 1 MB input limit, so gathering stopped\..* Raise it with --max-input-size <MB> \(now 1\)\./);
    const excluded = await runCli(['--format', 'json', '--exclude', 'c[1-9]*/', '--exclude', '*.ts', '--exclude', '!compress.ts', 'tree'], { cwd: dir, hangGuardMs: HANG_GUARD_MS });
    assert.equal(excluded.code, 0, excluded.stderr);
    const paths = new Set((JSON.parse(excluded.stdout) as { slots: { path: string }[] }).slots.map((s) => s.path));
    assert.deepEqual([...paths], ['tree/c0/compress.ts']);
  });
});
