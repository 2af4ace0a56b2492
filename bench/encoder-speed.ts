/**
 * Speed of the built-in encoder on one core: model load time (read + parse + index) and scoring
 * throughput in tokens/s on real code that the model was not trained on (the reserved benchmark code:
 * the Python standard library, TypeScript's own lib .d.ts files, the Go/Rust sources when unpacked).
 *
 *   node esbuild.js --tests && node out/bench/encoder-speed.js [--seconds 3]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BuiltinEncoder } from '../src/engine/encoder/builtinEncoder';
import { parseModel } from '../src/engine/encoder/ngram/format';
import { NgramScorer } from '../src/engine/encoder/ngram/scorer';
import { loadTokenCounter } from '../src/engine/tokenize/tokenCounter';

const root = path.resolve(__dirname, '../..');

function firstExisting(...candidates: string[]): string {
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`None of these exist (run \`node esbuild.js\` first): ${candidates.join(', ')}`);
  return found;
}

function sampleFiles(): string[] {
  const out: string[] = [];
  const py = '/usr/lib/python3.11';
  for (const f of ['argparse.py', 'ast.py', 'collections/__init__.py', 'dataclasses.py', 'inspect.py', 'json/decoder.py', 'typing.py']) {
    if (fs.existsSync(path.join(py, f))) out.push(path.join(py, f));
  }
  const tsLib = path.join(root, 'node_modules/typescript/lib');
  for (const f of ['lib.es5.d.ts', 'lib.dom.d.ts']) if (fs.existsSync(path.join(tsLib, f))) out.push(path.join(tsLib, f));
  for (const f of ['src/engine/encoder/ngram/kneserNey.ts', 'src/engine/entropy/detectors.ts', 'esbuild.js']) out.push(path.join(root, f));
  return out;
}

async function main(): Promise<void> {
  const secondsArg = process.argv.indexOf('--seconds');
  const seconds = secondsArg >= 0 ? Number(process.argv[secondsArg + 1]) : 3;
  const modelDir = firstExisting(path.join(root, 'models/builtin'), path.join(root, 'dist/assets/models/builtin'));
  const tokenizersDir = firstExisting(path.join(root, 'dist/assets/tokenizers'), path.join(root, '.cache/build-model/tokenizers'));

  // Cold load through the public API, then the parse alone a few times (file already in the page cache).
  const encoder = new BuiltinEncoder(modelDir);
  const loaded = await encoder.load();
  const bytes = fs.readFileSync(path.join(modelDir, 'model.bin'));
  const parseTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    new NgramScorer(parseModel(fs.readFileSync(path.join(modelDir, 'model.bin'))).tables);
    parseTimes.push(performance.now() - t);
  }
  parseTimes.sort((a, b) => a - b);

  const counter = await loadTokenCounter(tokenizersDir, 'qwen2.5');
  const files = sampleFiles();
  const sequences = files.map((f) => Uint32Array.from(counter.encode(fs.readFileSync(f, 'utf8'))));
  const total = sequences.reduce((s, q) => s + q.length, 0);
  const out = new Float32Array(Math.max(...sequences.map((s) => s.length)));
  const scorer = loaded.scorer;
  // Warm up the JIT, then measure whole passes over the sample for the requested time.
  for (const s of sequences) scorer.scoreInto(s, out);
  let tokens = 0;
  let bits = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const s of sequences) {
      scorer.scoreInto(s, out);
      tokens += s.length;
      bits += out[s.length - 1]!;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  // Through the async Encoder API (allocations, slicing, yields), on the same sample.
  const apiStart = performance.now();
  await encoder.score(sequences.map((s) => Array.from(s)));
  const apiElapsed = (performance.now() - apiStart) / 1000;

  const result = {
    model: path.relative(root, path.join(modelDir, 'model.bin')),
    modelBytes: bytes.length,
    order: scorer.order,
    coldLoadMs: Math.round(loaded.loadMs),
    warmParseMsMedian: Math.round(parseTimes[2]!),
    sampleFiles: files.length,
    sampleTokens: total,
    tokensPerSecond: Math.round(tokens / elapsed),
    apiTokensPerSecond: Math.round(total / apiElapsed),
    checksum: Math.round(bits),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
