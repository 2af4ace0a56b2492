import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  chooseDtype,
  deviceCandidates,
  downloadDtype,
  dtypeMismatch,
  halfToFloat,
  loadNeuralEncoder,
  findGpuDeviceNode,
  findVulkanLoader,
  NeuralRuntimeUnsupportedError,
  onnxRuntimeUnsupported,
  plannedDevice,
} from '../../src/engine/encoder/neural';
import { repoRoot } from './helpers/assets';

describe('device candidates per platform', () => {
  it('auto tries the GPU providers worth trying, then the CPU; a named device alone', () => {
    assert.deepEqual(deviceCandidates('auto', 'linux', 'x64'), ['cuda', 'webgpu', 'cpu']);
    assert.deepEqual(deviceCandidates('auto', 'linux', 'arm64'), ['cpu']);
    assert.deepEqual(deviceCandidates('auto', 'win32', 'x64'), ['dml', 'cpu']);
    assert.deepEqual(deviceCandidates('auto', 'win32', 'arm64'), ['dml', 'cpu']);
    // CoreML splits a causal LM's dynamic-shape graph and has run slower than the CPU: not under auto.
    assert.deepEqual(deviceCandidates('auto', 'darwin', 'arm64'), ['cpu']);
    assert.deepEqual(deviceCandidates('coreml', 'darwin', 'arm64'), ['coreml']);
    assert.deepEqual(deviceCandidates('cuda'), ['cuda']);
    assert.deepEqual(deviceCandidates('cpu'), ['cpu']);
  });

  it('says plainly where onnxruntime-node has no binary, and what to use instead', () => {
    for (const [platform, arch] of [['linux', 'x64'], ['linux', 'arm64'], ['win32', 'x64'], ['win32', 'arm64'], ['darwin', 'arm64']] as const) {
      assert.equal(onnxRuntimeUnsupported(platform, arch), undefined, `${platform}-${arch}`);
    }
    const intelMac = onnxRuntimeUnsupported('darwin', 'x64');
    assert.ok(intelMac);
    assert.match(intelMac, /Intel Mac \(darwin-x64\)/);
    assert.match(intelMac, /built-in encoder/);
    assert.match(intelMac, /--gguf/);
    assert.match(intelMac, /--scorer-endpoint/);
    assert.match(onnxRuntimeUnsupported('freebsd', 'x64') ?? '', /no binary for freebsd-x64/);
  });

  it('refuses to load on an Intel Mac with that message (no module-load crash)', async () => {
    await assert.rejects(
      loadNeuralEncoder({ modelDir: path.join(repoRoot(), 'models/tiny-qwen2'), cacheDir: os.tmpdir(), platform: { platform: 'darwin', arch: 'x64' } }),
      (err: Error) => err instanceof NeuralRuntimeUnsupportedError && /darwin-x64/.test(err.message) && /--gguf/.test(err.message),
    );
  });
});

describe('the device a download is for', () => {
  it('is the named device, or under auto the first one whose provider can be there', () => {
    assert.equal(plannedDevice('coreml'), 'coreml');
    assert.equal(plannedDevice('cpu'), 'cpu');
    if (process.platform === 'linux' && process.arch === 'x64' && !(findVulkanLoader() && findGpuDeviceNode())) {
      // Here: no CUDA provider files next to onnxruntime (a fake binding folder holds none), no usable WebGPU.
      assert.equal(plannedDevice('auto', path.join(os.tmpdir(), 'no-such-ort', 'onnxruntime_binding.node')), 'cpu');
    }
  });
});

describe('weights per device', () => {
  it('the CPU takes fp32, then q8; a GPU takes fp16, then fp32, never q8 under auto', () => {
    assert.equal(chooseDtype('cpu', ['q8', 'fp32'])?.dtype, 'fp32');
    assert.equal(chooseDtype('cpu', ['q8', 'fp16'])?.dtype, 'q8');
    assert.equal(chooseDtype('cpu', ['fp16'])?.dtype, 'fp16');
    for (const gpu of ['cuda', 'webgpu', 'dml', 'coreml'] as const) {
      assert.equal(chooseDtype(gpu, ['q8', 'fp32', 'fp16'])?.dtype, 'fp16', gpu);
      assert.equal(chooseDtype(gpu, ['q8', 'fp32'])?.dtype, 'fp32', gpu);
      assert.equal(chooseDtype(gpu, ['q8', 'q4']), undefined, `${gpu} with quantised weights only moves on under auto`);
    }
    assert.match(chooseDtype('webgpu', ['fp16'])?.reason ?? '', /fp16 is native/);
  });

  it('runs a known-bad pair only when asked for, with a warning', () => {
    const named = chooseDtype('webgpu', ['q8'], { deviceNamed: true });
    assert.equal(named?.dtype, 'q8');
    assert.match(named?.warning ?? '', /known-bad pair/);
    const explicit = chooseDtype('cuda', ['q8', 'fp16'], { requested: 'q8' });
    assert.equal(explicit?.dtype, 'q8');
    assert.equal(explicit?.reason, 'set explicitly');
    assert.match(explicit?.warning ?? '', /onnxruntime #7745/);
    assert.equal(chooseDtype('cpu', ['fp32'], { requested: 'q8' }), undefined, 'an explicit dtype whose file is missing');
    assert.equal(chooseDtype('cpu', ['q8'], { requested: 'q8' })?.warning, undefined);
    assert.match(chooseDtype('cpu', ['fp16'], { requested: 'fp16' })?.warning ?? '', /slowly/);
  });

  it('knows the bad pairs and downloads the device’s format', () => {
    assert.equal(dtypeMismatch('cpu', 'q8'), undefined);
    assert.equal(dtypeMismatch('dml', 'fp16'), undefined);
    assert.ok(dtypeMismatch('coreml', 'q4'));
    assert.equal(downloadDtype('cpu', 'q8'), 'q8');
    assert.equal(downloadDtype('cpu', 'fp16'), 'q8');
    assert.equal(downloadDtype('webgpu', 'q8'), 'fp16');
    assert.equal(downloadDtype('cuda', 'fp32'), 'fp32');
  });
});

describe('float16 logits', () => {
  it('widens half-precision bit patterns exactly', () => {
    // 1, -2, 0.5, 65504 (largest half), 2^-24 (smallest subnormal), -0, +inf, NaN
    const halves = Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x8000, 0x7c00, 0x7e00]);
    const out = halfToFloat(halves);
    assert.deepEqual([...out.subarray(0, 5)], [1, -2, 0.5, 65504, 2 ** -24]);
    assert.ok(Object.is(out[5], -0));
    assert.equal(out[6], Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(out[7]));
  });
});
