import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadNeuralEncoder } from '../../src/engine/encoder/neural';
import { repoRoot } from './helpers/assets';

// Runs in its own process (node --test runs each file separately): onnxruntime's native library can be
// loaded once per process, and this test must be the one that loads it, from the packaged location.
describe('neural encoder as packaged (native runtime from dist/assets, not node_modules)', () => {
  const platformDir = `${process.platform}-${process.arch}`;
  const binding = path.join(repoRoot(), 'dist/assets/onnxruntime', platformDir, 'onnxruntime_binding.node');

  it('loads onnxruntime from the shipped folder given by onnxRuntimeBinding, lazily', async (t) => {
    if (!fs.existsSync(binding)) return t.skip(`no packaged runtime at ${binding} (run node esbuild.js)`);
    const mapped = (): string => (process.platform === 'linux' ? fs.readFileSync('/proc/self/maps', 'utf8') : '');
    // Importing the engine module did not load the native library.
    assert.doesNotMatch(mapped(), /libonnxruntime/);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-packaged-'));
    try {
      const enc = await loadNeuralEncoder({ modelDir: path.join(repoRoot(), 'models/tiny-qwen2'), cacheDir, device: 'auto', onnxRuntimeBinding: binding });
      assert.equal(enc.deviceReport.used, 'cpu');
      const [s] = await enc.score([[9707, 11, 1879]]);
      assert.ok(s);
      assert.equal(s.surprisal.length, 3);
      enc.dispose();
      if (process.platform === 'linux') {
        const libs = mapped().split('\n').filter((l) => /libonnxruntime\.so|onnxruntime_binding\.node/.test(l));
        assert.ok(libs.length > 0);
        for (const l of libs) assert.ok(l.includes(path.dirname(binding)), `loaded from ${l.trim().split(/\s+/).at(-1)}`);
      }
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
