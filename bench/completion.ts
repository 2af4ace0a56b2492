/**
 * Repository-level completion benchmark (issue 4, "Benchmark"): builds cases from real corpora, runs ours and the
 * baselines at each budget with the same inputs and token counter, scores what survives, and writes
 * bench/results/completion.json and completion.md. Run with `npm run bench:completion`; see --help.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { TreeSitterRuntime } from '../src/engine/segment/treeSitter';
import { loadTokenCounter } from '../src/engine/tokenize/tokenCounter';
import { parseBenchArgs } from './completion/args';
import { CORPORA } from './completion/corpora';
import { Bm25Method } from './completion/methods/bm25';
import type { Method } from './completion/methods/method';
import { MixMethod } from './completion/methods/mix';
import { OracleMethod } from './completion/methods/oracle';
import { OursMethod } from './completion/methods/ours';
import { RepoMapMethod } from './completion/methods/repomap';
import { RepomixMethod } from './completion/methods/repomix';
import { TruncationMethod } from './completion/methods/truncation';
import { writeReport } from './completion/write';
import { runBenchmark } from './completion/run';
import { runSpeed } from './completion/speed';
import { findRepoRoot } from './repoRoot';

const DECODER = 'qwen2.5-coder-7b';
/** The map's shares of the budget at which the map + BM25 mix runs (the rest goes to BM25). */
const MIX_SHARES = [0.25, 0.5, 0.75];

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options === 'help') return;
  const repoRoot = findRepoRoot(__dirname);
  const assets = { wasmDir: path.join(repoRoot, 'dist/assets/wasm'), tokenizersDir: path.join(repoRoot, 'dist/assets/tokenizers') };
  // Ours runs as the CLI and the extension do by default: with the built-in encoder (entropy, pruned bodies).
  const oursAssets = { ...assets, encoders: { builtinDir: path.join(repoRoot, 'dist/assets/models/builtin') } };
  const counter = await loadTokenCounter(assets.tokenizersDir, 'qwen2.5');
  const runtime = new TreeSitterRuntime(assets.wasmDir);
  const ours = new OursMethod(oursAssets, DECODER);
  const all: Method[] = [
    ours,
    new TruncationMethod(counter),
    new Bm25Method(counter),
    new RepoMapMethod(counter),
    ...MIX_SHARES.map((share) => new MixMethod(counter, share)),
    new RepomixMethod(repoRoot, counter),
    new OracleMethod(counter),
  ];
  const methods = all.filter((m) => options.methods.includes(m.name));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const t0 = performance.now();
  const result = await runBenchmark(repoRoot, options, methods, runtime, counter, log);
  const speed = options.speed ? runSpeed(repoRoot, counter, log) : undefined;
  const totalS = (performance.now() - t0) / 1000;
  const langs = CORPORA.filter((c) => options.langs.length === 0 || options.langs.includes(c.lang));
  const files = writeReport({
    outDir: path.resolve(repoRoot, options.outDir),
    options,
    methods: methods.map((m) => m.name),
    corpora: langs,
    result,
    speed,
    totalS,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    repoRoot,
    oursEncoder: ours.encoder,
  });
  log(`wrote ${files.join(', ')} (${totalS.toFixed(0)} s)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
