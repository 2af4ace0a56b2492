import { readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CancelledError, Compressor, DEFAULT_DECODER, encoderEntries, findEncoder, findDecoder, gatherFiles, knownDecoderIds, parseProvider, prepareAsk, streamAnswer, summaryLine, countOf } from './engine';
import type { CompressRequest, CompressResult, Logger, PreparedAsk, Provider, SourceFile, Warning } from './engine';

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
      --encoder <id>        the encoder that measures entropy (default auto: the one matched to the
                            decoder among those installed; the built-in code n-gram model ships)
      --device <name>       auto | cpu | cuda | webgpu | dml | coreml, for neural encoders (default auto)
      --conditional-perplexity <when>
                            auto | on | off: also rank units by how much each lowers the query's
                            perplexity under a neural encoder (default auto: on a GPU only)
      --no-entropy          skip entropy scoring (structure and lexical relevance only)
      --gguf <path|name>    score with a GGUF model in-process (llama.cpp): a .gguf file, or an Ollama
                            model name such as qwen2.5-coder:0.5b found in the Ollama models folder
      --scorer-endpoint <url>
                            score with the model a vLLM or SGLang server serves (loopback only unless
                            --allow-remote); what it fails to score falls back to the built-in encoder
      --scorer-protocol <p> vllm | sglang (default vllm)

Ask a local LLM (the compressed context and the question are sent, the answer streams to stdout):
      --ask <question>      compress with the question as the query, then ask it
      --endpoint <url>      the server (default http://127.0.0.1:11434 for Ollama)
      --provider <name>     ollama | openai (OpenAI-compatible: llama.cpp, LM Studio, vLLM), when the
                            endpoint does not make it clear
      --model <name>        the model to ask (default: the first installed model the registry knows)
      --allow-remote        allow a non-loopback endpoint (the code is sent to that host)
  -h, --help                show this help
  -V, --version             show the version

Exit status: 0 success, 2 usage error, 1 failure.`;

class UsageError extends Error {}

interface AskOptions {
  question: string;
  endpoint?: string;
  provider?: Provider;
  model?: string;
  allowRemote: boolean;
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
  encoder?: string;
  device: 'auto' | 'cpu' | 'cuda' | 'webgpu' | 'dml' | 'coreml';
  conditionalPerplexity: 'auto' | 'on' | 'off';
  entropy: boolean;
  scorer?: { endpoint: string; protocol: 'vllm' | 'sglang'; allowRemote: boolean };
  gguf?: string;
}

/** The encoder flags as the engine takes them. */
function encoderRequest(options: CliOptions): CompressRequest['encoder'] {
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

function parseOptions(argv: string[]): CliOptions | 'help' | 'version' {
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
        ask: { type: 'string' },
        endpoint: { type: 'string' },
        provider: { type: 'string' },
        model: { type: 'string' },
        'allow-remote': { type: 'boolean' },
        encoder: { type: 'string' },
        device: { type: 'string' },
        'conditional-perplexity': { type: 'string' },
        'no-entropy': { type: 'boolean' },
        gguf: { type: 'string' },
        'scorer-endpoint': { type: 'string' },
        'scorer-protocol': { type: 'string' },
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
  if (positionals.length === 0) throw new UsageError('Give at least one file or folder to compress.');
  const budget = values.budget !== undefined ? parsePositiveInt(values.budget, '--budget') : 4000;
  if (budget < 16) throw new UsageError(`--budget must be at least 16 tokens, got ${budget}.`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`--format must be text, json or markdown, got "${format}".`);
  const decoder = values.decoder ?? DEFAULT_DECODER;
  if (!findDecoder(decoder)) throw new UsageError(`Unknown --decoder "${decoder}". Known: ${knownDecoderIds().join(', ')}.`);
  if (values.query !== undefined && values['query-file'] !== undefined) throw new UsageError('Use either --query or --query-file, not both.');
  let query = values.query;
  if (values['query-file'] !== undefined) {
    try {
      query = readFileSync(values['query-file'], 'utf8');
    } catch (err) {
      throw new UsageError(`Cannot read --query-file ${values['query-file']}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
    }
  }
  const maxKb = values['max-file-size'] !== undefined ? parsePositiveInt(values['max-file-size'], '--max-file-size') : 1024;
  let ask: AskOptions | undefined;
  if (values.ask !== undefined) {
    if (!values.ask.trim()) throw new UsageError('--ask needs a question.');
    if (format === 'json') throw new UsageError('--ask streams the answer as text; --format json does not apply.');
    const provider: Provider | undefined = values.provider !== undefined ? parseProvider(values.provider) : undefined;
    if (values.provider !== undefined && !provider) throw new UsageError(`--provider must be ollama or openai, got "${values.provider}".`);
    ask = {
      question: values.ask,
      ...(values.endpoint !== undefined ? { endpoint: values.endpoint } : {}),
      ...(provider !== undefined ? { provider } : {}),
      ...(values.model !== undefined ? { model: values.model } : {}),
      allowRemote: values['allow-remote'] ?? false,
    };
  } else if (values.endpoint !== undefined || values.model !== undefined || values.provider !== undefined || (values['allow-remote'] && values['scorer-endpoint'] === undefined)) {
    throw new UsageError('--endpoint, --provider, --model and --allow-remote go with --ask.');
  }
  const scorerProtocol = values['scorer-protocol'] ?? 'vllm';
  if (scorerProtocol !== 'vllm' && scorerProtocol !== 'sglang') throw new UsageError(`--scorer-protocol must be vllm or sglang, got "${scorerProtocol}".`);
  if (values['scorer-protocol'] !== undefined && values['scorer-endpoint'] === undefined) throw new UsageError('--scorer-protocol goes with --scorer-endpoint.');
  if (values['scorer-endpoint'] !== undefined && values.gguf !== undefined) throw new UsageError('Use either --scorer-endpoint or --gguf, not both.');
  const device = values.device ?? 'auto';
  if (!['auto', 'cpu', 'cuda', 'webgpu', 'dml', 'coreml'].includes(device)) throw new UsageError(`--device must be auto, cpu, cuda, webgpu, dml or coreml, got "${device}".`);
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
    device: device as CliOptions['device'],
    conditionalPerplexity,
    entropy: !values['no-entropy'],
    ...(values['scorer-endpoint'] !== undefined ? { scorer: { endpoint: values['scorer-endpoint'], protocol: scorerProtocol, allowRemote: values['allow-remote'] ?? false } } : {}),
    ...(values.gguf !== undefined ? { gguf: values.gguf } : {}),
    ...(query !== undefined ? { query } : {}),
    decoder,
    decoderGiven: values.decoder !== undefined,
    format,
    maxFileBytes: maxKb * 1024,
    ...(ask ? { ask } : {}),
  };
}

/** Dense-code warnings written one per line; the rest are counted (a large tree can have hundreds). */
const DENSE_WARNINGS_SHOWN = 5;

/**
 * Warnings on stderr, one line each, except that dense-code warnings stop after DENSE_WARNINGS_SHOWN with a
 * count of the rest: every one is in `--format json` (and in the extension's Problems panel).
 */
function writeWarnings(warnings: readonly Warning[], whereAll = '--format json lists them all'): void {
  let dense = 0;
  for (const w of warnings) {
    if (w.code === 'dense-code' && ++dense > DENSE_WARNINGS_SHOWN) continue;
    process.stderr.write(`warning: ${w.message}\n`);
  }
  const more = dense - DENSE_WARNINGS_SHOWN;
  if (more > 0) {
    process.stderr.write(`warning: ${countOf(more, 'more unit')} of dense code (${whereAll}).\n`);
  }
}

/** Downloaded neural models: $XDG_CACHE_HOME/code-context-compressor/models (~/.cache/… by default). */
function modelCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'code-context-compressor', 'models');
}

const stderrLogger: Logger = {
  info: () => {},
  debug: () => {},
  warn: (m) => process.stderr.write(`warning: ${m}\n`),
  error: (m) => process.stderr.write(`error: ${m}\n`),
};

function output(result: CompressResult, format: CliOptions['format']): string {
  if (format !== 'json') return result.text;
  return `${JSON.stringify({ text: result.text, slots: result.slots.map(({ text: _text, ...slot }) => slot), stats: result.stats, warnings: result.warnings }, null, 2)}\n`;
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** --ask: compress, send, stream the answer. On failure the context is saved so nothing is lost. */
async function askLlm(compressor: Compressor, options: CliOptions, ask: AskOptions, files: SourceFile[], signal: AbortSignal): Promise<number> {
  let prepared: PreparedAsk | undefined;
  try {
    prepared = await prepareAsk(
      compressor,
      {
        question: ask.question,
        repoName: path.basename(process.cwd()),
        ...(options.query !== undefined ? { query: options.query } : {}),
        files,
        budget: options.budget,
        ...(options.decoderGiven ? { decoder: options.decoder } : {}),
        ...(ask.endpoint !== undefined ? { endpoint: ask.endpoint } : {}),
        ...(ask.provider !== undefined ? { provider: ask.provider } : {}),
        ...(ask.model !== undefined ? { model: ask.model } : {}),
        allowRemote: ask.allowRemote,
        encoder: encoderRequest(options),
      },
      signal,
    );
    const s = prepared.result.stats;
    if (prepared.decoderNote) process.stderr.write(`note: ${prepared.decoderNote}\n`);
    writeWarnings(prepared.result.warnings, 'the same run without --ask and with --format json lists them all');
    if (prepared.redaction) process.stderr.write(`note: ${prepared.redaction} before sending.\n`);
    process.stderr.write(
      `${summaryLine(s)} (budget ${s.budget}${s.budget < options.budget ? `, lowered to fit the ${prepared.contextWindow}-token window` : ''}) → asking ${prepared.model} at ${prepared.client.endpoint}\n`,
    );
    for await (const delta of streamAnswer(prepared, signal)) process.stdout.write(delta);
    process.stdout.write('\n');
    return 0;
  } catch (err) {
    if (err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError')) {
      process.stderr.write('code-compress: cancelled.\n');
      return 130;
    }
    process.stderr.write(`code-compress: ${err instanceof Error ? err.message : String(err)}\n`);
    if (prepared) {
      const saved = path.join(tmpdir(), `code-compress-context-${Date.now()}.txt`);
      writeFileSync(saved, `${prepared.prompt.messages.map((m) => m.content).join('\n\n')}\n`);
      process.stderr.write(`The compressed context and your question were saved to ${saved}; fix the problem above and retry.\n`);
    }
    return 1;
  }
}

export async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseOptions(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`code-compress: ${err.message}\nRun \`code-compress --help\` for usage.\n`);
      return 2;
    }
    throw err;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options === 'version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  try {
    const tGather = performance.now();
    const gathered = await gatherFiles(options.inputs, { cwd: process.cwd(), maxFileBytes: options.maxFileBytes, signal: controller.signal });
    const gatherMs = performance.now() - tGather;
    const assets = path.join(__dirname, 'assets');
    const compressor = new Compressor(
      {
        wasmDir: path.join(assets, 'wasm'),
        tokenizersDir: path.join(assets, 'tokenizers'),
        encoders: {
          builtinDir: path.join(assets, 'models', 'builtin'),
          cacheDir: modelCacheDir(),
          repoRoot: path.join(__dirname, '..'),
          onnxRuntimeBinding: path.join(assets, 'onnxruntime', `${process.platform}-${process.arch}`, 'onnxruntime_binding.node'),
        },
      },
      stderrLogger,
    );
    if (gathered.files.length === 0) {
      // Nothing to compress: the skipped-file warnings say why, and a "0→0 tokens" summary would bury them.
      writeWarnings(gathered.warnings);
      process.stderr.write('code-compress: no readable source files were found in the given paths.\n');
      return 1;
    }
    if (options.ask) {
      writeWarnings(gathered.warnings);
      return await askLlm(compressor, options, options.ask, gathered.files, controller.signal);
    }
    const result = await compressor.compress(
      {
        files: gathered.files,
        ...(options.query !== undefined ? { query: options.query } : {}),
        budget: options.budget,
        decoder: options.decoder,
        repoName: path.basename(process.cwd()),
        style: options.format === 'markdown' ? 'markdown' : 'native',
        encoder: encoderRequest(options),
        entropy: options.entropy,
        priorWarnings: gathered.warnings,
        gatherMs,
      },
      controller.signal,
    );
    process.stdout.write(output(result, options.format));
    writeWarnings(result.warnings, options.format === 'json' ? 'all are in the JSON output' : '--format json lists them all');
    const s = result.stats;
    const enc = s.encoder ? ` · encoder ${s.encoder.id} (${s.encoder.match}, ${s.encoder.device})` : '';
    const cp = s.conditionalPerplexity ? ` · conditional perplexity of ${s.conditionalPerplexity.units} units in ${s.conditionalPerplexity.ms.toFixed(0)} ms` : '';
    process.stderr.write(
      `${summaryLine(s)} (budget ${s.budget}, decoder ${s.decoder}) · ${countOf(s.files, 'file')}, ${countOf(s.units, 'unit')}${enc}${cp} · ${s.timingsMs.total.toFixed(0)} ms\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof CancelledError) {
      process.stderr.write('code-compress: cancelled.\n');
      return 130;
    }
    process.stderr.write(`code-compress: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`code-compress: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
