import { readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import {
  CancelledError,
  Compressor,
  MIN_BUDGET,
  DEFAULT_DECODER,
  encoderEntries,
  findEncoder,
  findDecoder,
  gatherFiles,
  InputTooLargeError,
  knownDecoderIds,
  parseProvider,
  prepareAsk,
  streamAnswer,
  summaryLine,
  countOf,
  defaultPromptFolders,
  PromptFile,
  prettyJsonPieces,
  type ReadCache,
} from './engine';
import type { CompressRequest, CompressResult, Logger, Provider, SourceFile, Timeouts, Warning } from './engine';
import { runDownload, type DownloadCommand } from './cliDownload';
import { serveDaemon } from './cliDaemon';
import { SERVE_DAEMON } from './cliDaemonPath';
import { processIo, type CliIo } from './cliIo';

/**
 * The CLI's input limit, twice the engine's (DEFAULT_MAX_INPUT_BYTES, which the extension keeps): a process of its
 * own, whose analysis workers stop once the files are analysed and whose JSON is written piece by piece, peaks at
 * ~0.9 GB on a 100 MB tree and ~1.4 GB on 200 MB (bench/memory.sh; 1.2 and 1.6 GB before), far from V8's limit.
 */
const CLI_MAX_INPUT_MB = 128;

const USAGE = `Usage: code-compress [options] <file-or-folder>...

Compress source files into a context that fits a token budget of a local code LLM.
The context goes to stdout, statistics and warnings to stderr.

Options:
  -b, --budget <tokens>     size of the output in decoder tokens (default 4000)
  -q, --query <text>        what the context is for: a question, or the code before the cursor
      --query-file <path>   read the query from a file
      --decoder <id>        the LLM that reads the context (default ${DEFAULT_DECODER})
      --format <fmt>        text (prompt-ready, default) | json (adds slots, stats, warnings) | markdown
      --max-file-size <KB>  skip files larger than this (default 1024)
      --max-input-size <MB> stop when the files add up to more than this (default 128)
      --exclude <glob>      leave out files and folders matching a gitignore-style glob, relative to
                            the current folder (repeatable: --exclude '*.min.js' --exclude dist/)
      --encoder <id>        the encoder that measures entropy (default auto: the one matched to the
                            decoder among those installed; the built-in code n-gram model ships)
      --device <name>       auto | cpu | cuda | webgpu | dml | coreml, for neural encoders (default auto)
      --conditional-perplexity <when>
                            auto | on | off: also rank units by how much each lowers the query's
                            perplexity under a neural encoder (default auto: on a GPU only)
      --no-entropy          skip entropy scoring (structure and lexical relevance only)
      --cache-dir <dir>     where the analysis index is kept (default
                            $XDG_CACHE_HOME/code-context-compressor/index, ~/.cache/… when unset)
      --no-cache            neither read nor write the index (every file is analysed again)
      --daemon              run in a background process that keeps the index, the files read and the
                            models in memory between runs (started by the first such run; it leaves
                            after 15 minutes without one): later runs with --daemon skip the loading
      --stop-daemon         stop that background process
      --workers <n>         threads that analyse files the index does not know (default: one per
                            core, at most 8, none on one core; 0 analyses them on the main thread)
      --no-redact           keep secrets in the output (by default keys, tokens and passwords are
                            replaced by «redacted:…» markers; --ask always redacts)
      --gguf <path|name>    score with a GGUF model in-process (llama.cpp): a .gguf file, or an Ollama
                            model name such as qwen2.5-coder:0.5b found in the Ollama models folder
      --scorer-endpoint <url>
                            score with the model a vLLM or SGLang server serves (loopback only unless
                            --allow-remote); what it fails to score falls back to the built-in encoder
      --scorer-protocol <p> vllm | sglang (default vllm)
      --download-encoder <id>
                            download a neural encoder (e.g. qwen2.5-coder-0.5b-instruct) into the model
                            cache and exit (weights for --device: fp16 for a GPU, q8 for the CPU); each file
                            is checked against the SHA-256 the Hub lists. No files are compressed.
      --hub-endpoint <url>  the Hugging Face Hub or a mirror for --download-encoder (default $HF_ENDPOINT,
                            else https://huggingface.co)

Ask a local LLM (the compressed context and the question are sent, the answer streams to stdout):
      --ask <question>      compress with the question as the query, then ask it
      --endpoint <url>      the server (default http://127.0.0.1:11434 for Ollama)
      --provider <name>     ollama | openai (OpenAI-compatible: llama.cpp, LM Studio, vLLM), when the
                            endpoint does not make it clear
      --model <name>        the model to ask (default: the first installed model the registry knows)
      --allow-remote        allow a non-loopback endpoint (the code is sent to that host)
      --connect-timeout <s> seconds to wait for the connection (default 5)
      --timeout <s>         seconds to wait for the first token: model loading and reading the
                            prompt (default 300)
      --idle-timeout <s>    longest pause between two tokens of the answer (default 60)
  -h, --help                show this help
  -V, --version             show the version

Exit status: 0 success (also when stdout is closed early, as by \`| head\`), 2 usage error, 1 failure,
130 interrupted (Ctrl-C: a second Ctrl-C stops at once).`;

class UsageError extends Error {}

interface AskOptions {
  question: string;
  endpoint?: string;
  provider?: Provider;
  model?: string;
  allowRemote: boolean;
  timeouts: Partial<Timeouts>;
}

interface CliOptions {
  inputs: string[];
  ask?: AskOptions;
  /** Whether --decoder was given (otherwise --ask picks the decoder from the model's name). */
  decoderGiven: boolean;
  budget: number;
  query?: string;
  decoder: string;
  format: 'text' | 'json' | 'markdown';
  maxFileBytes: number;
  maxInputBytes: number;
  /** Analysis worker threads; undefined: the engine's default (one per core, at most 8). */
  workers?: number;
  exclude: string[];
  encoder?: string;
  device: 'auto' | 'cpu' | 'cuda' | 'webgpu' | 'dml' | 'coreml';
  conditionalPerplexity: 'auto' | 'on' | 'off';
  entropy: boolean;
  /** The index's folder; undefined with --no-cache. */
  cacheDir?: string;
  redact: boolean;
  scorer?: { endpoint: string; protocol: 'vllm' | 'sglang'; allowRemote: boolean };
  gguf?: string;
}

/** The encoder flags as the engine takes them. */
function encoderRequest(options: CliOptions): NonNullable<CompressRequest['encoder']> {
  return {
    ...(options.encoder !== undefined ? { forced: options.encoder } : {}),
    device: options.device,
    conditionalPerplexity: options.conditionalPerplexity,
    ...(options.scorer ? { scorer: options.scorer } : {}),
    ...(options.gguf !== undefined ? { gguf: options.gguf } : {}),
  };
}

function parsePositiveInt(value: string, flag: string): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} needs a positive whole number, got "${value}".`);
  return Number(value);
}

/** A whole number, 0 allowed. */
function parseWhole(value: string, flag: string): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} needs a whole number (0 or more), got "${value}".`);
  return Number(value);
}

/** Seconds, as a positive number (fractions allowed), to milliseconds. */
function parseSeconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (!/^\d+(\.\d+)?$/.test(v) || Number(v) <= 0) throw new UsageError(`${flag} needs a positive number of seconds, got "${value}".`);
  return Math.round(Number(v) * 1000);
}

const DEVICES = ['auto', 'cpu', 'cuda', 'webgpu', 'dml', 'coreml'];

function parseDevice(device: string): CliOptions['device'] {
  if (!DEVICES.includes(device)) throw new UsageError(`--device must be ${DEVICES.slice(0, -1).join(', ')} or ${DEVICES.at(-1)}, got "${device}".`);
  return device as CliOptions['device'];
}

function parseDownload(io: CliIo, encoder: string, device: string | undefined, endpoint: string | undefined, positionals: readonly string[]): DownloadCommand {
  if (positionals.length > 0) throw new UsageError('--download-encoder downloads and exits: give no files with it.');
  const entry = findEncoder(encoder);
  const downloadable = encoderEntries().filter((e) => e.source.kind === 'huggingface').map((e) => e.id);
  if (!entry || entry.source.kind !== 'huggingface') throw new UsageError(`--download-encoder needs one of ${downloadable.join(', ')}; got "${encoder}".`);
  const hub = (endpoint ?? io.env.HF_ENDPOINT ?? '').trim() || 'https://huggingface.co';
  if (!/^https?:\/\//.test(hub)) throw new UsageError(`--hub-endpoint must be an http(s) URL, got "${hub}".`);
  return { encoder: entry.id, device: parseDevice(device ?? 'auto'), endpoint: hub };
}

function parseOptions(argv: string[], io: CliIo): CliOptions | 'help' | 'version' | { download: DownloadCommand } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        budget: { type: 'string', short: 'b' },
        query: { type: 'string', short: 'q' },
        'query-file': { type: 'string' },
        decoder: { type: 'string' },
        format: { type: 'string' },
        'max-file-size': { type: 'string' },
        'max-input-size': { type: 'string' },
        workers: { type: 'string' },
        exclude: { type: 'string', multiple: true },
        ask: { type: 'string' },
        endpoint: { type: 'string' },
        provider: { type: 'string' },
        model: { type: 'string' },
        'allow-remote': { type: 'boolean' },
        encoder: { type: 'string' },
        device: { type: 'string' },
        'conditional-perplexity': { type: 'string' },
        'no-entropy': { type: 'boolean' },
        'cache-dir': { type: 'string' },
        'no-cache': { type: 'boolean' },
        'no-redact': { type: 'boolean' },
        'connect-timeout': { type: 'string' },
        timeout: { type: 'string' },
        'idle-timeout': { type: 'string' },
        gguf: { type: 'string' },
        'scorer-endpoint': { type: 'string' },
        'scorer-protocol': { type: 'string' },
        'download-encoder': { type: 'string' },
        'hub-endpoint': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  if (values['download-encoder'] !== undefined) return { download: parseDownload(io, values['download-encoder'], values.device, values['hub-endpoint'], positionals) };
  if (values['hub-endpoint'] !== undefined) throw new UsageError('--hub-endpoint goes with --download-encoder.');
  if (positionals.length === 0) throw new UsageError('Give at least one file or folder to compress.');
  const budget = values.budget !== undefined ? parsePositiveInt(values.budget, '--budget') : 4000;
  if (budget < MIN_BUDGET) throw new UsageError(`--budget must be at least ${MIN_BUDGET} tokens, got ${budget}.`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown, got "${format}".`);
  const decoder = values.decoder ?? DEFAULT_DECODER;
  if (!findDecoder(decoder)) throw new UsageError(`Unknown --decoder "${decoder}". Known: ${knownDecoderIds().join(', ')}.`);
  if (values.query !== undefined && values['query-file'] !== undefined) throw new UsageError('Use either --query or --query-file, not both.');
  let query = values.query;
  if (values['query-file'] !== undefined) {
    try {
      query = readFileSync(path.resolve(io.cwd, values['query-file']), 'utf8');
    } catch (err) {
      throw new UsageError(`Cannot read --query-file ${values['query-file']}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
    }
  }
  const maxKb = values['max-file-size'] !== undefined ? parsePositiveInt(values['max-file-size'], '--max-file-size') : 1024;
  const maxInputMb = values['max-input-size'] !== undefined ? parsePositiveInt(values['max-input-size'], '--max-input-size') : CLI_MAX_INPUT_MB;
  if (maxInputMb < 1) throw new UsageError('--max-input-size must be at least 1 (MB).');
  let ask: AskOptions | undefined;
  if (values.ask !== undefined) {
    if (!values.ask.trim()) throw new UsageError('--ask needs a question.');
    if (format === 'json') throw new UsageError('--ask streams the answer as text; --format json does not apply.');
    const provider: Provider | undefined = values.provider !== undefined ? parseProvider(values.provider) : undefined;
    if (values.provider !== undefined && !provider) throw new UsageError(`--provider must be ollama or openai, got "${values.provider}".`);
    if (values['no-redact']) throw new UsageError('--no-redact does not apply to --ask: what is sent to the LLM is always redacted.');
    const connectMs = parseSeconds(values['connect-timeout'], '--connect-timeout');
    const firstByteMs = parseSeconds(values.timeout, '--timeout');
    const idleMs = parseSeconds(values['idle-timeout'], '--idle-timeout');
    ask = {
      question: values.ask,
      ...(values.endpoint !== undefined ? { endpoint: values.endpoint } : {}),
      ...(provider !== undefined ? { provider } : {}),
      ...(values.model !== undefined ? { model: values.model } : {}),
      allowRemote: values['allow-remote'] ?? false,
      timeouts: {
        ...(connectMs !== undefined ? { connectMs } : {}),
        ...(firstByteMs !== undefined ? { firstByteMs } : {}),
        ...(idleMs !== undefined ? { idleMs } : {}),
      },
    };
  } else if (
    values.endpoint !== undefined || values.model !== undefined || values.provider !== undefined || (values['allow-remote'] && values['scorer-endpoint'] === undefined) ||
    values['connect-timeout'] !== undefined || values.timeout !== undefined || values['idle-timeout'] !== undefined
  ) {
    throw new UsageError('--endpoint, --provider, --model, --allow-remote and the timeouts go with --ask (--allow-remote also with --scorer-endpoint).');
  }
  const scorerProtocol = values['scorer-protocol'] ?? 'vllm';
  if (scorerProtocol !== 'vllm' && scorerProtocol !== 'sglang') throw new UsageError(`--scorer-protocol must be vllm or sglang, got "${scorerProtocol}".`);
  if (values['scorer-protocol'] !== undefined && values['scorer-endpoint'] === undefined) throw new UsageError('--scorer-protocol goes with --scorer-endpoint.');
  if (values['scorer-endpoint'] !== undefined && values.gguf !== undefined) throw new UsageError('Use either --scorer-endpoint or --gguf, not both.');
  const device = parseDevice(values.device ?? 'auto');
  const conditionalPerplexity = values['conditional-perplexity'] ?? 'auto';
  if (conditionalPerplexity !== 'auto' && conditionalPerplexity !== 'on' && conditionalPerplexity !== 'off') {
    throw new UsageError(`--conditional-perplexity must be auto, on or off, got "${conditionalPerplexity}".`);
  }
  if (values.encoder !== undefined && !findEncoder(values.encoder) && values.encoder !== 'auto') {
    throw new UsageError(`Unknown --encoder "${values.encoder}". Known: auto, ${encoderEntries().map((e) => e.id).join(', ')}.`);
  }
  return {
    inputs: positionals,
    budget,
    ...(values.encoder !== undefined ? { encoder: values.encoder } : {}),
    device,
    conditionalPerplexity,
    entropy: !values['no-entropy'],
    ...(values['no-cache'] ? {} : { cacheDir: values['cache-dir'] !== undefined ? path.resolve(io.cwd, values['cache-dir']) : indexCacheDir(io) }),
    redact: !values['no-redact'],
    ...(values['scorer-endpoint'] !== undefined ? { scorer: { endpoint: values['scorer-endpoint'], protocol: scorerProtocol, allowRemote: values['allow-remote'] ?? false } } : {}),
    // A .gguf file is relative to the current folder; anything else is an Ollama model name.
    ...(values.gguf !== undefined ? { gguf: values.gguf.endsWith('.gguf') ? path.resolve(io.cwd, values.gguf) : values.gguf } : {}),
    ...(query !== undefined ? { query } : {}),
    decoder,
    decoderGiven: values.decoder !== undefined,
    format,
    maxFileBytes: maxKb * 1024,
    maxInputBytes: maxInputMb * 1024 * 1024,
    ...(values.workers !== undefined ? { workers: parseWhole(values.workers, '--workers') } : {}),
    exclude: values.exclude ?? [],
    ...(ask ? { ask } : {}),
  };
}

/** Dense-code warnings written one per line; the rest are counted (a large tree can have hundreds). */
const DENSE_WARNINGS_SHOWN = 5;

/**
 * Warnings on stderr, one line each, except that dense-code warnings stop after DENSE_WARNINGS_SHOWN with a
 * count of the rest: every one is in `--format json` (and in the extension's Problems panel).
 */
function writeWarnings(io: CliIo, warnings: readonly Warning[], whereAll = '--format json lists them all'): void {
  let dense = 0;
  for (const w of warnings) {
    if (w.code === 'dense-code' && ++dense > DENSE_WARNINGS_SHOWN) continue;
    io.err(`warning: ${w.message}\n`);
  }
  const more = dense - DENSE_WARNINGS_SHOWN;
  if (more > 0) {
    io.err(`warning: ${countOf(more, 'more region')} of dense code (${whereAll}).\n`);
  }
}

/** $XDG_CACHE_HOME/code-context-compressor/<what> (~/.cache/… by default). */
function userCacheDir(io: CliIo, what: string): string {
  const base = io.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'code-context-compressor', what);
}

/** Downloaded neural models. */
function modelCacheDir(io: CliIo): string {
  return userCacheDir(io, 'models');
}

/** onnxruntime's native binding for this platform, shipped beside the bundle. */
function onnxRuntimeBinding(): string {
  return path.join(__dirname, 'assets', 'onnxruntime', `${process.platform}-${process.arch}`, 'onnxruntime_binding.node');
}

/** The per-file analysis index (--cache-dir overrides it). */
function indexCacheDir(io: CliIo): string {
  return userCacheDir(io, 'index');
}

function stderrLogger(io: CliIo): Logger {
  return {
    info: () => {},
    debug: () => {},
    warn: (m) => io.err(`warning: ${m}\n`),
    error: (m) => io.err(`error: ${m}\n`),
  };
}

/**
 * The result on stdout: its text, or its JSON piece by piece, each piece written once the one before has drained,
 * so that the JSON of a large tree (a slot per unit) is never held whole, here or in the thread that writes it out.
 */
async function writeOutput(io: CliIo, result: CompressResult, format: CliOptions['format']): Promise<void> {
  if (format !== 'json') {
    await io.out(result.text);
    return;
  }
  const slots = result.slots.map(({ text: _text, ...slot }) => slot);
  for (const piece of prettyJsonPieces({ text: result.text, slots, stats: result.stats, warnings: result.warnings })) {
    await io.out(piece);
  }
  await io.out('\n');
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * --ask: compress, send, stream the answer. The prompt is saved to a private file before the first request
 * and removed once the answer is complete; on any failure the message says where it is.
 */
async function askLlm(io: CliIo, compressor: Compressor, options: CliOptions, ask: AskOptions, files: SourceFile[], signal: AbortSignal): Promise<number> {
  const saved = new PromptFile(defaultPromptFolders(io.env, homedir(), tmpdir()));
  let saveError: string | undefined;
  const save = (text: string): void => {
    try {
      saved.save(text);
      saveError = undefined;
    } catch (err) {
      saveError = err instanceof Error ? err.message : String(err);
    }
  };
  try {
    const prepared = await prepareAsk(
      compressor,
      {
        question: ask.question,
        repoName: path.basename(io.cwd),
        ...(options.query !== undefined ? { query: options.query } : {}),
        files,
        budget: options.budget,
        ...(options.decoderGiven ? { decoder: options.decoder } : {}),
        ...(ask.endpoint !== undefined ? { endpoint: ask.endpoint } : {}),
        ...(ask.provider !== undefined ? { provider: ask.provider } : {}),
        ...(ask.model !== undefined ? { model: ask.model } : {}),
        allowRemote: ask.allowRemote,
        timeouts: ask.timeouts,
        encoder: encoderRequest(options),
        onPrompt: save,
      },
      signal,
    );
    const s = prepared.result.stats;
    if (prepared.decoderNote) io.err(`note: ${prepared.decoderNote}\n`);
    writeWarnings(io, prepared.result.warnings, 'the same run without --ask and with --format json lists them all');
    if (prepared.questionRedaction) io.err(`note: ${prepared.questionRedaction} in the question before sending.\n`);
    io.err(
      `${summaryLine(s)} (budget ${s.budget}${s.budget < options.budget ? `, lowered to fit the ${prepared.contextWindow}-token window` : ''}) → asking ${prepared.model} at ${prepared.client.endpoint}\n`,
    );
    for await (const delta of streamAnswer(prepared, signal)) await io.out(delta);
    await io.out('\n');
    saved.remove();
    return 0;
  } catch (err) {
    if (err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError')) {
      io.err(`code-compress: cancelled.${saved.path ? ` The prompt is in ${saved.path}.` : ''}\n`);
      return 130;
    }
    io.err(`code-compress: ${err instanceof Error ? err.message : String(err)}\n`);
    if (saved.path) io.err(`The compressed context and your question were saved to ${saved.path}; fix the problem above and retry.\n`);
    else if (saveError) io.err(`The compressed context could not be kept: ${saveError}.\n`);
    return 1;
  }
}

async function downloadCommand(io: CliIo, command: DownloadCommand, signal: AbortSignal): Promise<number> {
  try {
    return await runDownload(command, { cacheDir: modelCacheDir(io), onnxRuntimeBinding: onnxRuntimeBinding() }, signal, io.err);
  } catch (err) {
    if (err instanceof CancelledError || signal.aborted) {
      io.err('code-compress: download stopped; running the same command again resumes it.\n');
      return 130;
    }
    io.err(`code-compress: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** Runs the CLI; `signal` aborts it (Ctrl-C, forwarded by the supervising thread). */
/**
 * What a run keeps between runs when a long-lived process serves them (the background process of --daemon,
 * cliDaemon.ts): compressors by their settings (with their index, tokenizer and encoder loaded) and the files
 * read before. A run of its own makes its compressor and disposes of it.
 */
export interface CliHost {
  compressor(key: string, make: () => Compressor): Compressor;
  readonly reads: ReadCache;
  /** Messages of the kept compressors: to the run being served at the time. */
  readonly logger: Logger;
}

export async function main(argv: string[], signal: AbortSignal = new AbortController().signal, io: CliIo = processIo(), host?: CliHost): Promise<number> {
  let options;
  try {
    options = parseOptions(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`code-compress: ${err.message}\nRun \`code-compress --help\` for usage.\n`);
      return 2;
    }
    throw err;
  }
  if (options === 'help') {
    await io.out(`${USAGE}\n`);
    return 0;
  }
  if (options === 'version') {
    await io.out(`${version()}\n`);
    return 0;
  }
  if ('download' in options) return downloadCommand(io, options.download, signal);
  try {
    const tGather = performance.now();
    const gathered = await gatherFiles(options.inputs, {
      cwd: io.cwd,
      maxFileBytes: options.maxFileBytes,
      maxInputBytes: options.maxInputBytes,
      exclude: options.exclude,
      signal: signal,
      // Nothing else runs meanwhile: blocking reads are ~3× as fast for a tree of small files.
      syncReads: true,
      ...(host ? { cache: host.reads } : {}),
    });
    const gatherMs = performance.now() - tGather;
    const assets = path.join(__dirname, 'assets');
    const make = (): Compressor => new Compressor(
      {
        wasmDir: path.join(assets, 'wasm'),
        tokenizersDir: path.join(assets, 'tokenizers'),
        encoders: {
          builtinDir: path.join(assets, 'models', 'builtin'),
          cacheDir: modelCacheDir(io),
          repoRoot: path.join(__dirname, '..'),
          onnxRuntimeBinding: onnxRuntimeBinding(),
        },
        ...(options.cacheDir !== undefined ? { index: { dir: options.cacheDir, hostVersion: version(), syncReads: true } } : {}),
        ...(options.workers !== 0 ? { analysisWorker: path.join(__dirname, 'analysisWorker.js') } : {}),
        ...(options.workers ? { analysisWorkers: options.workers } : {}),
        // One request: the workers are not kept for another.
        analysisWorkersIdleMs: 0,
      },
      host?.logger ?? stderrLogger(io),
    );
    // Everything the compressor is made from, but the logger (a served run's messages go to its own client).
    const compressor = host ? host.compressor(JSON.stringify([options.cacheDir ?? null, options.workers ?? null, modelCacheDir(io)]), make) : make();
    if (gathered.files.length === 0) {
      // Nothing to compress: the skipped-file warnings say why, and a "0→0 tokens" summary would bury them.
      writeWarnings(io, gathered.warnings);
      io.err('code-compress: no readable source files were found in the given paths.\n');
      return 1;
    }
    if (options.ask) {
      writeWarnings(io, gathered.warnings);
      return await askLlm(io, compressor, options, options.ask, gathered.files, signal);
    }
    const result = await compressor.compress(
      {
        files: gathered.files,
        ...(options.query !== undefined ? { query: options.query } : {}),
        budget: options.budget,
        decoder: options.decoder,
        repoName: path.basename(io.cwd),
        style: options.format === 'markdown' ? 'markdown' : 'native',
        encoder: encoderRequest(options),
        entropy: options.entropy,
        redactSecrets: options.redact,
        priorWarnings: gathered.warnings,
        gatherMs,
      },
      signal,
    );
    if (signal.aborted) throw new CancelledError();
    if (result.text === '') {
      writeWarnings(io, result.warnings);
      io.err(`code-compress: none of the code fits in a budget of ${options.budget} tokens, so the context would be empty. Raise --budget.\n`);
      return 1;
    }
    await writeOutput(io, result, options.format);
    if (host) {
      // A long-lived host writes its index records in the background, after the client has its answer, and works
      // out ahead what ranking needs of every unit (the next run with a query would otherwise do it: ~1 s at 17 MB).
      void compressor.prepareRanking({ files: gathered.files, decoder: options.decoder, encoder: encoderRequest(options), entropy: options.entropy, redactSecrets: options.redact });
    } else {
      await compressor.flushIndex();
      await compressor.dispose();
    }
    writeWarnings(io, result.warnings, options.format === 'json' ? 'all are in the JSON output' : '--format json lists them all');
    const s = result.stats;
    const enc = s.encoder ? ` · encoder ${s.encoder.id} (${s.encoder.match}, ${s.encoder.device})` : '';
    const cp = s.conditionalPerplexity ? ` · conditional perplexity of ${s.conditionalPerplexity.units} units in ${s.conditionalPerplexity.ms.toFixed(0)} ms` : '';
    io.err(
      `${summaryLine(s)} (budget ${s.budget}, decoder ${s.decoder}) · ${countOf(s.files, 'file')}, ${countOf(s.units, 'unit')}${enc}${cp} · ${s.timingsMs.total.toFixed(0)} ms\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof CancelledError) {
      io.err('code-compress: cancelled.\n');
      return 130;
    }
    if (err instanceof InputTooLargeError) {
      io.err(`code-compress: ${err.message} Raise it with --max-input-size <MB> (now ${options.maxInputBytes / (1024 * 1024)}).\n`);
      return 1;
    }
    io.err(`code-compress: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** The worker's side: run the CLI, cancel on the supervisor's word, report the exit status. */
function runInWorker(port: MessagePort, argv: string[]): void {
  const controller = new AbortController();
  port.on('message', (m) => {
    if (m === 'abort') controller.abort();
  });
  main(argv, controller.signal).then(
    (exitCode) => {
      port.postMessage({ exitCode });
      port.close();
    },
    (err: unknown) => {
      process.stderr.write(`code-compress: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      port.postMessage({ exitCode: 1 });
      port.close();
    },
  );
}

// dist/cli.js (src/cliSupervisor.ts) starts this bundle in a worker thread; run directly (`node dist/cliMain.js …`),
// it works in this thread, without the supervisor's Ctrl-C handling.
const cliArgv = (workerData as { cliArgv?: string[] } | null)?.cliArgv;
if (!isMainThread && parentPort && cliArgv) runInWorker(parentPort, cliArgv);
// The background process of --daemon: `--serve-daemon <socket> [idle ms]` (tests give a short idle time).
else if (require.main === module && process.argv[2] === SERVE_DAEMON && process.argv[3]) void serveDaemon(process.argv[3], main, Number(process.argv[4]) || undefined);
else if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
