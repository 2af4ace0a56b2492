import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CancelledError, Compressor, DEFAULT_DECODER, findDecoder, gatherFiles, knownDecoderIds, summaryLine } from './engine';
import type { CompressResult, Logger } from './engine';

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
  -h, --help                show this help
  -V, --version             show the version

Exit status: 0 success, 2 usage error, 1 failure.`;

class UsageError extends Error {}

interface CliOptions {
  inputs: string[];
  budget: number;
  query?: string;
  decoder: string;
  format: 'text' | 'json' | 'markdown';
  maxFileBytes: number;
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
  return { inputs: positionals, budget, ...(query !== undefined ? { query } : {}), decoder, format, maxFileBytes: maxKb * 1024 };
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
    const compressor = new Compressor({ wasmDir: path.join(assets, 'wasm'), tokenizersDir: path.join(assets, 'tokenizers') }, stderrLogger);
    const result = await compressor.compress(
      {
        files: gathered.files,
        ...(options.query !== undefined ? { query: options.query } : {}),
        budget: options.budget,
        decoder: options.decoder,
        style: options.format === 'markdown' ? 'markdown' : 'native',
        priorWarnings: gathered.warnings,
        gatherMs,
      },
      controller.signal,
    );
    process.stdout.write(output(result, options.format));
    for (const w of result.warnings) process.stderr.write(`warning: ${w.message}\n`);
    const s = result.stats;
    process.stderr.write(
      `${summaryLine(s)} (budget ${s.budget}, decoder ${s.decoder}) · ${s.files} files, ${s.units} units · ${s.timingsMs.total.toFixed(0)} ms\n`,
    );
    if (gathered.files.length === 0) {
      process.stderr.write('code-compress: no readable source files were found in the given paths.\n');
      return 1;
    }
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
