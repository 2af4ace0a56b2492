// The CLI's background process (--daemon): real processes over a real socket, each test with its own private
// XDG_RUNTIME_DIR so that no test meets another's (or a user's) background process.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { daemonPlace } from '../../src/cliDaemonPath';
import { listenOn } from '../../src/cliDaemon';
import { exitFrame, FrameKind, FrameReader, textFrame } from '../../src/cliDaemonFrames';
import * as net from 'node:net';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const dist = path.join(root, 'dist');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The JSON output without what differs between two runs of the same input (timings, index counts). */
function comparable(json: string): unknown {
  const j = JSON.parse(json) as { stats: Record<string, unknown> };
  delete j.stats.timingsMs;
  delete j.stats.index;
  return j;
}

async function waitForFile(file: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('code-compress --daemon', () => {
  let dir: string;
  let runtime: string;
  let env: NodeJS.ProcessEnv;
  let proj: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ccc-daemon-'));
    runtime = path.join(dir, 'runtime');
    mkdirSync(runtime, { mode: 0o700 });
    proj = path.join(dir, 'proj');
    mkdirSync(path.join(proj, 'src'), { recursive: true });
    const fn = (i: number) => `/** Adds ${i}. */\nexport function add${i}(x: number): number {\n  const y = x + ${i};\n  return y * 2;\n}\n`;
    writeFileSync(path.join(proj, 'src/math.ts'), Array.from({ length: 60 }, (_, i) => fn(i)).join('\n'));
    writeFileSync(path.join(proj, 'src/util.py'), 'import os\n\ndef home():\n    """Home folder."""\n    return os.environ["HOME"]\n');
    writeFileSync(path.join(dir, 'query.txt'), 'export function add7(x: number): number {');
    env = { ...process.env, XDG_RUNTIME_DIR: runtime, XDG_CACHE_HOME: path.join(dir, 'cache') };
  });

  after(() => {
    run(['--stop-daemon'], dir, env);
    rmSync(dir, { recursive: true, force: true });
  });

  const sockets = (): string[] => (existsSync(path.join(runtime, 'code-compress')) ? readdirSync(path.join(runtime, 'code-compress')).filter((f) => f.endsWith('.sock')) : []);

  it('serves runs from one background process, with the same output as a run of its own, paths taken from the client\'s folder', () => {
    const args = ['-b', '300', '--query-file', '../query.txt', '--format', 'json', 'src'];
    const alone = run(args, proj, env);
    assert.equal(alone.code, 0, alone.stderr);
    const first = run(['--daemon', ...args], proj, env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(sockets().length, 1, 'one socket in the private runtime folder');
    const second = run([...args, '--daemon'], proj, env);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(comparable(first.stdout), comparable(alone.stdout));
    assert.deepEqual(comparable(second.stdout), comparable(alone.stdout));
    assert.match(second.stderr, /tokens \(budget 300/, 'the summary line reaches the client');
    const index = (JSON.parse(second.stdout) as { stats: { index?: { hits: number; misses: number; reused?: boolean } } }).stats.index;
    assert.ok(index && index.misses === 0, `the second run found every file analysed: ${JSON.stringify(index)}`);
    // Text output, byte for byte.
    assert.equal(run(['--daemon', '-b', '300', 'src'], proj, env).stdout, run(['-b', '300', 'src'], proj, env).stdout);
  });

  it('sees an edit made between two runs', () => {
    const file = path.join(proj, 'src/util.py');
    const before = run(['--daemon', '-b', '2000', 'src'], proj, env);
    appendFileSync(file, '\ndef edited_between_runs():\n    return 42\n');
    const after = run(['--daemon', '-b', '2000', 'src'], proj, env);
    assert.equal(after.code, 0, after.stderr);
    assert.ok(!before.stdout.includes('edited_between_runs'));
    assert.ok(after.stdout.includes('edited_between_runs'), 'the edit is in the next run');
    assert.equal(after.stdout, run(['-b', '2000', 'src'], proj, env).stdout);
  });

  it('reports usage errors and failures with their exit status', () => {
    const bad = run(['--daemon', '-b', 'lots', 'src'], proj, env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--budget/);
    const missing = run(['--daemon', 'no-such-folder'], proj, env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no-such-folder|no readable source files/);
  });

  it('--stop-daemon stops it; the next --daemon run starts another', () => {
    run(['--daemon', '-b', '300', 'src'], proj, env);
    assert.equal(sockets().length, 1);
    assert.equal(run(['--stop-daemon'], proj, env).code, 0);
    assert.equal(sockets().length, 0, 'the socket is removed');
    assert.equal(run(['--stop-daemon'], proj, env).code, 0, 'stopping none is no error');
    assert.equal(run(['--daemon', '-b', '300', 'src'], proj, env).code, 0);
    assert.equal(sockets().length, 1);
  });

  it('a killed background process\'s socket is taken over; three started at once leave one serving', async () => {
    const rt = path.join(dir, 'race');
    mkdirSync(rt, { mode: 0o700 });
    const place = daemonPlace(dist, { XDG_RUNTIME_DIR: rt });
    assert.ok('socket' in place, JSON.stringify(place));
    const serve = () => spawn(process.execPath, [path.join(dist, 'cliMain.js'), '--serve-daemon', place.socket, '60000'], { stdio: 'ignore' });
    const killed = serve();
    await waitForFile(place.socket);
    killed.kill('SIGKILL');
    await new Promise((resolve) => killed.on('exit', resolve));
    assert.ok(existsSync(place.socket), 'a killed process leaves its socket file');
    // Three at once over the dead socket: two leave at once with exit 0 (none crashes on a file another removed
    // first, none removes the socket the winner just made), and the socket answers runs.
    const starters = [serve(), serve(), serve()];
    const exits = await new Promise<(number | null)[]>((resolve) => {
      const codes: (number | null)[] = [];
      for (const s of starters) s.on('exit', (code) => codes.push(code) === 2 && resolve(codes));
    });
    assert.deepEqual(exits, [0, 0]);
    const r = run(['--daemon', '-b', '300', 'src'], proj, { ...env, XDG_RUNTIME_DIR: rt });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!/running without --daemon/.test(r.stderr), r.stderr);
    assert.equal(starters.filter((s) => s.exitCode === null).length, 1, 'the one left serving is one of the three');
    assert.equal(run(['--stop-daemon'], proj, { ...env, XDG_RUNTIME_DIR: rt }).code, 0);
    for (const s of starters) s.kill();
  });

  it('of five listeners started at once over a dead socket, exactly one listens and the socket is its own', async () => {
    const rt = path.join(dir, 'five');
    mkdirSync(rt, { mode: 0o700 });
    const socket = path.join(rt, 'd.sock');
    const dead = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socket)})`], { stdio: 'ignore' });
    await waitForFile(socket);
    dead.kill('SIGKILL');
    await new Promise((resolve) => dead.on('exit', resolve));
    const servers = Array.from({ length: 5 }, () => net.createServer((c) => c.end('mine')));
    const won = await Promise.all(servers.map((s) => listenOn(s, socket)));
    assert.equal(won.filter(Boolean).length, 1, JSON.stringify(won));
    const reply = await new Promise<string>((resolve, reject) => {
      let text = '';
      net.connect(socket).on('data', (d) => (text += d.toString())).on('end', () => resolve(text)).on('error', reject);
    });
    assert.equal(reply, 'mine', 'the winner answers on the socket file');
    for (const s of servers) s.close();
  });

  it('Ctrl-C cancels the served run with exit 130, and the process serves the next run', async () => {
    // ~6 MB of distinct code, analysed from scratch on one thread: seconds of work, so Ctrl-C lands mid-run.
    const big = path.join(dir, 'big');
    mkdirSync(big, { recursive: true });
    for (let f = 0; f < 600; f++) {
      const fns = Array.from({ length: 60 }, (_, i) => `export function f${f}_${i}(a: number, b: string): string {\n  return b.repeat(a + ${f * 61 + i}) + '${f}-${i}';\n}\n`);
      writeFileSync(path.join(big, `m${f}.ts`), fns.join('\n'));
    }
    assert.equal(run(['--daemon', '-b', '300', 'src'], proj, env).code, 0, 'the background process is up');
    const child = spawn(process.execPath, [cli, '--daemon', '--no-cache', '--workers', '0', '-b', '2000', big], { cwd: proj, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise((r) => setTimeout(r, 700));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 130, stderr);
    assert.match(stderr, /cancelled/);
    const next = run(['--daemon', '-b', '300', 'src'], proj, env);
    assert.equal(next.code, 0, next.stderr);
    assert.ok(next.stdout.includes('add7'), 'the next run is served whole');
  });

  it('leaves by itself when idle', async () => {
    const place = daemonPlace(dist, { XDG_RUNTIME_DIR: path.join(dir, 'idle') });
    mkdirSync(path.join(dir, 'idle'), { mode: 0o700 });
    const again = daemonPlace(dist, { XDG_RUNTIME_DIR: path.join(dir, 'idle') });
    assert.ok('socket' in again, JSON.stringify(place));
    const child = spawn(process.execPath, [path.join(dist, 'cliMain.js'), '--serve-daemon', again.socket, '300'], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    assert.ok(!existsSync(again.socket), 'the socket is removed when it leaves');
  });

  it('refuses a runtime folder others can enter, and then runs without the background process', () => {
    const open = path.join(dir, 'open-runtime');
    mkdirSync(path.join(open, 'code-compress'), { recursive: true });
    chmodSync(path.join(open, 'code-compress'), 0o777);
    chmodSync(open, 0o700);
    // The runtime folder itself is private, its code-compress folder is not: refused, not used.
    const place = daemonPlace(dist, { XDG_RUNTIME_DIR: open });
    assert.ok('unavailable' in place || !place.socket.startsWith(open), JSON.stringify(place));
    if (process.platform === 'win32') return;
    const shared = path.join(dir, 'shared-tmp');
    mkdirSync(path.join(shared, `code-compress-${process.getuid?.() ?? -1}`), { recursive: true });
    chmodSync(path.join(shared, `code-compress-${process.getuid?.() ?? -1}`), 0o777);
    const r = run(['--daemon', '-b', '300', 'src'], proj, { ...env, XDG_RUNTIME_DIR: '', TMPDIR: shared });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /note: running without --daemon: .* not a folder only you can enter/);
    assert.ok(r.stdout.length > 0);
  });
});

describe('daemon reply frames', () => {
  it('come out whole however the stream is cut', () => {
    const big = 'x'.repeat(70_000) + 'é';
    const stream = Buffer.concat([textFrame(FrameKind.Out, 'hello '), textFrame(FrameKind.Err, 'warning: é\n'), textFrame(FrameKind.Out, big), exitFrame(130)]);
    for (const size of [1, 2, 5, 7, 4096, stream.length]) {
      const reader = new FrameReader();
      const got: [FrameKind, string | number][] = [];
      for (let at = 0; at < stream.length; at += size) {
        reader.push(stream.subarray(at, at + size), (kind, payload) => got.push([kind, kind === FrameKind.Exit ? payload.readInt32BE(0) : payload.toString('utf8')]));
      }
      assert.deepEqual(got, [
        [FrameKind.Out, 'hello '],
        [FrameKind.Err, 'warning: é\n'],
        [FrameKind.Out, big],
        [FrameKind.Exit, 130],
      ], `chunks of ${size} bytes`);
    }
  });
});
