import { setTimeout as sleep } from 'node:timers/promises';
import { contentHash } from './index/contentHash';
import { CancelledError, throwIfAborted, yieldToEventLoop } from './abort';
import { isValidBudget, MIN_BUDGET } from './budget';
import { requireDecoder, type DecoderProfile } from './decoders';
import { rangeAsIs, unitsInRange } from './focusRange';
import { scoreDensity } from './density/unitDensity';
import { denseRegionWarnings, wholeFileDenseRegion } from './density/fileRegions';
import type { DenseRegion } from './density/regions';
import type { Encoder } from './encoder/encoder';
import type { SharedBuiltinModel } from './encoder/builtinEncoder';
import type { BpeTables } from './tokenize/byteLevelBpe';
import { EncoderProvider, type EncoderChoice, type EncoderLocations } from './encoder/select';
import type { DensityReport } from './density';
import { FindingsStore } from './index/findingsStore';
import { ResultCache, resultKey } from './index/resultCache';
import { DeferredWrites } from './index/deferredWrites';
import { AnalysisIndex, type Analysis, type IndexCounts, type IndexOptions } from './index/analysisIndex';
import { loadUnits } from './index/record';
import { AnalysisPool, defaultPoolSize } from './pool/analysisPool';
import type { FileAnalysis } from './pool/fileAnalysis';
import { PhaseClock } from './pipeline/phaseClock';
import { pinPhase } from './pipeline/pinPhase';
import { pricePhase } from './pipeline/pricePhase';
import { rankPhase } from './pipeline/rankPhase';
import { renderPhase } from './pipeline/renderPhase';
import { scorePhase } from './pipeline/scorePhase';
import { TokenIdsMemo } from './pipeline/tokenIds';
import type { FileWork, UnitItem } from './pipeline/work';
import { droppedDefinitions, droppedDefinitionsMessage } from './plan/droppedDefinitions';
import { Planner } from './plan/planner';
import { locateQuery } from './query';
import { prepareRanking } from './relevance/prepareRanking';
import { rehearsalQuery } from './relevance/rehearsal';
import { attachFacts } from './relevance/storedFacts';
import { escapeSpecialTokens, frameFor, omissionMarker } from './render/format';
import { languageOfPath, type LanguageId } from './segment/languages';
import { grammarsFor, segmentFile, type SegmentedFile } from './segment/segmenter';
import { TreeSitterRuntime } from './segment/treeSitter';
import { loadTokenCounter, type TokenCounter } from './tokenize/tokenCounter';
import type { CompressRequest, CompressResult, CompressStats, EncoderReport, Logger, PinnedRegion, SourceFile, Unit, Warning } from './types';
import { RedactionMemo, redactRequest } from './secrets';
import type { PooledScan } from './secrets/redactRequest';

/** Where the engine finds its assets; the host (extension or CLI) decides, the engine never probes. */
export interface EngineAssets {
  readonly wasmDir: string;
  readonly tokenizersDir: string;
  /** Encoders for entropy; without them units are not scored (structure and lexical relevance only). */
  readonly encoders?: EncoderLocations;
  /** Where the per-file analysis index persists (a folder, a size cap); without a folder it lives in memory only. */
  readonly index?: IndexOptions;
  /** The bundled analysis worker (dist/analysisWorker.js); without it every file is analysed on the calling thread. */
  readonly analysisWorker?: string;
  /** How many analysis workers (default: one per core, up to 8, and none on a single core; 0: none). */
  readonly analysisWorkers?: number;
  /** Characters of unknown files from which a request uses the workers (default 2M; tests lower it). */
  readonly analysisPoolFrom?: number;
  /**
   * How long idle workers are kept for the next request (default 30 s); a host that makes one request (the CLI)
   * says 0, and each worker's memory (its heap, parser, tokenizer and model: ~150 MB) is returned while the
   * request goes on to plan and render.
   */
  readonly analysisWorkersIdleMs?: number;
}

export class InvalidBudgetError extends Error {
  constructor(budget: number) {
    super(`The budget must be a whole number of tokens, at least ${MIN_BUDGET} (got ${budget}).`);
    this.name = 'InvalidBudgetError';
  }
}

/**
 * A parse error is worth a warning from this many lines on: one-line errors are mostly syntax newer than the
 * grammar (`export type * from` in TypeScript) and leave every unit as it would be.
 */
const COARSE_ERROR_LINES = 3;

/**
 * A request sends its unknown files to the worker pool from this many files and characters on (a first build):
 * each worker starts its own grammars and takes the host's tokenizer tables and model (~0.3 s), which a small input
 * does not pay back (rxjs, 0.7 MB: 1.52 s with two workers against 1.31 s in place; 17 MB: 13.2 s against 18.8 s).
 */
const POOL_MIN_FILES = 16;
const POOL_MIN_CHARS = 2 * 1024 * 1024;

/**
 * How long after the last request the writes no result waits for start (DeferredWrites): long enough for a host to
 * show the result, short enough that a process quitting soon after has usually written them (the CLI flushes).
 */
const LATER_WRITES_DELAY_MS = 1000;

/** The rehearsal's budget (see rehearse): a user's usual one; the planner's work grows with it. */
const REHEARSAL_BUDGET = 4000;
/** How long no request may have come before a rehearsal starts (a user pausing, not a burst of requests). */
const REHEARSAL_AFTER_IDLE_MS = 2000;
/** The share of a rehearsal's files the index may not know (2 of the 17 MB tree's 1,989 files are never stored). */
const REHEARSAL_UNKNOWN_SHARE = 0.01;

/** Segmentations kept for unchanged files, so re-running on the same editors re-parses nothing. */
const SEGMENT_CACHE_LIMIT = 2_000;

/** What `analyse` needs: the files, and the settings their analysis is keyed by (tokenizer, redaction, encoder). */
export type AnalyseRequest = Pick<CompressRequest, 'files' | 'decoder' | 'encoder' | 'entropy' | 'redactSecrets'>;

/** Files `analyse` takes per step: each step's analyses are kept before the next starts, so a cancellation keeps them. */
const ANALYSE_BATCH = 32;

/** What the score phase leaves for the rest: the encoder that ran, its report, and conditional perplexity's figures. */
interface Scored {
  encoder?: Encoder;
  /** The encoder's key in the index (its id and calibration). */
  encoderKey?: string;
  report?: EncoderReport;
  conditionalPerplexity?: CompressStats['conditionalPerplexity'];
}

/**
 * The whole pipeline of one request, in named phases over one list of items (pipeline/work.ts): segment → pin
 * and price (each unit's own tokens) → score (density under the encoder) → rank (relevance, the worth of each
 * level, pruned forms) and plan under the budget → render and fit, checking the exact token count of the rendered
 * text so that it is never over the budget.
 */
export class Compressor {
  private readonly runtime: TreeSitterRuntime;
  private readonly segments = new Map<string, SegmentedFile>();
  /** Secrets found per file version: a compressor that lives on (the extension's) scans each version once. */
  private readonly redactions: RedactionMemo;
  /** The redaction memo's saves and the stored results' writes, run once requests are over (flushIndex runs them now). */
  private readonly laterWrites = new DeferredWrites(LATER_WRITES_DELAY_MS);
  private readonly encoders: EncoderProvider | undefined;

  private readonly index: AnalysisIndex;
  /** Worker threads for a first build (started when a request has many files the index does not know). */
  private pool: AnalysisPool | undefined;
  /** Keeps the workers that scanned a first build's secrets running until its analysis is queued. */
  private scanHold: (() => void) | undefined;
  private readonly results: ResultCache;
  private readonly hostVersion: string;
  /** Units whose ranking facts are still to be worked out ahead (prepareRanking), and the run doing it now. */
  private readonly toPrepare = new Set<Unit>();
  private preparingRun: Promise<void> | undefined;
  /** Stops that run: a compression goes first. */
  private preparing: AbortController | undefined;
  /** Calls of pauseBackgroundWork so far, and the compressions running now: a preparation starts only when neither moved. */
  private pauses = 0;
  private compressions = 0;
  /** Set once a request with a query has been planned here: from then on no rehearsal is needed (see rehearse). */
  private queryPlanned = false;

  constructor(private readonly assets: EngineAssets, private readonly log: Logger) {
    this.runtime = new TreeSitterRuntime(assets.wasmDir);
    this.index = new AnalysisIndex(assets.index ?? {}, assets.wasmDir, log);
    const dir = assets.index?.dir;
    this.hostVersion = assets.index?.hostVersion ?? 'unversioned';
    this.results = new ResultCache(dir, log, assets.index?.io);
    this.redactions = new RedactionMemo(dir !== undefined ? new FindingsStore(dir, assets.index?.hostVersion ?? 'unversioned', log, assets.index?.io) : undefined);
    this.encoders = assets.encoders ? new EncoderProvider(assets.encoders, (m) => log.info(m)) : undefined;
  }

  /** The encoder matched to a decoder (loaded on first use), or undefined when none is installed. */
  chooseEncoder(decoder: string, preference?: CompressRequest['encoder']): Promise<EncoderChoice | undefined> {
    return this.encoders ? this.encoders.choose(requireDecoder(decoder), preference) : Promise.resolve(undefined);
  }

  /** Density of each unit of one file, for editor diagnostics. */
  async densityOf(file: { path: string; text: string }, decoder: string, preference?: CompressRequest['encoder'], signal?: AbortSignal): Promise<{ unit: Unit; report: DensityReport }[]> {
    const choice = await this.chooseEncoder(decoder, preference);
    if (!choice) return [];
    const language = languageOfPath(file.path);
    const seg = await this.segment(file.text, language);
    const counter = await this.tokenCounter(decoder);
    const [reports] = await scoreDensity(choice.encoder, (t) => counter.encode(t), [{ path: file.path, text: file.text, language, units: seg.units }], signal);
    return seg.units.map((unit, i) => ({ unit, report: reports?.[i] as DensityReport }));
  }

  /** A text's tree-sitter units (cached by content), for a host listing symbols: one parser runtime for all. */
  async unitsOf(text: string, language: LanguageId): Promise<readonly Unit[]> {
    return (await this.segment(text, language)).units;
  }

  /** Loads the tokenizer (and so pays its one-off cost) ahead of the first request. */
  tokenCounter(decoder: string): Promise<TokenCounter> {
    return loadTokenCounter(this.assets.tokenizersDir, requireDecoder(decoder).tokenizer);
  }

  async compress(request: CompressRequest, signal?: AbortSignal): Promise<CompressResult> {
    const t0 = performance.now();
    const { budget } = request;
    if (!isValidBudget(budget)) throw new InvalidBudgetError(budget);
    this.pauseBackgroundWork();
    this.laterWrites.hold();
    this.compressions++;
    try {
      if (this.assets.index?.reuseResults === false) return await this.compressAnew(request, t0, signal);
      const key = await this.resultKeyOf(request);
      if (key === undefined) return await this.compressAnew(request, t0, signal);
      const known = await this.results.get(key);
      if (known) return reused(known, request, performance.now() - t0);
      const result = await this.compressAnew(request, t0, signal);
      // In memory now (the same request again is answered at once), on disk once the host has shown this one.
      this.results.remember(key, result);
      this.laterWrites.add(`result ${key}`, () => this.results.write(key, result));
      return result;
    } finally {
      this.compressions--;
      this.releaseScanHold();
      this.laterWrites.release();
    }
  }

  /**
   * What every request goes through before its files are analysed, so that the analyses (and the index's records)
   * are those of the text as it will be counted: secrets replaced by markers (scanned once per file version), the
   * decoder's tokenizer loaded, special tokens inside files escaped.
   */
  private async prepare(request: CompressRequest, signal: AbortSignal | undefined): Promise<{ request: CompressRequest; decoder: DecoderProfile; counter: TokenCounter; warnings: Warning[] }> {
    // Secrets out first: everything below (counting, slots, every output) sees only the markers.
    try {
      request = (await redactRequest(request, signal, this.redactions, await this.pooledScan(request))).request;
    } catch (err) {
      // Cancelled (or failed) mid-scan: the scans still queued would hold up the next request's jobs.
      this.pool?.clearQueue(err instanceof Error ? err : new CancelledError());
      this.releaseScanHold();
      throw err;
    }
    // Each save writes all that was learnt: one waiting is enough.
    this.laterWrites.add('findings', () => this.redactions.save());
    const decoder = requireDecoder(request.decoder);
    this.runtime.prefetch(grammarsFor(request.files));
    const counter = await loadTokenCounter(this.assets.tokenizersDir, decoder.tokenizer);
    // The warnings passed in, the redaction's among them, then the escapes'.
    const warnings: Warning[] = [...(request.priorWarnings ?? [])];
    const escaped = escapeSpecialTokens(request.files, counter.specialTokens); // before anything is counted
    if (escaped.warning) warnings.push(escaped.warning);
    return { request: { ...request, files: escaped.files }, decoder, counter, warnings };
  }

  /**
   * Whether workers score density too: only under the built-in encoder (the workers score with this process's
   * model, handed over in shared memory, so their figures are the ones the pipeline would get); other encoders score
   * in the pipeline.
   */
  private async workerDensity(request: CompressRequest, decoder: string): Promise<WorkerDensity | undefined> {
    if (request.entropy === false || request.files.length === 0) return undefined;
    const choice = await this.chooseEncoder(decoder, request.encoder);
    if (choice?.match.encoder.runtime !== 'builtin-ngram') return undefined;
    const model = await choice.encoder.sharedModel?.();
    return { encoderKey: await this.index.encoderKey(choice.encoder), ...(model ? { model } : {}) };
  }

  /** The request's key in the result cache: its inputs and the encoder it would be scored with. */
  private async resultKeyOf(request: CompressRequest): Promise<string | undefined> {
    // The preference in force (the request's, else the settings'): what was asked for is part of the answer (a
    // forced encoder that cannot load falls back, and the result says so).
    const preference = this.encoders?.preference(request.encoder);
    // A scoring server's answers depend on its state at the time (it may fail and be stood in for): never reused.
    if (preference?.scorer) return undefined;
    const choice = request.entropy === false || request.files.length === 0 ? undefined : await this.chooseEncoder(requireDecoder(request.decoder).id, request.encoder);
    const encoder = choice
      ? {
          key: await this.index.encoderKey(choice.encoder),
          preference: preference ?? null,
          level: choice.match.level,
          warning: choice.match.warning?.message ?? null,
          fallback: choice.fallbackReason ?? null,
          best: choice.match.best?.id ?? null,
        }
      : null;
    return resultKey(request, encoder, this.hostVersion);
  }

  private async compressAnew(request: CompressRequest, t0: number, signal: AbortSignal | undefined): Promise<CompressResult> {
    const { budget } = request;
    const prepared = await this.prepare(request, signal);
    request = prepared.request;
    const { decoder, counter, warnings } = prepared;
    const frame = frameFor(decoder.format, request.style ?? 'native');
    const repoName = request.repoName?.trim() || 'workspace';
    const timings = new PhaseClock();
    // Counting a unit's tokens and scoring its density encode the same text: tokenised once per request.
    const ids = new TokenIdsMemo(counter);
    const encode = ids.encode;

    const counts: IndexCounts = { hits: 0, misses: 0 };
    const density = await this.workerDensity(request, decoder.id);
    const work = await timings.time('segment', () => this.segmentPhase(request.files, decoder.tokenizer, density, counts, warnings, signal));

    const items = await timings.time('tokenize', async () => {
      const preambleTokens = counter.count(frame.preamble(repoName));
      const markerTokens = this.markerTokens(counter);
      const regions: PinnedRegion[] = [...(request.pinned ?? [])];
      const located = regions.length === 0 ? locateQuery(request.files, request.query) : undefined;
      if (located) regions.push(located);
      const count = (t: string): number => counter.count(t);
      const room = (fw: FileWork, region: PinnedRegion): number =>
        budget - preambleTokens - count(frame.fileHeader(fw.path, fw.language) + frame.fileFooter()) - markerTokens - count(omissionMarker(region.startLine, 'code'));
      pinPhase(work, regions, { budget, count, room }, warnings);
      return pricePhase(work, counter, encode, signal);
    });

    const scored = await timings.time('score', () => this.scoreWith(request, decoder.id, work, items, encode, warnings, signal));
    ids.clear();
    this.keepAnalyses(work, scored.encoderKey);

    const planned = await timings.time('plan', async () => {
      const conditionalPerplexity = await rankPhase(items, {
        query: request.query,
        budget,
        counter,
        encoder: scored.encoder,
        conditionalPerplexity: this.encoders?.preference(request.encoder).conditionalPerplexity ?? 'auto',
        log: this.log,
        signal,
      });
      if (conditionalPerplexity) scored.conditionalPerplexity = conditionalPerplexity;
      const headerTokens = work.map((w) => counter.count(frame.fileHeader(w.path, w.language) + frame.fileFooter()));
      const planner = new Planner(items, { headerTokens: (fi) => headerTokens[fi] ?? 0, markerTokens: this.markerTokens(counter), unitsPerFile: work.map((w) => w.units.length) });
      await planner.planAsync(budget - counter.count(frame.preamble(repoName)), signal);
      return planner;
    });

    if (request.query?.trim()) this.queryPlanned = true;
    const { rendered, total } = await timings.time('render', () => Promise.resolve(renderPhase(work, items, planned, frame, repoName, counter, budget, warnings, signal, heldLabels(request.pinned))));
    const levels = planned.levels;
    const dropped = total > 0 ? droppedDefinitions(items, levels) : [];
    if (dropped.length > 0) warnings.push({ code: 'dropped-definitions', message: droppedDefinitionsMessage(dropped, budget) });
    // One warning per dense region (a generated file is one), in the words the editor's Problems entries use.
    if (scored.encoder) {
      const byFile = work.map((): { unit: Unit; report: DensityReport }[] => []);
      for (const it of items) if (it.density) byFile[it.fileIndex]?.push({ unit: it.unit, report: it.density });
      work.forEach((w, fi) => warnings.push(...denseRegionWarnings(w.path, w.text, byFile[fi] ?? [], wholeFileOf(w))));
    }

    const originalTokens = items.reduce((sum, it) => sum + it.verbatimTokens, 0);
    const totalMs = performance.now() - t0;
    this.log.debug(`compressed ${work.length} files, ${originalTokens} → ${total} tokens in ${totalMs.toFixed(0)} ms`);
    return rangeAsIs(request.files, {
      text: rendered.text,
      slots: rendered.slots,
      warnings,
      stats: {
        files: work.length,
        units: items.length,
        originalTokens,
        compressedTokens: total,
        ratio: total > 0 ? originalTokens / total : 1,
        budget,
        decoder: decoder.id,
        ...(scored.report ? { encoder: scored.report } : {}),
        ...(scored.conditionalPerplexity ? { conditionalPerplexity: scored.conditionalPerplexity } : {}),
        index: counts,
        timingsMs: { gather: request.gatherMs ?? 0, ...timings.totals(), total: totalMs + (request.gatherMs ?? 0) },
      },
    }, (t) => counter.count(t));
  }

  /**
   * Every file's units: the index's when it knows the file (with their forms, and their density under the encoder
   * it last saw), the segmenter's otherwise; warns about coarse parse errors.
   */
  private async segmentPhase(files: readonly SourceFile[], tokenizer: string, density: WorkerDensity | undefined, counts: IndexCounts, warnings: Warning[], signal: AbortSignal | undefined): Promise<FileWork[]> {
    const languages = files.map((f) => languageOfPath(f.path));
    const lookups = this.index.lookupAll(files.map((f, i) => ({ text: f.text, language: languages[i] ?? 'text' })), tokenizer);
    // Every lookup settles (a failed one rejects): none is left unhandled when a cancellation stops the loop.
    for (const l of lookups) l.catch(() => undefined);
    const looked = await Promise.all(lookups);
    const bpe = (await loadTokenCounter(this.assets.tokenizersDir, tokenizer)).sharedBpe?.();
    const pooled = this.analyseInPool(files, languages, looked, { tokenizer, ...(bpe ? { bpe } : {}) }, density, signal);
    this.releaseScanHold(); // the scanned files' analysis is queued (or done here): idle workers may stop again
    const work: FileWork[] = [];
    try {
      for (let i = 0; i < files.length; i++) {
        throwIfAborted(signal);
        const file = files[i] as SourceFile;
        const language = languages[i] ?? 'text';
        const { key } = looked[i] as (typeof looked)[number];
        let found = (looked[i] as (typeof looked)[number]).found;
        // Analysed by a worker just now: used as the index's own, and kept by it like any file analysed here.
        const fresh = found ? undefined : await pooled[i]?.catch(() => undefined);
        if (fresh) found = freshAnalysis(key, fresh, file.text, density);
        let units: readonly Unit[];
        let errorLines: number;
        if (found && !fresh) counts.hits++;
        else counts.misses++;
        if (fresh) counts.inWorkers = (counts.inWorkers ?? 0) + 1;
        if (found) ({ units, errorLines } = found);
        else {
          ({ units, errorLines } = await segmentFile(file.text, language, this.runtime));
          await yieldToEventLoop();
        }
        if (errorLines >= COARSE_ERROR_LINES) {
          warnings.push({ code: 'parse-errors', path: file.path, message: `${file.path} has syntax errors (${errorLines} lines the parser could not read); units around them may be coarse.` });
        }
        work.push({
          path: file.path,
          ...(file.uri !== undefined ? { uri: file.uri } : {}),
          text: file.text,
          language,
          // A range of interest (a selection) cuts the whole file's units: what the index knows of them no longer lines
          // up, and the cut units are this request's alone.
          units: unitsInRange(file.text, units, file.range),
          pinned: new Set(),
          errorLines,
          ...(found?.wholeFile !== undefined ? { wholeFile: found.wholeFile } : {}),
          index: { key, found, ...(fresh ? { fresh: true } : {}) },
          ...(file.range ? { recut: true } : found ? { known: { forms: found.forms, ...(fresh && found.density ? { density: found.density.reports } : {}) } } : {}),
        });
      }
    } finally {
      this.pool?.clearQueue(new CancelledError());
    }
    return work;
  }

  /**
   * The files the index does not know, sent to the worker pool when there are enough of them to pay for it (a
   * first build); one promise per file, undefined where the file is analysed here.
   */
  private analyseInPool(files: readonly SourceFile[], languages: readonly LanguageId[], looked: readonly { found: Analysis | undefined }[], tokenizer: PoolTokenizer, density: WorkerDensity | undefined, signal: AbortSignal | undefined): (Promise<FileAnalysis | undefined> | undefined)[] {
    const misses = files.flatMap((f, i) => (looked[i]?.found || f.range ? [] : [i]));
    const chars = misses.reduce((n, i) => n + (files[i]?.text.length ?? 0), 0);
    const pool = this.poolPays(misses.length, chars) && !signal?.aborted ? this.poolFor(tokenizer, density) : undefined;
    if (!pool) return [];
    const out: (Promise<FileAnalysis | undefined> | undefined)[] = [];
    for (const i of misses) {
      const p = pool.analyse(files[i]?.text ?? '', languages[i] ?? 'text', density !== undefined);
      p.catch(() => undefined);
      out[i] = p;
    }
    return out;
  }

  /** Whether this many files to analyse or scan, of this many characters, are worth starting workers for. */
  private poolPays(files: number, chars: number): boolean {
    const size = this.assets.analysisWorkers ?? defaultPoolSize();
    return this.assets.analysisWorker !== undefined && size >= 1 && files >= POOL_MIN_FILES && chars >= (this.assets.analysisPoolFrom ?? POOL_MIN_CHARS);
  }

  /** The worker pool, started with this request's tokenizer (its tables shared) and the model workers share for density. */
  private poolFor(tokenizer: PoolTokenizer, density: WorkerDensity | undefined): AnalysisPool | undefined {
    const script = this.assets.analysisWorker;
    if (script === undefined) return undefined;
    this.pool ??= new AnalysisPool({
      script,
      init: { wasmDir: this.assets.wasmDir, tokenizersDir: this.assets.tokenizersDir, tokenizer: tokenizer.tokenizer, ...(tokenizer.bpe ? { bpe: tokenizer.bpe } : {}), ...(this.assets.encoders ? { builtinDir: this.assets.encoders.builtinDir } : {}), ...(density?.model ? { builtinModel: density.model } : {}) },
      size: this.assets.analysisWorkers ?? defaultPoolSize(),
      ...(this.assets.analysisWorkersIdleMs !== undefined ? { idleMs: this.assets.analysisWorkersIdleMs } : {}),
    });
    return this.pool;
  }

  /**
   * Secrets scanning on the analysis workers for a request large enough that they may be started (a first build):
   * the files the redaction memo does not know are scanned there, in parallel, instead of here while the workers
   * wait for their texts. The workers are held from the first scan until the analysis is queued (see hold).
   */
  private async pooledScan(request: CompressRequest): Promise<PooledScan | undefined> {
    if (request.redactSecrets === false || !this.poolPays(request.files.length, request.files.reduce((n, f) => n + f.text.length, 0))) return undefined;
    const decoder = requireDecoder(request.decoder);
    const density = await this.workerDensity(request, decoder.id);
    const bpe = (await loadTokenCounter(this.assets.tokenizersDir, decoder.tokenizer)).sharedBpe?.();
    const tokenizer: PoolTokenizer = { tokenizer: decoder.tokenizer, ...(bpe ? { bpe } : {}) };
    return {
      pays: (files, chars) => this.poolPays(files, chars),
      scan: (text, path) => {
        const pool = this.poolFor(tokenizer, density);
        if (!pool) return Promise.reject(new Error('no analysis workers'));
        if (!this.scanHold) {
          this.log.debug('Secrets: the files not scanned before are scanned on the analysis workers.');
          this.scanHold = pool.hold();
        }
        return pool.findSecrets(text, path);
      },
    };
  }

  /** Lets the workers stop when idle again once a first build's scans are followed by its analysis (or it failed). */
  private releaseScanHold(): void {
    this.scanHold?.();
    this.scanHold = undefined;
  }

  /**
   * Stops the analysis workers, if any run, and releases the encoders' models (the CLI before it exits; the
   * extension when it is deactivated or its encoder settings change and a new compressor takes over).
   */
  async dispose(): Promise<void> {
    this.preparing?.abort();
    this.toPrepare.clear();
    // What waits to be written goes now (a background process leaving, the extension deactivated): it is cheap, and
    // the next start finds the results and findings it would otherwise work out again.
    await Promise.all([this.pool?.dispose(), this.encoders?.dispose(), this.laterWrites.flush()]);
    this.pool = undefined;
  }

  /**
   * Hands the index what this request derived that it did not know: files analysed from scratch (here or by a
   * worker), and density under a new encoder. Files whose units pinning re-cut are this request's alone.
   */
  private keepAnalyses(work: readonly FileWork[], encoderKey: string | undefined): void {
    for (const fw of work) {
      if (fw.recut || !fw.index || !fw.known?.forms) continue;
      const found = fw.index.found;
      const density = encoderKey !== undefined && fw.known.density ? { encoder: encoderKey, reports: fw.known.density } : found?.density;
      if (found && !fw.index.fresh && !fw.densityScored) continue;
      // The facts found with the units, while the units are those (every unit object the same: not re-cut).
      const facts = found?.facts && found.units.length === fw.units.length && found.units.every((u, i) => u === fw.units[i]) ? found.facts : undefined;
      this.index.keep({ key: fw.index.key, units: fw.units, errorLines: fw.errorLines, forms: fw.known.forms, ...(density ? { density } : {}), wholeFile: wholeFileOf(fw), ...(facts ? { facts } : {}) }, fw.text);
    }
  }

  /**
   * Analyses files into the index without compressing them (a host's background indexer): the same preparation
   * and the same segment, price and score phases as `compress`, so that a later compression of these texts finds
   * them analysed. Step by step, each step's analyses kept before the next, so that a cancellation (CancelledError)
   * leaves the index consistent with what was done. Returns the files known already (hits) and analysed (misses).
   */
  async analyse(request: AnalyseRequest, signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<IndexCounts> {
    const counts: IndexCounts = { hits: 0, misses: 0 };
    const total = request.files.length;
    for (let start = 0; start < total; start += ANALYSE_BATCH) {
      throwIfAborted(signal);
      await this.analyseStep({ ...request, files: request.files.slice(start, start + ANALYSE_BATCH) }, counts, signal);
      onProgress?.(Math.min(total, start + ANALYSE_BATCH), total);
    }
    return counts;
  }

  private async analyseStep(step: AnalyseRequest, counts: IndexCounts, signal: AbortSignal | undefined): Promise<void> {
    // The budget plays no part in the analysis: any valid one lets the request pass through compress's own steps.
    const { request, decoder, counter } = await this.prepare({ ...step, budget: MIN_BUDGET }, signal);
    const { encode } = new TokenIdsMemo(counter);
    const density = await this.workerDensity(request, decoder.id);
    const work = await this.segmentPhase(request.files, decoder.tokenizer, density, counts, [], signal);
    const items = await pricePhase(work, counter, encode, signal);
    const scored = await this.scoreWith(request, decoder.id, work, items, encode, [], signal);
    this.keepAnalyses(work, scored.encoderKey);
  }

  /**
   * Works out ahead, in the background, what ranking needs of the units of these files that the index holds (see
   * prepareRanking), so that the next request with a query does not: a long-lived host calls it once files are
   * compressed or analysed, with the settings its requests use (the index's records are keyed by them). Then, once
   * per compressor, when the index knows the files and no request has come for a while, a rehearsal (see
   * rehearse). A compression starting pauses both (they go on with the next call); files the index does not know
   * are skipped. Nothing here changes a result, only when its work is done.
   */
  async prepareRanking(request: AnalyseRequest): Promise<void> {
    const pausesBefore = this.pauses;
    let rehearsal: CompressRequest | undefined;
    try {
      const { files } = request;
      const tokenizer = requireDecoder(request.decoder).tokenizer;
      const looked = await Promise.all(this.index.lookupAll(files.map((f) => ({ text: f.text, language: languageOfPath(f.path) })), tokenizer));
      for (const l of looked) for (const unit of l.found?.units ?? []) this.toPrepare.add(unit);
      // Rehearsed only once the index knows the files: a rehearsal never does a first build (the indexer's work).
      // A few it cannot know (a file whose units do not partition its text is never stored) are analysed each time.
      const unknown = looked.reduce((n, l) => n + (l.found ? 0 : 1), 0);
      const mock = !this.rehearsed && looked.length > 0 && unknown <= looked.length * REHEARSAL_UNKNOWN_SHARE ? rehearsalQuery(files) : undefined;
      if (mock) rehearsal = { ...request, budget: REHEARSAL_BUDGET, query: mock.query, pinned: [mock.pinned] };
    } catch (err) {
      this.log.debug(`Ranking not prepared ahead: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    // A compression started (or a host asked for a pause) while the index's records were being read: the run
    // would compete with it (it did, in a --daemon's first ranked run: 3.7 s against 1.3 s). Its units stay
    // pending; the host's next call, once the compression is over, prepares them.
    if (this.pauses !== pausesBefore || this.compressions > 0) return;
    // A run a compression stopped is ending: this call starts the next.
    if (this.preparing?.signal.aborted) await this.preparingRun;
    this.preparingRun ??= this.runPreparation(rehearsal).finally(() => {
      this.preparingRun = undefined;
    });
    await this.preparingRun;
  }

  /** Units whose ranking facts are still to be worked out ahead (for tests and diagnostics). */
  get rankingPending(): number {
    return this.toPrepare.size;
  }

  /**
   * Stops the ranking preparation running in the background (what it has done is kept, the rest stays pending until
   * the next prepareRanking call): a request goes first, its gathering included — the preparation's slices would
   * otherwise hold up every file read's callback.
   */
  pauseBackgroundWork(): void {
    this.pauses++;
    this.preparing?.abort();
  }

  /** Units whose ranking facts are worked out first; then, once per compressor, the rehearsal (if one is given). */
  private async runPreparation(rehearsal: CompressRequest | undefined): Promise<void> {
    const stop = new AbortController();
    this.preparing = stop;
    try {
      const t0 = performance.now();
      const pending = this.toPrepare.size;
      await prepareRanking(this.toPrepare, stop.signal);
      if (!stop.signal.aborted) this.log.debug(`Ranking facts of ${pending} units prepared in ${(performance.now() - t0).toFixed(0)} ms.`);
      // Only once requests have paused a while: one arriving during a rehearsal waits for the rehearsal's current
      // stretch of work (scoring 44k units is ~0.3 s in one go), which requests made back to back kept meeting.
      if (rehearsal && !this.rehearsed && !stop.signal.aborted) {
        this.log.debug(`Ranking prepared; a request is rehearsed once none has come for ${REHEARSAL_AFTER_IDLE_MS / 1000} s.`);
        const quiet = await sleep(REHEARSAL_AFTER_IDLE_MS, true, { signal: stop.signal }).catch(() => false);
        if (quiet) await this.rehearse(rehearsal, stop.signal);
      }
    } finally {
      if (this.preparing === stop) this.preparing = undefined;
    }
  }

  /**
   * Runs a request like a user's and throws its result away (see rehearsalQuery), so that the user's first request
   * with a query finds the ranking and planning code warm. Stopped like the preparation, by any request; it changes
   * no result (the memos it fills hold what any request would work out) and writes nothing that waits for it.
   */
  private async rehearse(request: CompressRequest, signal: AbortSignal): Promise<void> {
    this.log.debug('Rehearsing a request with a query in the background (warm-up).');
    try {
      const t0 = performance.now();
      await this.compressAnew(request, t0, signal);
      this.log.debug(`Rehearsed in ${(performance.now() - t0).toFixed(0)} ms: the first request with a query will not wait for warm-up.`);
    } catch (err) {
      if (!(err instanceof CancelledError)) this.log.debug(`Ranking not rehearsed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Whether a request with a query has been ranked and planned here (a user's or the rehearsal): for tests and diagnostics. */
  get rehearsed(): boolean {
    return this.queryPlanned;
  }

  /** Waits until the index has written what it learnt (the CLI calls it before exiting; tests, before comparing). */
  async flushIndex(): Promise<void> {
    await Promise.all([this.index.flush(), this.laterWrites.flush()]);
  }

  /** Density under the encoder matched to the decoder, unless entropy is off or none is installed. */
  private async scoreWith(request: CompressRequest, decoder: string, work: readonly FileWork[], items: readonly UnitItem[], encode: (text: string) => number[], warnings: Warning[], signal: AbortSignal | undefined): Promise<Scored> {
    if (request.entropy === false || work.length === 0) return {};
    const choice = await this.chooseEncoder(decoder, request.encoder);
    if (!choice) return {};
    const encoderKey = await this.index.encoderKey(choice.encoder);
    for (const fw of work) {
      const stored = fw.index?.found?.density;
      if (!fw.recut && stored?.encoder === encoderKey) fw.known = { ...fw.known, density: stored.reports };
    }
    await scorePhase(work, items, choice.encoder, encode, signal);
    const better = choice.match.best && choice.match.best.id !== choice.match.encoder.id ? choice.match.best.id : undefined;
    if (choice.match.warning) warnings.push({ code: 'encoder-mismatch', message: choice.match.warning.message });
    if (choice.fallbackReason) warnings.push({ code: 'encoder-mismatch', message: choice.fallbackReason });
    // What a remote or in-process scorer could not do (and the built-in encoder did instead), said once per run.
    for (const message of choice.encoder.drainNotices?.() ?? []) warnings.push({ code: 'encoder-mismatch', message });
    return {
      encoder: choice.encoder,
      encoderKey,
      report: { id: choice.match.encoder.id, device: choice.encoder.info.device, match: choice.match.level, description: choice.match.description, ...(better ? { suggestion: better } : {}) },
    };
  }

  private markerTokens(counter: TokenCounter): number {
    return counter.count(omissionMarker(0, 'mention'));
  }

  private async segment(text: string, language: LanguageId): Promise<SegmentedFile> {
    const key = `${language}\0${contentHash(text)}`;
    const cached = this.segments.get(key);
    if (cached) return cached;
    const seg = await segmentFile(text, language, this.runtime);
    if (this.segments.size >= SEGMENT_CACHE_LIMIT) {
      const oldest = this.segments.keys().next();
      if (!oldest.done) this.segments.delete(oldest.value);
    }
    this.segments.set(key, seg);
    return seg;
  }
}

/** A file's whole-file dense region (null: none), looked for once per file version (the index keeps it). */
function wholeFileOf(fw: FileWork): DenseRegion | null {
  if (fw.wholeFile === undefined) fw.wholeFile = wholeFileDenseRegion(fw.text) ?? null;
  return fw.wholeFile;
}

/** The decoder's tokenizer as workers get it: its folder name, and the host's BPE tables they encode with. */
interface PoolTokenizer {
  readonly tokenizer: string;
  readonly bpe?: BpeTables;
}

/** Density scored by the workers, under this encoder key. */
interface WorkerDensity {
  readonly encoderKey: string;
  /** The model this process loaded, for the workers to share instead of loading one each. */
  readonly model?: SharedBuiltinModel;
}

/** A file analysed by a worker, as the index would have it. */
function freshAnalysis(key: string, fresh: FileAnalysis, text: string, density: WorkerDensity | undefined): Analysis {
  const units = loadUnits(fresh.units, text);
  attachFacts(units, fresh.facts);
  return {
    key,
    units,
    facts: fresh.facts,
    errorLines: fresh.errorLines,
    forms: fresh.forms,
    wholeFile: fresh.wholeFile,
    ...(fresh.density && density ? { density: { encoder: density.encoderKey, reports: fresh.density } } : {}),
  };
}

/** A stored result as the answer to this request: the same in every respect but this run's counts and timings. */
function reused(known: CompressResult, request: CompressRequest, ms: number): CompressResult {
  const gather = request.gatherMs ?? 0;
  return {
    ...known,
    stats: {
      ...known.stats,
      index: { hits: request.files.length, misses: 0, reused: true },
      timingsMs: { gather, segment: 0, tokenize: 0, score: 0, plan: 0, render: 0, total: gather + ms },
    },
  };
}

/** What the pinned regions stand for, in words (from their labels), for a budget too small to hold them. */
function heldLabels(pinned: readonly PinnedRegion[] | undefined): string[] {
  return (pinned ?? []).flatMap((r) => (r.label ? [`the ${r.label}`] : []));
}
