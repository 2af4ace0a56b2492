import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { DecoderProfile } from '../decoders';
import { BUILTIN_MODEL_FILE, BuiltinEncoder } from './builtinEncoder';
import { CachedEncoder, type Encoder } from './encoder';
import { IdleReleasingEncoder } from './idleRelease';
import type { ConditionalPerplexityMode } from '../relevance/conditionalPerplexity';
import { encoderEntries, matchEncoder, type EncoderEntry, type MatchResult } from './matching';
import { encoderModelDir, loadNeuralEncoder, presentNeuralEncoders, type DeviceChoice } from './neural';
import { connectServingScorer, type ScorerPreference } from './serving';
import { findSiblingGguf, loadGguf, type GgufDevice } from './gguf';

/** Where encoders live; the host decides (extension folder, CLI folder, user cache). */
export interface EncoderLocations {
  /** Folder of the built-in n-gram model (model.bin). */
  readonly builtinDir: string;
  /** Where downloaded neural models are cached; without one only the built-in model is used. */
  readonly cacheDir?: string;
  /** Repository root for registry entries stored in the repo (the tiny test model). */
  readonly repoRoot?: string;
  /** onnxruntime_binding.node of the packaged extension. */
  readonly onnxRuntimeBinding?: string;
  /** Ollama's models folders to look for the decoder's GGUF sibling in (default: $OLLAMA_MODELS or ~/.ollama/models); [] turns the search off. */
  readonly ollamaModelDirs?: readonly string[];
  /** The user's standing choice (settings), used when a request names none; read on every request. */
  readonly preference?: () => EncoderPreference;
  /**
   * Milliseconds without scoring after which a neural or GGUF model is released (and loaded again on the next
   * run); read each time, undefined or 0 keeps models for the life of the process (the CLI).
   */
  readonly idleReleaseMs?: () => number | undefined;
}

export interface EncoderPreference {
  /** An encoder id the user forced; `auto` or undefined lets matching choose. */
  readonly forced?: string;
  readonly device?: DeviceChoice;
  /** When to rank by conditional perplexity under a neural encoder (see CompressRequest). */
  readonly conditionalPerplexity?: ConditionalPerplexityMode;
  /** A vLLM/SGLang server that scores with the model it serves; when set it is the encoder (the built-in one covers its failures). */
  readonly scorer?: ScorerPreference;
  /** A GGUF model (a .gguf path or an Ollama name) scored in-process by llama.cpp. */
  readonly gguf?: string;
}

export interface EncoderChoice {
  readonly encoder: Encoder;
  readonly match: MatchResult;
  /** Set when the chosen neural model could not load and the built-in one stands in. */
  readonly fallbackReason?: string;
}

const BUILTIN_ID = 'builtin-code-ngram';

/**
 * Picks the encoder matched to the decoder (DESIGN.md, findings 2–4) among those present, loads it once and
 * keeps it: a neural model takes seconds to load, the n-gram model ~80 ms. A neural model that fails to
 * load (no runtime, no GPU) falls back to the built-in model, saying why.
 */
export class EncoderProvider {
  private readonly loaded = new Map<string, Promise<Encoder>>();
  private readonly ggufs = new Map<string, Promise<{ encoder: Encoder; entry: EncoderEntry }>>();
  private readonly serving = new Map<string, Promise<{ encoder: Encoder; entry: EncoderEntry }>>();

  constructor(private readonly locations: EncoderLocations, private readonly log: (message: string) => void) {}

  available(): string[] {
    const ids: string[] = [];
    if (existsSync(path.join(this.locations.builtinDir, BUILTIN_MODEL_FILE))) ids.push(BUILTIN_ID);
    const entries = encoderEntries();
    if (this.locations.cacheDir) ids.push(...presentNeuralEncoders(entries, this.locations.cacheDir, this.locations.repoRoot));
    else if (this.locations.repoRoot) ids.push(...presentNeuralEncoders(entries.filter((e) => e.source.kind === 'local'), '', this.locations.repoRoot));
    return ids;
  }

  /** The request's preference, else the host's standing one (settings). */
  preference(requested?: EncoderPreference): EncoderPreference {
    return requested ?? this.locations.preference?.() ?? {};
  }

  async choose(decoder: DecoderProfile, requested?: EncoderPreference): Promise<EncoderChoice | undefined> {
    const preference = this.preference(requested);
    const available = this.available();
    if (preference.scorer) return this.chooseServing(decoder, preference.scorer, available);
    const forced = preference.forced && preference.forced !== 'auto' ? preference.forced : undefined;
    if (preference.gguf) return this.chooseGguf(decoder, preference.gguf, preference.device ?? 'auto', available, 'named with --gguf or the gguf setting');
    // auto, first choice: the decoder's own small sibling already on disk as a GGUF (no download, same family).
    if (!forced) {
      const sibling = findSiblingGguf(decoder, this.locations.ollamaModelDirs);
      if (sibling) {
        const choice = await this.chooseGguf(decoder, sibling, preference.device ?? 'auto', available, `the decoder's own family, found in Ollama's models`).catch((err: unknown) => {
          this.log(`Not using ${sibling} from Ollama: ${err instanceof Error ? err.message : String(err)}`);
          return undefined;
        });
        if (choice && !choice.fallbackReason) return choice;
      }
    }
    if (available.length === 0) return undefined;
    const match = matchEncoder({ decoder, available, ...(forced !== undefined ? { forced } : {}) });
    try {
      return { encoder: await this.load(match.encoder, preference.device ?? 'auto'), match };
    } catch (err) {
      if (match.encoder.runtime === 'builtin-ngram' || !available.includes(BUILTIN_ID)) throw err;
      const reason = `${match.encoder.id} could not be loaded (${err instanceof Error ? err.message : String(err)}); using the built-in encoder.`;
      this.log(reason);
      const builtin = matchEncoder({ decoder, available: [BUILTIN_ID] });
      return { encoder: await this.load(builtin.encoder, 'cpu'), match: builtin, fallbackReason: reason };
    }
  }

  /**
   * The scoring server as the encoder, matched to the decoder like any other (from the served model's name).
   * Sequences it fails to score go to the built-in encoder, with a notice; without one they fail the run.
   */
  private async chooseServing(decoder: DecoderProfile, scorer: ScorerPreference, available: readonly string[]): Promise<EncoderChoice> {
    const key = `serving\0${scorer.endpoint}\0${scorer.protocol}\0${scorer.model ?? ''}`;
    let pending = this.serving.get(key);
    if (!pending) {
      const fallback = async (): Promise<Encoder> => {
        if (!available.includes(BUILTIN_ID)) throw new Error('the scoring server failed and no built-in encoder is installed to stand in');
        return this.load(matchEncoder({ decoder, available: [BUILTIN_ID] }).encoder, 'cpu');
      };
      pending = connectServingScorer(scorer, fallback).then(({ encoder, entry }) => ({ encoder: new CachedEncoder(encoder), entry }));
      this.serving.set(key, pending);
      pending.catch(() => this.serving.delete(key));
    }
    const { encoder, entry } = await pending;
    const match = matchEncoder({ decoder, available: [entry.id], forced: entry.id, encoders: [...encoderEntries(), entry] });
    this.log(`Encoder ${entry.id} scores on ${encoder.info.device}.`);
    return { encoder, match };
  }

  /** A GGUF model as the encoder; when it cannot load (no node-llama-cpp, a bad file) the built-in encoder stands in, saying why. */
  private async chooseGguf(decoder: DecoderProfile, spec: string, device: DeviceChoice, available: readonly string[], why: string): Promise<EncoderChoice> {
    const ggufDevice: GgufDevice = device === 'cpu' || device === 'cuda' ? device : 'auto';
    const key = `gguf\0${spec}\0${ggufDevice}`;
    let pending = this.ggufs.get(key);
    if (!pending) {
      const load = () => loadGguf({ model: spec, device: ggufDevice, log: this.log, ...(this.locations.ollamaModelDirs ? { ollamaDirs: this.locations.ollamaModelDirs } : {}) });
      pending = load().then(({ encoder, entry }) => ({
        encoder: new CachedEncoder(this.releasable(encoder, async () => (await load()).encoder)),
        entry,
      }));
      this.ggufs.set(key, pending);
      pending.catch(() => this.ggufs.delete(key));
    }
    try {
      const { encoder, entry } = await pending;
      const match = matchEncoder({ decoder, available: [entry.id], forced: entry.id, encoders: [...encoderEntries(), entry] });
      this.log(`Encoder ${entry.id} (${why}) scores on ${encoder.info.device}; tokenizer ${entry.tokenizer}, family ${entry.family}.`);
      return { encoder, match };
    } catch (err) {
      if (!available.includes(BUILTIN_ID)) throw err;
      const reason = `GGUF model ${spec} could not be loaded (${err instanceof Error ? err.message : String(err)}); using the built-in encoder.`;
      this.log(reason);
      const builtin = matchEncoder({ decoder, available: [BUILTIN_ID] });
      return { encoder: await this.load(builtin.encoder, 'cpu'), match: builtin, fallbackReason: reason };
    }
  }

  private load(entry: EncoderEntry, device: DeviceChoice): Promise<Encoder> {
    const key = `${entry.id}\0${device}`;
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = this.create(entry, device);
      this.loaded.set(key, pending);
      pending.catch(() => this.loaded.delete(key));
    }
    return pending;
  }

  private async create(entry: EncoderEntry, device: DeviceChoice): Promise<Encoder> {
    if (entry.runtime === 'builtin-ngram') {
      const encoder = new BuiltinEncoder(this.locations.builtinDir);
      await encoder.load();
      return new CachedEncoder(encoder);
    }
    const cacheDir = this.locations.cacheDir ?? '';
    const modelDir = encoderModelDir(entry, cacheDir, this.locations.repoRoot);
    if (!modelDir) throw new Error(`${entry.id} has no local folder.`);
    const load = () =>
      loadNeuralEncoder({
        modelDir,
        cacheDir,
        id: entry.id,
        family: entry.family,
        domain: entry.domain,
        tokenizer: entry.tokenizer,
        device,
        ...(this.locations.onnxRuntimeBinding !== undefined ? { onnxRuntimeBinding: this.locations.onnxRuntimeBinding } : {}),
        log: this.log,
      });
    const neural = await load();
    this.log(`Encoder ${entry.id} runs on ${neural.info.device}.`);
    return new CachedEncoder(this.releasable(neural, load));
  }

  /** A loaded model that the host may release when idle (the score cache outside it survives a release). */
  private releasable(encoder: Encoder, load: () => Promise<Encoder>): Encoder {
    const idle = this.locations.idleReleaseMs;
    return idle ? new IdleReleasingEncoder(encoder, load, idle, this.log) : encoder;
  }

  /** Releases every model this provider loaded (the host replaces the provider when the encoder settings change). */
  async dispose(): Promise<void> {
    const all = [...this.loaded.values(), ...[...this.ggufs.values(), ...this.serving.values()].map((p) => p.then((x) => x.encoder))];
    this.loaded.clear();
    this.ggufs.clear();
    this.serving.clear();
    await Promise.all(all.map((p) => p.then((e) => e.dispose?.()).catch(() => undefined)));
  }
}
