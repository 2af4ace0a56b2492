/**
 * Fuzzing the whole engine path (issue 20): real files from test/fixtures/real, mutated (bytes flipped, special
 * tokens, long runs, NUL bytes, deep nesting, CJK and emoji, truncation, odd names), written to a temporary
 * folder with a random .gitignore, then gathered and compressed at a random budget. Each run happens in a worker
 * thread with a hang guard, so a run that never ends is counted and the worker replaced.
 *
 * Counts: runs, crashes (an error other than the expected InputTooLarge/empty-budget outcomes), hangs (past the
 * guard), over-budget (output tokens > budget). Run: `node esbuild.js --tests && node out/bench/fuzz.js
 * [--seconds 240] [--seed 1] [--hang-guard 60]`. Prints a Markdown table and the first failures with their seeds.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Compressor, gatherFiles } from '../src/engine';
import { loadTokenCounter } from '../src/engine/tokenize/tokenCounter';
import { findRepoRoot } from './repoRoot';

interface Job {
  readonly seed: number;
}

type Outcome = { kind: 'ok'; budget: number; tokens: number; files: number } | { kind: 'crash'; error: string };

/** Park–Miller: every run is reproducible from its seed. */
class Random {
  private s: number;
  constructor(seed: number) {
    this.s = ((seed * 2654435761) % 2147483646) + 1; // spread small seeds: their first outputs would all be tiny
    for (let k = 0; k < 3; k++) this.next();
  }
  next(): number {
    this.s = (this.s * 48271) % 2147483647;
    return this.s / 2147483647;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

const SPECIAL = ['<|file_sep|>', '<|repo_name|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|endoftext|>', '<|im_start|>', '<|im_end|>', '<think>', '</tool_call>'];
const ODD_TEXT = ['日本語のテキスト', '😀👍🏽🇫🇷', '\u200d\u202e\ufeff', '\r\n', '\t\t\t', 'é\u0301', '\\', '"""', '`${', '/*', '*/', '#!', '\0'];
const EXTENSIONS = ['.ts', '.js', '.py', '.go', '.rs', '.java', '.c', '.cpp', '.hpp', '.tsx', '.txt', ''];

/** One mutation of a file's bytes. */
function mutate(r: Random, bytes: Buffer): Buffer {
  const at = r.int(bytes.length + 1);
  const insert = (b: Buffer | string): Buffer => Buffer.concat([bytes.subarray(0, at), Buffer.from(b), bytes.subarray(at)]);
  switch (r.int(11)) {
    case 0: {
      const out = Buffer.from(bytes);
      for (let k = 0; k < 1 + r.int(20); k++) if (out.length > 0) out[r.int(out.length)] = r.int(256);
      return out;
    }
    case 1:
      return insert(r.pick(SPECIAL).repeat(1 + r.int(3)));
    case 2:
      return insert(r.pick(['a', '-', ' ', '=', '0', '\n', '{', '(', 'é', '😀']).repeat(1000 + r.int(200_000)));
    case 3:
      return insert(r.pick(ODD_TEXT).repeat(1 + r.int(50)));
    case 4:
      return bytes.subarray(0, r.int(bytes.length + 1));
    case 5:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + r.int(2000)))]);
    case 6: {
      const from = r.int(bytes.length + 1);
      return insert(bytes.subarray(from, from + r.int(5000)));
    }
    case 7:
      return insert(`${'{'.repeat(2000 + r.int(5000))}${'}'.repeat(r.int(7000))}`);
    case 8:
      return Buffer.from(bytes.toString('latin1').replace(/\n/g, r.pick(['\r\n', '\r', '\n\n', '\u2028'])), 'latin1');
    case 9:
      return r.int(2) === 0 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString('utf8'), 'utf16le')]) : insert(Buffer.from([0, 0, 0]));
    default:
      return insert(Buffer.from(Array.from({ length: 1 + r.int(5000) }, () => r.int(256))));
  }
}

function oddName(r: Random, base: string): string {
  const names = [base, `x\n${base}`, `${base} copy`, `<|file_sep|>${base}`, `é${base}`, `-${base}`, `.${base}`, `a\u202e${base}`];
  return r.pick(names);
}

async function runJob(job: Job, corpus: readonly { name: string; bytes: Buffer }[], compressor: Compressor): Promise<Outcome> {
  const r = new Random(job.seed);
  const dir = mkdtempSync(path.join(tmpdir(), 'ccc-fuzz-'));
  try {
    const count = 1 + r.int(6);
    for (let i = 0; i < count; i++) {
      const source = r.pick(corpus);
      let bytes = source.bytes;
      for (let m = r.int(4); m > 0; m--) bytes = mutate(r, bytes);
      const ext = r.int(4) === 0 ? r.pick(EXTENSIONS) : path.extname(source.name);
      const sub = r.int(3) === 0 ? `d${r.int(3)}` : '';
      mkdirSync(path.join(dir, sub), { recursive: true });
      writeFileSync(path.join(dir, sub, oddName(r, `${path.basename(source.name, path.extname(source.name))}${i}${ext}`)), bytes);
    }
    if (r.int(3) === 0) writeFileSync(path.join(dir, '.gitignore'), Array.from({ length: 1 + r.int(5) }, () => r.pick(['*.py', 'd1/', '!*0.ts', '*a*a*a*a*a*a*a*b', 'weird\\', '[', '**/x', `${'*'.repeat(r.int(50))}z`])).join('\n'));
    const budget = r.pick([16, 17, 20, 32, 50, 64, 100, 256, 500, 1000, 2000, 4000, 8000, 32000]) + r.int(5);
    // FUZZ_KEEP=1 keeps each run's folder (and says where) to replay a failure with the CLI.
    if (process.env.FUZZ_KEEP) writeSync(2, `${job.seed}: files in ${dir}, budget ${budget}\n`);
    const gathered = await gatherFiles(['.'], { cwd: dir, maxFileBytes: 1024 * 1024 });
    if (process.env.FUZZ_DEBUG) process.stderr.write(`${job.seed}: ${count} files written, ${gathered.files.length} gathered\n`);
    if (gathered.files.length === 0) return { kind: 'ok', budget, tokens: 0, files: 0 };
    const result = await compressor.compress({ files: gathered.files, budget, decoder: 'qwen2.5-coder-7b', repoName: 'fuzz', ...(r.int(2) === 0 ? { query: 'parse the input' } : {}) });
    const counter = await compressor.tokenCounter('qwen2.5-coder-7b');
    return { kind: 'ok', budget, tokens: counter.count(result.text), files: gathered.files.length };
  } catch (err) {
    return { kind: 'crash', error: err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : String(err) };
  } finally {
    if (!process.env.FUZZ_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

function workerMain(): void {
  const root = findRepoRoot(__dirname);
  const realDir = path.join(root, 'test/fixtures/real');
  const corpus = readdirSync(realDir, { recursive: true })
    .map(String)
    .filter((f) => /\.(ts|tsx|js|py|go|rs|java|c|cpp|hpp|h)$/.test(f))
    .map((f) => ({ name: f, bytes: readFileSync(path.join(realDir, f)) }));
  const assets = path.join(root, 'dist/assets');
  const compressor = new Compressor(
    { wasmDir: path.join(assets, 'wasm'), tokenizersDir: path.join(assets, 'tokenizers'), encoders: { builtinDir: path.join(assets, 'models/builtin'), cacheDir: path.join(tmpdir(), 'ccc-fuzz-models'), repoRoot: root } },
    { info() {}, warn() {}, error() {}, debug() {} },
  );
  parentPort?.on('message', (job: Job) => {
    void runJob(job, corpus, compressor).then((outcome) => parentPort?.postMessage(outcome));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, seed: { type: 'string' }, 'hang-guard': { type: 'string' } } });
  const seconds = Number(values.seconds ?? 240);
  const firstSeed = Number(values.seed ?? 1);
  const guardMs = Number(values['hang-guard'] ?? 60) * 1000;
  const root = findRepoRoot(__dirname);
  await loadTokenCounter(path.join(root, 'dist/assets/tokenizers'), 'qwen2.5'); // fail early if the build is missing
  const counts = { runs: 0, crashes: 0, hangs: 0, overBudget: 0, empty: 0, files: 0 };
  const failures: string[] = [];
  const deadline = Date.now() + seconds * 1000;
  let worker = new Worker(__filename, { workerData: { fuzzWorker: true } });
  for (let seed = firstSeed; Date.now() < deadline; seed++) {
    const outcome = await new Promise<Outcome | 'hang'>((resolve) => {
      const timer = setTimeout(() => resolve('hang'), guardMs);
      worker.once('message', (o: Outcome) => {
        clearTimeout(timer);
        resolve(o);
      });
      worker.postMessage({ seed });
    });
    counts.runs++;
    if (outcome === 'hang') {
      counts.hangs++;
      failures.push(`seed ${seed}: hang (no result in ${guardMs / 1000} s)`);
      await worker.terminate();
      worker = new Worker(__filename, { workerData: { fuzzWorker: true } });
    } else if (outcome.kind === 'crash') {
      counts.crashes++;
      failures.push(`seed ${seed}: ${outcome.error}`);
    } else {
      counts.files += outcome.files;
      if (outcome.files > 0 && outcome.tokens === 0) counts.empty++;
      if (outcome.tokens > outcome.budget) {
        counts.overBudget++;
        failures.push(`seed ${seed}: ${outcome.tokens} tokens for a budget of ${outcome.budget}`);
      }
    }
  }
  await worker.terminate();
  process.stdout.write(`| seconds | runs | files | crashes | hangs | over budget | empty output |\n|---:|---:|---:|---:|---:|---:|---:|\n`);
  process.stdout.write(`| ${seconds} | ${counts.runs} | ${counts.files} | ${counts.crashes} | ${counts.hangs} | ${counts.overBudget} | ${counts.empty} |\n`);
  for (const f of failures.slice(0, 20)) process.stdout.write(`- ${f}\n`);
}

if (!isMainThread && (workerData as { fuzzWorker?: boolean } | null)?.fuzzWorker) workerMain();
else void main();
