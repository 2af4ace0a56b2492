import { createHash } from 'node:crypto';
import { throwIfAborted, yieldToEventLoop } from './abort';
import { requireDecoder } from './decoders';
import { droppedDefinitions, droppedDefinitionsMessage } from './plan/droppedDefinitions';
import { levelTokens, Planner, type LevelValues, type PlanItem } from './plan/planner';
import { scoreUnits, withPrunedValue } from './relevance';
import { conditionalPerplexityGains, measuresConditionalPerplexity } from './relevance/conditionalPerplexity';
import { pinRegion } from './pin';
import { locateQuery } from './query';
import { frameFor, omissionMarker } from './render/format';
import { declarationParts, render, withoutDoc, type RenderFile } from './render/render';
import { languageOfPath, type LanguageId } from './segment/languages';
import { grammarsFor, segmentFile, type SegmentedFile } from './segment/segmenter';
import { TreeSitterRuntime } from './segment/treeSitter';
import { loadTokenCounter, type TokenCounter } from './tokenize/tokenCounter';
import type { CompressRequest, CompressResult, CompressStats, EncoderReport, Logger, PinnedRegion, Unit, Warning } from './types';
import { denseWarning, isDense, scoreDensity, warrantsWarning } from './density/unitDensity';
import { canPrune, prunedForms, type PrunedForm } from './density/prunedForms';
import type { Encoder } from './encoder/encoder';
import { EncoderProvider, type EncoderChoice, type EncoderLocations } from './encoder/select';
import type { DensityReport } from './entropy';

/** Where the engine finds its assets; the host (extension or CLI) decides, the engine never probes. */
export interface EngineAssets {
  readonly wasmDir: string;
  readonly tokenizersDir: string;
  /** Encoders for entropy; without them units are not scored (structure and lexical relevance only). */
  readonly encoders?: EncoderLocations;
}

export class InvalidBudgetError extends Error {
  constructor(budget: number) {
    super(`The budget must be a whole number of tokens, at least 16 (got ${budget}).`);
    this.name = 'InvalidBudgetError';
  }
}

/** Units ranked by conditional perplexity (a forward pass each): the ones whose bodies are worth most. */
const CONDITIONAL_PERPLEXITY_UNITS = 16;

/**
 * Indices of the items that pass `eligible`, by how much keeping them whole adds to their declaration
 * (most first, ties by position), at most `limit`; items that add nothing are left out.
 */
function mostWorth(items: readonly PlanItem[], values: readonly LevelValues[], eligible: (item: PlanItem, index: number) => boolean, limit: number): number[] {
  return items
    .flatMap((it, i) => {
      const worth = (values[i]?.verbatim ?? 0) - (values[i]?.signature ?? 0);
      return worth > 0 && eligible(it, i) ? [{ i, worth }] : [];
    })
    .sort((a, b) => b.worth - a.worth || a.i - b.i)
    .slice(0, limit)
    .map(({ i }) => i);
}

/**
 * A parse error is worth a warning from this many lines on: one-line errors are mostly syntax newer than the
 * grammar (`export type * from` in TypeScript) and leave every unit as it would be.
 */
const COARSE_ERROR_LINES = 3;

/** Segmentations kept for unchanged files, so re-running on the same editors re-parses nothing. */
const SEGMENT_CACHE_LIMIT = 2_000;

interface FileWork {
  readonly path: string;
  readonly uri?: string;
  readonly text: string;
  readonly language: LanguageId;
  units: Unit[];
  pinned: Set<number>;
}

/**
 * The whole pipeline of one request: segment → count → score relevance → plan under the budget → render,
 * checking the exact token count of the rendered text so that it is never over the budget.
 */
export class Compressor {
  private readonly runtime: TreeSitterRuntime;
  private readonly segments = new Map<string, SegmentedFile>();
  private readonly encoders: EncoderProvider | undefined;

  constructor(private readonly assets: EngineAssets, private readonly log: Logger) {
    this.runtime = new TreeSitterRuntime(assets.wasmDir);
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

  /** Loads the tokenizer (and so pays its one-off cost) ahead of the first request. */
  tokenCounter(decoder: string): Promise<TokenCounter> {
    return loadTokenCounter(this.assets.tokenizersDir, requireDecoder(decoder).tokenizer);
  }

  async compress(request: CompressRequest, signal?: AbortSignal): Promise<CompressResult> {
    const t0 = performance.now();
    const { budget } = request;
    if (!Number.isInteger(budget) || budget < 16) throw new InvalidBudgetError(budget);
    const decoder = requireDecoder(request.decoder);
    this.runtime.prefetch(grammarsFor(request.files));
    const counter = await loadTokenCounter(this.assets.tokenizersDir, decoder.tokenizer);
    const warnings: Warning[] = [...(request.priorWarnings ?? [])];
    const frame = frameFor(decoder.format, request.style ?? 'native');
    const repoName = request.repoName?.trim() || 'workspace';

    // Segment.
    const tSegment = performance.now();
    const work: FileWork[] = [];
    for (const file of request.files) {
      throwIfAborted(signal);
      const language = languageOfPath(file.path);
      const seg = await this.segment(file.text, language);
      if (seg.errorLines >= COARSE_ERROR_LINES) {
        warnings.push({ code: 'parse-errors', path: file.path, message: `${file.path} has syntax errors (${seg.errorLines} lines the parser could not read); units around them may be coarse.` });
      }
      work.push({ path: file.path, ...(file.uri !== undefined ? { uri: file.uri } : {}), text: file.text, language, units: [...seg.units], pinned: new Set() });
      await yieldToEventLoop();
    }
    const segmentMs = performance.now() - tSegment;

    // Pin the query's code / the cursor region.
    const tTokenize = performance.now();
    const preambleTokens = counter.count(frame.preamble(repoName));
    const regions: PinnedRegion[] = [...(request.pinned ?? [])];
    const located = regions.length === 0 ? locateQuery(request.files, request.query) : undefined;
    if (located) regions.push(located);
    for (const region of regions) {
      const fw = work.find((w) => w.path === region.path);
      if (!fw) continue;
      const room = budget - preambleTokens - counter.count(frame.fileHeader(fw.path, fw.language) + frame.fileFooter()) - this.markerTokens(counter) - counter.count(omissionMarker(region.startLine, 'code'));
      const result = pinRegion(fw.text, fw.units, region, (t) => counter.count(t), Math.floor(budget / 2), Math.max(room, 0));
      // Several regions can pin the same file (chosen symbols): units pinned by earlier regions stay pinned.
      const earlier = [...fw.pinned].map((i) => fw.units[i]).filter((u): u is Unit => u !== undefined);
      fw.units = result.units;
      fw.pinned = new Set([
        ...result.pinned,
        ...fw.units.flatMap((u, i) => (earlier.some((e) => u.startLine >= e.startLine && u.endLine <= e.endLine) ? [i] : [])),
      ]);
      if (result.truncatedFrom !== undefined) {
        warnings.push({
          code: 'pinned-truncated',
          path: fw.path,
          message: `The code at the cursor (${fw.path} L${region.startLine}-${region.endLine}) is larger than the budget of ${budget} tokens; only its last lines were kept.`,
        });
      }
    }

    // Count tokens of every representation. Each unit's ids are kept for the density pass, which encodes the same
    // texts: tokenising the input once instead of twice.
    const unitIds = new Map<string, number[]>();
    const encodeUnit = (text: string): number[] => {
      let ids = unitIds.get(text);
      if (!ids) unitIds.set(text, (ids = counter.encode(text)));
      return ids;
    };
    const plainMarkerTokens = this.markerTokens(counter);
    const items: PlanItem[] = [];
    for (let fi = 0; fi < work.length; fi++) {
      throwIfAborted(signal);
      const fw = work[fi];
      if (!fw) continue;
      const base = items.length;
      fw.units.forEach((unit, ui) => {
        const leader = unit.closesBack !== undefined ? ui - unit.closesBack : -1;
        const follows = leader >= 0 && fw.units[leader]?.kind === 'class' && !fw.pinned.has(ui) ? base + leader : undefined;
        const decl = declarationParts(unit);
        const code = withoutDoc(unit);
        items.push({
          fileIndex: fi,
          indexInFile: ui,
          unit,
          pinned: fw.pinned.has(ui),
          relevance: 0,
          verbatimTokens: encodeUnit(unit.text).length,
          lineNumberTokens: counter.count(omissionMarker(unit.startLine, 'code')) - plainMarkerTokens,
          skeletonTokens: unit.skeleton !== undefined ? counter.count(unit.skeleton) : undefined,
          ...(decl ? { declarationTokens: counter.count(decl.text), declarationGaps: { before: decl.before !== '', after: decl.after !== '' } } : {}),
          ...(code ? { codeTokens: counter.count(code.text), codeOmitsAbove: code.firstLine > unit.startLine } : {}),
          ...(follows !== undefined ? { follows } : {}),
        });
      });
      await yieldToEventLoop();
    }
    // A class's closing line costs what it costs, but is paid for by the header it belongs to.
    const priced: PlanItem[] = items.map((it) => it);
    items.forEach((it) => {
      if (it.follows === undefined) return;
      const leader = priced[it.follows];
      if (!leader) return;
      const declarationTokens = leader.declarationTokens !== undefined ? leader.declarationTokens + it.verbatimTokens : undefined;
      const codeTokens = leader.codeTokens !== undefined ? leader.codeTokens + it.verbatimTokens : undefined;
      priced[it.follows] = {
        ...leader,
        verbatimTokens: leader.verbatimTokens + it.verbatimTokens,
        ...(declarationTokens !== undefined ? { declarationTokens } : {}),
        ...(codeTokens !== undefined ? { codeTokens } : {}),
      };
    });
    const tokenizeMs = performance.now() - tTokenize;

    // Score entropy with the encoder matched to the decoder.
    const tScore = performance.now();
    let density: DensityReport[][] | undefined;
    let encoderReport: EncoderReport | undefined;
    let encoder: Encoder | undefined;
    if (request.entropy !== false && work.length > 0) {
      const choice = await this.chooseEncoder(decoder.id, request.encoder);
      if (choice) {
        density = await scoreDensity(choice.encoder, encodeUnit, work, signal);
        encoder = choice.encoder;
        const better = choice.match.best && choice.match.best.id !== choice.match.encoder.id ? choice.match.best.id : undefined;
        encoderReport = { id: choice.match.encoder.id, device: choice.encoder.info.device, match: choice.match.level, description: choice.match.description, ...(better ? { suggestion: better } : {}) };
        if (choice.match.warning) warnings.push({ code: 'encoder-mismatch', message: choice.match.warning.message });
        if (choice.fallbackReason) warnings.push({ code: 'encoder-mismatch', message: choice.fallbackReason });
        for (const message of choice.encoder.drainNotices?.() ?? []) warnings.push({ code: 'encoder-mismatch', message });
      }
    }
    const scoreMs = performance.now() - tScore;

    // Relevance and planning.
    const tPlan = performance.now();
    let { relevance, values } = scoreUnits(items, request.query, { budget });
    // With a long-context encoder, the units most worth keeping whole are also ranked by how much each lowers the
    // query's perplexity (LongCodeZip), and scored again with that evidence.
    let conditionalPerplexity: CompressStats['conditionalPerplexity'];
    const mode = this.encoders?.preference(request.encoder).conditionalPerplexity ?? 'auto';
    if (encoder && request.query?.trim() && measuresConditionalPerplexity(mode, encoder)) {
      const tCp = performance.now();
      const candidates = mostWorth(items, values, (it) => !it.pinned && it.follows === undefined && it.unit.kind !== 'import', CONDITIONAL_PERPLEXITY_UNITS);
      const gains = await conditionalPerplexityGains(encoder, counter, request.query, candidates.map((i) => ({ index: i, text: items[i]?.unit.text ?? '' })), signal);
      ({ relevance, values } = scoreUnits(items, request.query, { budget, perplexityGain: items.map((_, i) => gains.get(i) ?? 0) }));
      conditionalPerplexity = { units: candidates.length, ms: performance.now() - tCp };
      this.log.debug(`conditional perplexity: ${candidates.length} units in ${conditionalPerplexity.ms.toFixed(0)} ms`);
    }
    // Pruned bodies (by the encoder's surprisal) for the units whose bodies are worth most.
    const dense = items.map((it) => isDense(density?.[it.fileIndex]?.[it.indexInFile]));
    const byWorth = mostWorth(items, values, (it, i) => canPrune(it, dense[i] ?? false), Number.POSITIVE_INFINITY);
    const pruned = encoder ? await prunedForms(encoder, counter, items, byWorth, signal) : new Map<number, PrunedForm>();
    for (const [i, form] of pruned) {
      const v = values[i];
      if (v) values[i] = withPrunedValue(v, form.keptInformation);
    }
    const scored: PlanItem[] = priced.map((it, i) => {
      const form = pruned.get(i);
      return { ...it, relevance: relevance[i] ?? 0, ...(values[i] ? { values: values[i] } : {}), ...(dense[i] ? { dense: true } : {}), ...(form ? { prunedTokens: form.tokens } : {}) };
    });
    const headerTokens = work.map((w) => counter.count(frame.fileHeader(w.path, w.language) + frame.fileFooter()));
    const planner = new Planner(scored, {
      headerTokens: (fi) => headerTokens[fi] ?? 0,
      markerTokens: this.markerTokens(counter),
      unitsPerFile: work.map((w) => w.units.length),
    });
    const levels = planner.plan(budget - preambleTokens);
    const planMs = performance.now() - tPlan;

    // Render, then check the exact count: BPE merges across pieces make the sum of parts an estimate.
    const tRender = performance.now();
    const offsets: number[] = [];
    let offset = 0;
    for (const w of work) {
      offsets.push(offset);
      offset += w.units.length;
    }
    const renderFiles: RenderFile[] = work.map((w) => ({
      file: { path: w.path, text: w.text, ...(w.uri !== undefined ? { uri: w.uri } : {}) },
      language: w.language,
      units: w.units,
    }));
    const draw = () =>
      render(renderFiles, (fi, ui) => {
        const idx = (offsets[fi] ?? 0) + ui;
        const it = items[idx]; // own token counts (a header's price in `scored` includes its closing line)
        const level = levels[idx] ?? 'omitted';
        // `items` has no pruned counts (they are in `scored`, whose headers' prices include their closing lines).
        const tokens = !it ? 0 : level === 'pruned' ? (pruned.get(idx)?.tokens ?? it.verbatimTokens) : levelTokens(it, level);
        const d = density?.[fi]?.[ui];
        return {
          level,
          pinned: it?.pinned ?? false,
          ...(level === 'pruned' ? { prunedText: pruned.get(idx)?.text ?? '' } : {}),
          relevance: scored[idx]?.relevance ?? 0,
          originalTokens: it?.verbatimTokens ?? 0,
          tokens,
          ...(d?.bitsPerToken !== undefined ? { entropy: d.bitsPerToken } : {}),
          ...(d?.percentile !== undefined ? { entropyPercentile: d.percentile } : {}),
          ...(d && isDense(d) ? { dense: true, denseReasons: d.reasons.map((r) => r.message) } : {}),
        };
      }, frame, repoName);
    let rendered = draw();
    let total = counter.count(rendered.text);
    while (total > budget && planner.shrink()) {
      rendered = draw();
      total = counter.count(rendered.text);
    }
    if (total > budget) {
      // Only pinned code is left and it still does not fit (a budget too small for even one header).
      warnings.push({ code: 'budget-too-small', message: `A budget of ${budget} tokens cannot hold the code at the cursor; the output is empty. Raise the budget.` });
      rendered = { text: '', slots: rendered.slots.map((s) => ({ ...s, level: 'omitted', tokens: 0, text: '' })) };
      total = 0;
    }
    const renderMs = performance.now() - tRender;
    const dropped = total > 0 ? droppedDefinitions(items, levels) : [];
    if (dropped.length > 0) warnings.push({ code: 'dropped-definitions', message: droppedDefinitionsMessage(dropped, budget) });
    if (density) {
      work.forEach((w, fi) =>
        w.units.forEach((unit, ui) => {
          const d = density?.[fi]?.[ui];
          if (d && warrantsWarning(d)) warnings.push(denseWarning(w.path, unit, d, levels[(offsets[fi] ?? 0) + ui] ?? 'omitted'));
        }),
      );
    }

    const originalTokens = items.reduce((sum, it) => sum + it.verbatimTokens, 0);
    const totalMs = performance.now() - t0;
    this.log.debug(`compressed ${work.length} files, ${originalTokens} → ${total} tokens in ${totalMs.toFixed(0)} ms`);
    return {
      text: rendered.text,
      slots: rendered.slots,
      warnings,
      stats: {
        files: work.length,
        units: scored.length,
        originalTokens,
        compressedTokens: total,
        ratio: total > 0 ? originalTokens / total : 1,
        budget,
        decoder: decoder.id,
        ...(encoderReport ? { encoder: encoderReport } : {}),
        ...(conditionalPerplexity ? { conditionalPerplexity } : {}),
        timingsMs: {
          gather: request.gatherMs ?? 0,
          segment: segmentMs,
          tokenize: tokenizeMs,
          score: scoreMs,
          plan: planMs,
          render: renderMs,
          total: totalMs + (request.gatherMs ?? 0),
        },
      },
    };
  }

  private markerTokens(counter: TokenCounter): number {
    return counter.count(omissionMarker(0, 'mention'));
  }

  private async segment(text: string, language: LanguageId): Promise<SegmentedFile> {
    const key = `${language}\0${createHash('sha1').update(text).digest('hex')}`;
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
