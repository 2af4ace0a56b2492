import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from './helpers/assets';
import { runCli, type CliRun } from './helpers/boundedCli';
import { FakeHub, REPO } from './helpers/fakeHub';

const tinyDir = path.join(repoRoot(), 'models/tiny-qwen2');

/** The CLI as a child process (the fake Hub lives in this one), its caches under `home`. */
function run(args: string[], home: string): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: path.join(home, 'cache') };
  delete env.HF_ENDPOINT;
  return runCli(args, { cwd: home, env, hangGuardMs: 120_000 });
}

describe('code-compress --download-encoder (a loopback Hub, no network)', () => {
  const hub = new FakeHub();
  let endpoint: string;
  let home: string;

  before(async () => {
    endpoint = await hub.start();
    home = mkdtempSync(path.join(tmpdir(), 'ccc-cli-download-'));
    hub.listingPageSize = 10;
    hub.files.set('config.json', readFileSync(path.join(tinyDir, 'config.json')));
    hub.files.set('generation_config.json', readFileSync(path.join(tinyDir, 'generation_config.json')));
    // The registry's CPU weights are q8; the tiny test model stands in for them under that name.
    hub.files.set('onnx/model_quantized.onnx', readFileSync(path.join(tinyDir, 'onnx/model.onnx')));
  });

  after(async () => {
    await hub.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('downloads the CPU weights into the model cache, checked against the Hub, and --encoder then scores with them', async () => {
    const r = await run(['--download-encoder', 'qwen2.5-coder-0.5b-instruct', '--device', 'cpu', '--hub-endpoint', endpoint], home);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.hung, false);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Downloading Qwen2\.5-Coder-0\.5B-Instruct \(ONNX\) \(q8 weights, for cpu\)/);
    assert.match(r.stderr, /3 file\(s\) matched the SHA-256 or git id the Hub lists/);
    assert.match(r.stderr, /onnx\/model_quantized\.onnx \(3\/3\) 100%/);
    const dir = path.join(home, 'cache', 'code-context-compressor', 'models', ...REPO.split('/'));
    assert.ok(readFileSync(path.join(dir, 'onnx/model_quantized.onnx')).equals(hub.files.get('onnx/model_quantized.onnx')!));

    const src = path.join(home, 'math.ts');
    writeFileSync(src, Array.from({ length: 12 }, (_, i) => `export function add${i}(x: number): number {\n  return x + ${i};\n}\n`).join('\n'));
    const c = await run(['-b', '200', '--no-cache', '--encoder', 'qwen2.5-coder-0.5b-instruct', '--device', 'cpu', '--format', 'json', src], home);
    assert.equal(c.code, 0, c.stderr);
    const stats = (JSON.parse(c.stdout) as { stats: { encoder?: { id: string } } }).stats;
    assert.equal(stats.encoder?.id, 'qwen2.5-coder-0.5b-instruct');
  });

  it('a corrupt file fails the command with the reason, and leaves nothing that looks like a model', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'ccc-cli-download-'));
    hub.corrupt.add('onnx/model_quantized.onnx');
    try {
      const r = await run(['--download-encoder', 'qwen2.5-coder-0.5b-instruct', '--device', 'cpu', '--hub-endpoint', endpoint], other);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /does not match the Hub's listing: its SHA-256 is/);
      const dir = path.join(other, 'cache', 'code-context-compressor', 'models', ...REPO.split('/'));
      assert.equal(existsSync(path.join(dir, 'onnx/model_quantized.onnx')), false);
    } finally {
      hub.corrupt.clear();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('refuses what cannot be downloaded, and files given with it', async () => {
    const builtin = await run(['--download-encoder', 'builtin-code-ngram'], home);
    assert.equal(builtin.code, 2);
    assert.match(builtin.stderr, /--download-encoder needs one of qwen2\.5-coder-0\.5b-instruct/);
    const withFiles = await run(['--download-encoder', 'qwen2.5-coder-0.5b-instruct', 'src'], home);
    assert.equal(withFiles.code, 2);
    assert.match(withFiles.stderr, /give no files with it/);
    const stray = await run(['--hub-endpoint', endpoint, 'src'], home);
    assert.equal(stray.code, 2);
  });
});
