/**
 * Scoring speed per encoder backend and device on the same input: tokens/s, time to first score (load +
 * the first unit), peak memory (max RSS). Each backend runs in its own child process so one's memory and
 * warm caches never count for another.
 *
 *   node esbuild.js --tests && node out/bench/scoring-speed.js [--tokens 1024] [--unit 256]
 *       [--backends builtin,onnx-tiny,gguf-tiny:none,gguf-tiny:topk,gguf-tiny:exact] [--device cpu|auto]
 *       [--gguf /path/model.gguf]   (adds gguf-file:none and gguf-file:topk for a model of the real shape)
 *
 * The tiny models have random weights and 2.4M parameters: their figures measure the runtime's overhead per
 * token (the per-position work in llama.cpp and in JavaScript), not the arithmetic of a real model.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BuiltinEncoder } from '../src/engine/encoder/builtinEncoder';
import type { Encoder } from '../src/engine/encoder/encoder';
import { GgufEncoder, identifyGguf, type GgufEntropyMode } from '../src/engine/encoder/gguf';
import { loadNeuralEncoder } from '../src/engine/encoder/neural';
import { loadTokenCounter } from '../src/engine/tokenize/tokenCounter';

const root = path.resolve(__dirname, '../..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

interface Result {
  readonly backend: string;
  readonly device: string;
  readonly tokens: number;
  readonly loadMs: number;
  readonly firstScoreMs: number;
  readonly tokensPerS: number;
  readonly peakRssMb: number;
  readonly entropy: boolean;
}

/** The same input for every backend: real code from this repository, cut into units of `unit` tokens. */
async function input(tokens: number, unit: number): Promise<number[][]> {
  const counter = await loadTokenCounter(path.join(root, 'dist/assets/tokenizers'), 'qwen2.5');
  const files = ['src/engine/compress.ts', 'src/engine/encoder/select.ts', 'src/engine/encoder/matching.ts', 'src/cli.ts'];
  const ids = files.flatMap((f) => counter.encode(fs.readFileSync(path.join(root, f), 'utf8'))).slice(0, tokens);
  if (ids.length < tokens) throw new Error(`only ${ids.length} tokens of input`);
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += unit) out.push(ids.slice(i, i + unit));
  return out;
}

async function load(backend: string, device: string): Promise<Encoder> {
  const [kind, mode] = backend.split(':') as [string, string | undefined];
  if (kind === 'builtin') {
    const enc = new BuiltinEncoder(path.join(root, 'models/builtin'));
    await enc.load();
    return enc;
  }
  if (kind === 'onnx-tiny') {
    return loadNeuralEncoder({ modelDir: path.join(root, 'models/tiny-qwen2'), cacheDir: os.tmpdir(), device: device === 'cpu' ? 'cpu' : 'auto', id: 'tiny-qwen2-test' });
  }
  const file = kind === 'gguf-tiny' ? arg('tiny-gguf', '') : arg('gguf', '');
  if (!file) throw new Error(`${backend}: no GGUF file`);
  return GgufEncoder.load({ file, identity: await identifyGguf(file), id: backend, device: device === 'cpu' ? 'cpu' : 'auto', entropy: (mode ?? 'topk') as GgufEntropyMode, contextTokens: 4096 });
}

/** One backend, in this (child) process. */
async function runOne(backend: string, device: string, tokens: number, unit: number): Promise<Result> {
  const units = await input(tokens, unit);
  const t0 = performance.now();
  const encoder = await load(backend, device);
  const loadMs = performance.now() - t0;
  const [first] = await encoder.score([units[0]!]);
  const firstScoreMs = performance.now() - t0;
  const t1 = performance.now();
  await encoder.score(units);
  const scoreMs = performance.now() - t1;
  const result: Result = {
    backend,
    device: encoder.info.device,
    tokens: units.reduce((s, u) => s + u.length, 0),
    loadMs: Math.round(loadMs),
    firstScoreMs: Math.round(firstScoreMs),
    tokensPerS: Math.round((units.reduce((s, u) => s + u.length, 0) / scoreMs) * 1000),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    entropy: first?.entropy !== undefined,
  };
  encoder.dispose?.();
  return result;
}

async function main(): Promise<void> {
  const tokens = Number(arg('tokens', '1024'));
  const unit = Number(arg('unit', '256'));
  const device = arg('device', 'cpu');
  const one = arg('one', '');
  if (one) {
    process.stdout.write(`${JSON.stringify(await runOne(one, device, tokens, unit))}\n`);
    process.exit(0); // node-llama-cpp's native threads can keep the process alive
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-scoring-speed-'));
  const tiny = path.join(tmp, 'tiny-qwen2.gguf');
  execFileSync(process.execPath, [path.join(root, 'scripts/build-tiny-model/write-gguf.js'), tiny]);
  const backends = arg('backends', 'builtin,onnx-tiny,gguf-tiny:none,gguf-tiny:topk,gguf-tiny:exact').split(',');
  if (arg('gguf', '')) backends.push('gguf-file:none', 'gguf-file:topk');
  const results: Result[] = [];
  for (const backend of backends) {
    const child = spawnSync(process.execPath, [__filename, '--one', backend, '--device', device, '--tokens', String(tokens), '--unit', String(unit), '--tiny-gguf', tiny, '--gguf', arg('gguf', '')], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      process.stderr.write(`${backend}: failed (${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' | ')}\n`);
      continue;
    }
    results.push(JSON.parse(line) as Result);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`Scoring speed, ${tokens} tokens in units of ${unit}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0]!.toFixed(1)}`);
  console.log('| backend | device | entropy | load ms | first score ms | tokens/s | peak RSS MB |');
  console.log('|---|---|---|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.backend} | ${r.device} | ${r.entropy ? 'yes' : 'no'} | ${r.loadMs} | ${r.firstScoreMs} | ${r.tokensPerS} | ${r.peakRssMb} |`);
  console.log(JSON.stringify(results));
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
