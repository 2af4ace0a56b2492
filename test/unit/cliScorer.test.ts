import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sendJson, startServer, type TestServer } from './helpers/llmServers';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');

/** The CLI as a child process, without blocking this process's event loop (the fake servers live here). */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('code-compress --scorer-endpoint', () => {
  let dir: string;
  let file: string;
  let broken: TestServer;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ccc-cli-scorer-'));
    file = path.join(dir, 'math.ts');
    writeFileSync(file, Array.from({ length: 30 }, (_, i) => `export function add${i}(x: number): number {\n  return x + ${i};\n}\n`).join('\n'));
    broken = await startServer({
      'GET /v1/models': (_req, res) => sendJson(res, 200, { object: 'list', data: [{ id: 'Qwen/Qwen2.5-Coder-0.5B', max_model_len: 32768 }] }),
      'POST /v1/completions': (_req, res) => sendJson(res, 500, { object: 'error', message: 'CUDA error: out of memory' }),
    });
  });

  after(async () => {
    await broken.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects --scorer-protocol without an endpoint, and an unknown protocol', async () => {
    const lone = await run(['--scorer-protocol', 'sglang', file]);
    assert.equal(lone.code, 2);
    assert.match(lone.stderr, /--scorer-protocol goes with --scorer-endpoint/);
    const bad = await run(['--scorer-endpoint', broken.url, '--scorer-protocol', 'tgi', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /must be vllm or sglang/);
  });

  it('refuses a non-loopback scoring server unless --allow-remote', async () => {
    const r = await run(['--scorer-endpoint', 'http://10.1.2.3:8000', file]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /10\.1\.2\.3/);
    assert.equal(broken.requests.length, 0);
  });

  it('a server that fails every request loses nothing: the built-in encoder scores, the output is the default one, and a warning says so', async () => {
    const plain = await run(['-b', '300', file]);
    const viaServer = await run(['-b', '300', '--scorer-endpoint', broken.url, file]);
    assert.equal(viaServer.code, 0, viaServer.stderr);
    assert.equal(viaServer.stdout, plain.stdout);
    assert.match(viaServer.stderr, /did not score .* HTTP 500.*builtin-ngram-qwen2\.5-code scored those instead/);
    assert.ok(broken.requests.some((r) => r.path === '/v1/completions'));
  });
});
