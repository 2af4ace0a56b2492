/**
 * The analysis worker's entry point (bundled as dist/analysisWorker.js): analyses the files the pool sends it,
 * one at a time, with its own parser runtime, tokenizer and — when asked for density — the built-in encoder; and
 * scans files for secrets, the step before analysis (a first build's files are scanned here too, in parallel).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BuiltinEncoder } from '../encoder/builtinEncoder';
import { isScorerArrays } from '../encoder/ngram/scorer';
import { findSecrets } from '../secrets/redact';
import { TreeSitterRuntime } from '../segment/treeSitter';
import { loadTokenCounter } from '../tokenize/tokenCounter';
import { analyseFile, type AnalysisTools } from './fileAnalysis';
import type { WorkerInit, WorkerJob, WorkerReply } from './protocol';

const init = workerData as WorkerInit;
const runtime = new TreeSitterRuntime(init.wasmDir);
const counter = loadTokenCounter(init.tokenizersDir, init.tokenizer, init.bpe);
// The host's model when it handed one over (one copy per process); else this worker reads the file itself.
const shared = init.builtinModel && isScorerArrays(init.builtinModel.arrays) ? init.builtinModel : undefined;
const encoder = init.builtinDir !== undefined ? new BuiltinEncoder(init.builtinDir, shared) : undefined;

async function run(job: WorkerJob): Promise<WorkerReply> {
  try {
    if (job.kind === 'secrets') return { id: job.id, findings: await findSecrets(job.text, job.path) };
    const tools: AnalysisTools = { runtime, counter: await counter, ...(job.density && encoder ? { encoder } : {}) };
    const analysis = await analyseFile(job.text, job.language, tools);
    return { id: job.id, analysis };
  } catch (err) {
    return { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
}

// Jobs run one after another, in the order sent: the pool sends the next before this one is answered (so that no
// turn is spent waiting for it), and two analyses interleaved at their awaits would only hold twice the memory.
let previous: Promise<void> = Promise.resolve();
parentPort?.on('message', (job: WorkerJob) => {
  previous = previous.then(async () => {
    parentPort?.postMessage(await run(job));
  });
});
