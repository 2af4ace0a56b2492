import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CachedEncoder } from '../../src/engine/encoder/encoder';
import {
  DeviceUnavailableError,
  loadNeuralEncoder,
  loadTransformers,
  NeuralModelNotFoundError,
  ORT_BINDING_SYMBOL,
  reduceLogits,
  LogitReducer,
  findVulkanLoader,
  findGpuDeviceNode,
  UnsupportedArchitectureError,
  type NeuralEncoder,
} from '../../src/engine/encoder/neural';
import { loadTokenCounter } from '../../src/engine/tokenize/tokenCounter';
import { repoRoot } from './helpers/assets';

const root = repoRoot();
const tinyDir = path.join(root, 'models/tiny-qwen2');
const tokenizersDir = path.join(root, 'dist/assets/tokenizers');
const VOCAB = 151_936;
const LOG2_VOCAB = Math.log2(VOCAB);

interface Manifest {
  readonly reference: { readonly ids: number[]; readonly surprisalBits: number[]; readonly entropyBits: number[] };
}

const code = `export function debounce<T extends (...args: unknown[]) => void>(fn: T, ms: number): T {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return ((...args: unknown[]) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  }) as T;
}
`;

/** Node's fetch with the network forbidden: any test that reaches it fails loudly. */
function forbidNetwork(): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = (() => Promise.reject(new Error('network access in a unit test'))) as typeof fetch;
  return () => {
    globalThis.fetch = original;
  };
}

describe('neural encoder (tiny Qwen2 ONNX model, local files only)', () => {
  let cacheDir: string;
  let encoder: NeuralEncoder;
  let restoreFetch: () => void;

  before(async () => {
    restoreFetch = forbidNetwork();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-neural-cache-'));
    encoder = await loadNeuralEncoder({ modelDir: tinyDir, cacheDir, device: 'auto', id: 'tiny-qwen2-test', family: 'tiny-qwen2-test', domain: 'code' });
  });

  after(() => {
    encoder?.dispose();
    restoreFetch();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('loads with remote models disabled and reports the device that runs (cpu here, after cuda and webgpu fail)', async () => {
    const tf = await loadTransformers();
    assert.equal(tf.env.allowRemoteModels, false);
    assert.equal(tf.env.cacheDir, cacheDir);
    assert.equal(encoder.deviceReport.requested, 'auto');
    assert.equal(encoder.deviceReport.used, 'cpu');
    if (process.platform === 'linux' && process.arch === 'x64') {
      assert.deepEqual(encoder.deviceReport.fallbacks.map((f) => f.device), ['cuda', 'webgpu']);
      assert.match(encoder.info.device, /^cpu, fp32 \(cuda, webgpu unavailable\)$/);
      // Without a Vulkan loader WebGPU is skipped before onnxruntime is asked (it would only fail, noisily).
      if (!findVulkanLoader()) assert.match(encoder.deviceReport.fallbacks[1]!.error, /libvulkan\.so\.1/);
      else if (!findGpuDeviceNode()) assert.match(encoder.deviceReport.fallbacks[1]!.error, /no GPU device/);
    }
    assert.equal(encoder.dtype, 'fp32');
    assert.equal(encoder.deviceReport.dtype.reason, 'fp32 is the reference precision');
    assert.equal(encoder.vocabSize, VOCAB);
    // The cache folder is ours, not node_modules, and loading wrote nothing into it.
    assert.deepEqual(fs.readdirSync(cacheDir), []);
  });

  it('falls back to cpu when onnxruntime itself throws for cuda (no silent fallback in onnxruntime)', async (t) => {
    if (process.platform !== 'linux' || process.arch !== 'x64') return t.skip('cuda is tried on linux-x64 only');
    // Make the provider look installed so the attempt reaches onnxruntime, which then fails to load it.
    const fakeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-fake-cuda-'));
    fs.writeFileSync(path.join(fakeDir, 'libonnxruntime_providers_cuda.so'), '');
    try {
      const enc = await loadNeuralEncoder({ modelDir: tinyDir, cacheDir, device: 'auto', onnxRuntimeBinding: path.join(fakeDir, 'onnxruntime_binding.node') });
      assert.equal(enc.deviceReport.used, 'cpu');
      assert.equal(enc.deviceReport.fallbacks[0]?.device, 'cuda');
      assert.doesNotMatch(enc.deviceReport.fallbacks[0].error, /not installed/);
      enc.dispose();
      await assert.rejects(
        loadNeuralEncoder({ modelDir: tinyDir, cacheDir, device: 'cuda', onnxRuntimeBinding: path.join(fakeDir, 'onnxruntime_binding.node') }),
        (err: Error) => err instanceof DeviceUnavailableError && /cuda: /.test(err.message) && /"auto" or "cpu"/.test(err.message),
      );
    } finally {
      delete (globalThis as Record<symbol, unknown>)[ORT_BINDING_SYMBOL];
      fs.rmSync(fakeDir, { recursive: true, force: true });
    }
  });

  it('scores real text: one finite surprisal per token, entropy within [0, log2(vocab)]', async () => {
    const counter = await loadTokenCounter(tokenizersDir, 'qwen2.5');
    const ids = counter.encode(code);
    const [scores] = await encoder.score([ids]);
    assert.ok(scores);
    assert.equal(scores.surprisal.length, ids.length);
    assert.ok(scores.entropy);
    assert.equal(scores.entropy.length, ids.length);
    for (let i = 0; i < ids.length; i++) {
      assert.ok(Number.isFinite(scores.surprisal[i]) && scores.surprisal[i]! >= 0, `surprisal[${i}] = ${scores.surprisal[i]}`);
      assert.ok(scores.entropy[i]! >= 0 && scores.entropy[i]! <= LOG2_VOCAB + 1e-4, `entropy[${i}] = ${scores.entropy[i]}`);
    }
    // Random weights, but not a uniform distribution: the values vary.
    assert.ok(Math.max(...scores.surprisal) - Math.min(...scores.surprisal) > 0.5);
  });

  it('matches torch’s float64 reference computed when the model was built', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(tinyDir, 'MANIFEST.json'), 'utf8')) as Manifest;
    const { ids, surprisalBits, entropyBits } = manifest.reference;
    // The reference sequence starts with the start token (<|endoftext|>) the encoder prepends itself.
    assert.equal(ids[0], 151643);
    const small = await loadNeuralEncoder({ modelDir: tinyDir, cacheDir, device: 'cpu', chunkTokens: 3 });
    try {
      const [scores] = await small.score([ids.slice(1)]);
      assert.ok(scores);
      assert.equal(scores.surprisal.length, surprisalBits.length);
      for (let i = 0; i < surprisalBits.length; i++) {
        assert.ok(Math.abs(scores.surprisal[i]! - surprisalBits[i]!) < 1e-3, `surprisal[${i}]: ${scores.surprisal[i]} vs torch ${surprisalBits[i]}`);
        assert.ok(Math.abs((scores.entropy?.[i] ?? -1) - entropyBits[i]!) < 1e-3, `entropy[${i}]: ${scores.entropy?.[i]} vs torch ${entropyBits[i]}`);
      }
    } finally {
      small.dispose();
    }
  });

  it('chunked scoring equals one-pass scoring (KV cache carried across chunks)', async () => {
    const counter = await loadTokenCounter(tokenizersDir, 'qwen2.5');
    const ids = counter.encode(code + code);
    const whole = await loadNeuralEncoder({ modelDir: tinyDir, cacheDir, device: 'cpu', chunkTokens: 4096 });
    const chunked = await loadNeuralEncoder({ modelDir: tinyDir, cacheDir, device: 'cpu', chunkTokens: 7 });
    try {
      const [a] = await whole.score([ids]);
      assert.ok(a);
      const [b] = await chunked.score([ids]);
      assert.ok(b);
      assert.equal(a.surprisal.length, b.surprisal.length);
      for (let i = 0; i < ids.length; i++) {
        assert.ok(Math.abs(a.surprisal[i]! - b.surprisal[i]!) < 1e-3, `surprisal[${i}]: ${a.surprisal[i]} vs ${b.surprisal[i]}`);
        assert.ok(Math.abs((a.entropy?.[i] ?? 0) - (b.entropy?.[i] ?? 0)) < 1e-3, `entropy[${i}]`);
      }
    } finally {
      whole.dispose();
      chunked.dispose();
    }
  });

  it('scores past the context window with a sliding restart, every token still finite', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => (i * 7919) % 150_000);
    const windowed = await loadNeuralEncoder({ modelDir: tinyDir, cacheDir, device: 'cpu', chunkTokens: 8, maxContextTokens: 16 });
    try {
      const [s] = await windowed.score([ids]);
      assert.ok(s);
      assert.equal(s.surprisal.length, 50);
      assert.ok(s.surprisal.every((v) => Number.isFinite(v)));
      // The first window is exact: identical to scoring without a window.
      const [full] = await encoder.score([ids]);
      assert.ok(full);
      for (let i = 0; i < 16; i++) assert.ok(Math.abs(s.surprisal[i]! - full.surprisal[i]!) < 1e-3);
    } finally {
      windowed.dispose();
    }
  });

  it('scores several sequences independently and empty ones as empty', async () => {
    const [a, empty, b] = await encoder.score([[9707, 11, 1879], [], [9707, 11, 1879]]);
    assert.ok(a && empty && b);
    assert.equal(empty.surprisal.length, 0);
    assert.deepEqual([...a.surprisal], [...b.surprisal]);
  });

  it('works behind the content-hash cache', async () => {
    const cached = new CachedEncoder(encoder);
    const ids = [9707, 11, 1879, 0, 220];
    const [first] = await cached.score([ids]);
    assert.ok(first);
    const [second] = await cached.score([ids]);
    assert.ok(second);
    assert.equal(first, second);
    assert.equal(cached.hits, 1);
  });

  it('stops between chunks when the signal aborts', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => (i * 31) % 150_000);
    const slow = await loadNeuralEncoder({ modelDir: tinyDir, cacheDir, device: 'cpu', chunkTokens: 2 });
    try {
      const controller = new AbortController();
      const pending = slow.score([ids], controller.signal);
      setImmediate(() => controller.abort());
      await assert.rejects(pending, (err: Error) => err.name === 'AbortError');
      const already = new AbortController();
      already.abort();
      await assert.rejects(slow.score([[1, 2, 3]], already.signal), (err: Error) => err.name === 'AbortError');
    } finally {
      slow.dispose();
    }
  });
});

describe('neural encoder errors', () => {
  let tmp: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-neural-err-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('says where config.json was expected and how to get the model', async () => {
    const missing = path.join(tmp, 'nope');
    await assert.rejects(loadNeuralEncoder({ modelDir: missing, cacheDir: tmp }), (err: Error) => {
      assert.ok(err instanceof NeuralModelNotFoundError);
      assert.ok(err.message.includes(`not found at ${path.join(missing, 'config.json')}`), err.message);
      assert.match(err.message, /download it/);
      return true;
    });
    await assert.rejects(loadNeuralEncoder({ modelDir: missing, cacheDir: tmp, missingModelHint: 'run `code-compress models download x`' }), /run `code-compress models download x`/);
  });

  it('names the missing ONNX file', async () => {
    const dir = path.join(tmp, 'no-onnx');
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(tinyDir, 'config.json'), path.join(dir, 'config.json'));
    await assert.rejects(loadNeuralEncoder({ modelDir: dir, cacheDir: tmp, dtype: 'q8' }), (err: Error) => err instanceof NeuralModelNotFoundError && err.message.includes('model_quantized.onnx'));
  });

  it('rejects a model that is not a causal LM', async () => {
    const dir = path.join(tmp, 'bert');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], vocab_size: 30522 }));
    await assert.rejects(loadNeuralEncoder({ modelDir: dir, cacheDir: tmp }), (err: Error) => err instanceof UnsupportedArchitectureError && /BertModel/.test(err.message));
  });

  it('rejects a causal LM type transformers.js does not know', async () => {
    const dir = path.join(tmp, 'weird');
    fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'frobnicator', architectures: ['FrobnicatorForCausalLM'], vocab_size: 10 }));
    fs.copyFileSync(path.join(tinyDir, 'onnx/model.onnx'), path.join(dir, 'onnx/model.onnx'));
    await assert.rejects(loadNeuralEncoder({ modelDir: dir, cacheDir: tmp, device: 'cpu' }), (err: Error) => err instanceof UnsupportedArchitectureError);
  });
});

describe('Vulkan loader lookup (gates WebGPU under auto)', () => {
  it('finds libvulkan.so.1 through LD_LIBRARY_PATH or the library folders, and says undefined otherwise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-vulkan-'));
    try {
      assert.equal(findVulkanLoader({ LD_LIBRARY_PATH: dir }, []), undefined);
      fs.writeFileSync(path.join(dir, 'libvulkan.so.1'), '');
      assert.equal(findVulkanLoader({ LD_LIBRARY_PATH: `/nonexistent:${dir}` }, []), path.join(dir, 'libvulkan.so.1'));
      assert.equal(findVulkanLoader({}, [dir]), path.join(dir, 'libvulkan.so.1'));
      assert.equal(findVulkanLoader({}, []), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GPU device node lookup (gates WebGPU under auto)', () => {
  it('finds a DRM render node or an NVIDIA device, and says undefined when neither is there', () => {
    const dev = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-dev-'));
    try {
      assert.equal(findGpuDeviceNode(dev), undefined);
      fs.mkdirSync(path.join(dev, 'dri'));
      fs.writeFileSync(path.join(dev, 'dri', 'card0'), '');
      fs.writeFileSync(path.join(dev, 'nvidiactl'), '');
      assert.equal(findGpuDeviceNode(dev), undefined, 'a card node or the NVIDIA control node alone is no render device');
      fs.writeFileSync(path.join(dev, 'nvidia0'), '');
      assert.equal(findGpuDeviceNode(dev), path.join(dev, 'nvidia0'));
      fs.writeFileSync(path.join(dev, 'dri', 'renderD128'), '');
      assert.equal(findGpuDeviceNode(dev), path.join(dev, 'dri', 'renderD128'));
    } finally {
      fs.rmSync(dev, { recursive: true, force: true });
    }
  });
});

describe('logit reduction', () => {
  it('gives exact surprisal and entropy for known distributions', () => {
    // Row 0: uniform over 4 → H = 2 bits, any token 2 bits. Row 1: p = [1/2, 1/4, 1/8, 1/8].
    const logits = new Float32Array([0, 0, 0, 0, Math.log(4), Math.log(2), 0, 0]);
    const s = new Float32Array(2);
    const h = new Float32Array(2);
    reduceLogits(logits, 4, 0, [3, 1], s, h, 0);
    assert.ok(Math.abs(s[0]! - 2) < 1e-6 && Math.abs(h[0]! - 2) < 1e-6);
    assert.ok(Math.abs(s[1]! - 2) < 1e-6);
    assert.ok(Math.abs(h[1]! - 1.75) < 1e-6);
  });

  it('gives the same in onnxruntime (the graph the encoder uses) as the float64 reference', async () => {
    const reducer = new LogitReducer(1);
    try {
      const exact = await reducer.reduce(new Float32Array([0, 0, 0, 0, Math.log(4), Math.log(2), 0, 0]), 4, [3, 1]);
      assert.equal(reducer.fallbackReason, undefined, 'the native session opened');
      assert.deepEqual([...exact.surprisal].map((x) => +x.toFixed(5)), [2, 2]);
      assert.deepEqual([...exact.entropy].map((x) => +x.toFixed(5)), [2, 1.75]);

      // A Qwen-sized vocabulary with peaked rows, a flat row and a row whose target follows nothing (−1).
      const vocab = 151936;
      const rows = 5;
      const logits = new Float32Array(rows * vocab + vocab); // one spare row: only `rows` rows are read
      let seed = 7;
      const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      for (let i = 0; i < logits.length; i++) logits[i] = (rand() - 0.5) * 8;
      for (let v = 0; v < vocab; v++) logits[2 * vocab + v] = 3; // flat: log2(vocab) bits
      logits[0 * vocab + 42] = 40; // nearly certain
      const targets = [42, 151935, 0, -1, 1000];
      const got = await reducer.reduce(logits, vocab, targets);
      const s = new Float32Array(rows);
      const h = new Float32Array(rows);
      reduceLogits(logits, vocab, 0, targets, s, h, 0);
      for (let r = 0; r < rows; r++) {
        assert.ok(Math.abs(got.entropy[r]! - h[r]!) < 2e-3, `entropy[${r}]: ${got.entropy[r]} vs ${h[r]}`);
        if (targets[r]! < 0) assert.ok(Number.isNaN(got.surprisal[r]), 'no target, no surprisal');
        else assert.ok(Math.abs(got.surprisal[r]! - s[r]!) < 2e-3, `surprisal[${r}]: ${got.surprisal[r]} vs ${s[r]}`);
      }
      assert.ok(Math.abs(got.entropy[2]! - Math.log2(vocab)) < 2e-3, 'a flat row has log2(vocab) bits');
      assert.ok(got.surprisal[0]! < 1e-3 && got.entropy[0]! < 1e-3, 'a certain row has none');
    } finally {
      await reducer.dispose();
    }
  });
});
