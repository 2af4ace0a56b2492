import registry from '../../../models/registry.json';
import { findDecoder, type DecoderProfile } from '../decoders';
import type { EncoderDomain } from './encoder';

/** Where an encoder's files come from. */
export type EncoderSource =
  | { readonly kind: 'builtin'; readonly path: string }
  | { readonly kind: 'local'; readonly path: string; readonly dtype: NeuralDtype; readonly files: readonly string[] }
  | {
      readonly kind: 'huggingface';
      readonly repo: string;
      readonly revision: string;
      readonly dtype: NeuralDtype;
      /** Files fetched on first use, relative to the repository root (and so to the local model folder). */
      readonly files: readonly string[];
      readonly approxBytes?: number | undefined;
    }
  /** A vLLM or SGLang server scoring with the model it serves (not in registry.json: made from the settings). */
  | { readonly kind: 'serving'; readonly endpoint: string; readonly protocol: 'vllm' | 'sglang' }
  /** A GGUF file on disk, found by path or through Ollama's manifests (made from what is on disk). */
  | { readonly kind: 'gguf'; readonly path: string };

/** ONNX weight variants as transformers.js names them (q8 → onnx/model_quantized.onnx). */
export type NeuralDtype = 'fp32' | 'fp16' | 'q8' | 'q4';

/** One encoder of models/registry.json (`encoders`). */
export interface EncoderEntry {
  readonly id: string;
  /** Other ids the same model answers to (e.g. the id the built-in encoder reports in `EncoderInfo`). */
  readonly aliases?: readonly string[];
  readonly name: string;
  /** Pretraining family, compared with the decoder's family (finding 2: same family and data first). */
  readonly family: string;
  readonly domain: EncoderDomain;
  readonly tokenizer: string;
  readonly runtime: 'builtin-ngram' | 'transformers.js' | 'serving' | 'node-llama-cpp';
  /** Parameter count; null where the notion does not apply (the n-gram model). */
  readonly parameters: number | null;
  readonly source: EncoderSource;
  readonly upstream?: string;
  readonly license: string;
  /** Fixtures (random weights): usable when asked for by id, never picked automatically. */
  readonly testOnly?: boolean;
}

const entries: readonly EncoderEntry[] = (registry as unknown as { encoders: EncoderEntry[] }).encoders;

export function encoderEntries(): readonly EncoderEntry[] {
  return entries;
}

export function findEncoder(id: string, from: readonly EncoderEntry[] = entries): EncoderEntry | undefined {
  const wanted = id.trim().toLowerCase();
  return from.find((e) => e.id === wanted || (e.aliases ?? []).includes(wanted));
}

/** The paper behind the warnings (DESIGN.md, findings 2–5). */
export const MISMATCH_PAPER = 'arXiv 2602.01778';

/**
 * How well an encoder fits a decoder, best first. Only `matched` is a matched pair in the paper's sense
 * (same family, so the same pretraining data, same domain, same tokenizer).
 */
export type MatchLevel = 'matched' | 'same-domain' | 'domain-mismatch' | 'tokenizer-mismatch' | 'unknown-decoder';

export interface MismatchWarning {
  readonly level: Exclude<MatchLevel, 'matched'>;
  /** True when the user chose this encoder explicitly (a setting or --encoder), false when nothing better was available. */
  readonly forced: boolean;
  readonly message: string;
}

export interface MatchRequest {
  /** Decoder id, or the model name a local server reports (e.g. "qwen2.5-coder:7b"), or a profile. */
  readonly decoder: string | DecoderProfile;
  /** Encoder ids whose files are present locally (the built-in model counts when it shipped). */
  readonly available: Iterable<string>;
  /** Encoder id the user forced; when set it is used even if mismatched (with a warning). */
  readonly forced?: string;
  /** Defaults to the registry's encoders. */
  readonly encoders?: readonly EncoderEntry[];
}

export interface MatchResult {
  readonly encoder: EncoderEntry;
  /** Undefined when the decoder is not in the registry. */
  readonly decoder: DecoderProfile | undefined;
  readonly level: MatchLevel;
  readonly matched: boolean;
  /** One line the UI can show next to the match (status bar tooltip, CLI json). */
  readonly description: string;
  /** What automatic matching would pick among the available encoders (equals `encoder` unless forced). */
  readonly recommended: EncoderEntry;
  /** The best registry encoder for this decoder, available or not: what to suggest downloading. */
  readonly best: EncoderEntry | undefined;
  readonly warning?: MismatchWarning;
}

export class UnknownEncoderError extends Error {
  constructor(readonly encoder: string, known: readonly EncoderEntry[]) {
    super(`Unknown encoder "${encoder}". Known encoders: ${known.map((e) => e.id).join(', ')}.`);
    this.name = 'UnknownEncoderError';
  }
}

export class NoEncoderAvailableError extends Error {
  constructor() {
    super('No encoder is available: the built-in model is missing and no neural model is present. Reinstall the extension, or run `npm run build:model` in a checkout.');
    this.name = 'NoEncoderAvailableError';
  }
}

export function matchLevel(encoder: EncoderEntry, decoder: DecoderProfile | undefined): MatchLevel {
  if (!decoder) return 'unknown-decoder';
  if (encoder.tokenizer !== decoder.tokenizer) return 'tokenizer-mismatch';
  if (encoder.domain !== decoder.domain) return 'domain-mismatch';
  return encoder.family === decoder.family ? 'matched' : 'same-domain';
}

const levelRank: Record<MatchLevel, number> = { matched: 0, 'same-domain': 1, 'domain-mismatch': 2, 'tokenizer-mismatch': 3, 'unknown-decoder': 4 };

/**
 * Orders candidates for one decoder: match level first; then neural over the n-gram model (a real LM of the
 * decoder's family measures what the decoder finds predictable); then the smallest model (finding 6: a small
 * encoder is compute-optimal, and finding 4: a larger encoder does not make up for a mismatch).
 */
function compareCandidates(decoder: DecoderProfile | undefined): (a: EncoderEntry, b: EncoderEntry) => number {
  return (a, b) =>
    levelRank[matchLevel(a, decoder)] - levelRank[matchLevel(b, decoder)] ||
    Number(a.runtime === 'builtin-ngram') - Number(b.runtime === 'builtin-ngram') ||
    (a.parameters ?? 0) - (b.parameters ?? 0);
}

function describe(encoder: EncoderEntry, decoder: DecoderProfile | undefined, level: MatchLevel): string {
  const enc = `${encoder.name} (${encoder.family}, ${encoder.domain})`;
  if (!decoder) return `${enc}; the decoder is not in the registry, so the match cannot be checked`;
  const dec = `${decoder.id} (${decoder.family}, ${decoder.domain})`;
  switch (level) {
    case 'matched':
      return `${enc} matches decoder ${dec}`;
    case 'same-domain':
      return `${enc} shares the domain and tokenizer of decoder ${dec} but not its family`;
    case 'domain-mismatch':
      return `${enc} was pretrained on ${encoder.domain} data, decoder ${dec} on ${decoder.domain}`;
    default:
      return `${enc} uses the ${encoder.tokenizer} tokenizer, decoder ${dec} uses ${decoder.tokenizer}`;
  }
}

function warningFor(encoder: EncoderEntry, decoder: DecoderProfile | undefined, level: MatchLevel, forced: boolean, better: EncoderEntry | undefined): MismatchWarning | undefined {
  if (level === 'matched') return undefined;
  const figure =
    `${MISMATCH_PAPER} measured a Qwen2.5 base encoder with a Qwen2.5-Coder decoder at reconstruction BLEU 64.6 against 80.0 ` +
    `for the matched pair (F1 92.15 against 96.96), and a larger encoder does not close the gap`;
  const fix = better && better.id !== encoder.id ? ` Use ${better.id} (${better.name}) for a matched pair.` : '';
  const who = forced ? 'The chosen encoder' : 'No matched encoder is available:';
  let message: string;
  switch (level) {
    case 'domain-mismatch':
    case 'same-domain':
      message = `${who} ${describe(encoder, decoder, level)}. Entropy estimates and compression decisions will be off: ${figure}.${fix}`;
      break;
    case 'tokenizer-mismatch':
      message =
        `${who} ${describe(encoder, decoder, level)}. Per-token surprisal is measured on other tokens than the decoder reads, ` +
        `and an extreme encoder/decoder mismatch turns compressed context into noise (${MISMATCH_PAPER}; a Qwen2.5 base → Qwen2.5-Coder ` +
        `mismatch alone drops reconstruction BLEU from 80.0 to 64.6).${fix}`;
      break;
    default:
      message = `${who} ${describe(encoder, decoder, level)}; pick a decoder from the registry to have the encoder matched to it.`;
  }
  return { level, forced, message };
}

/**
 * Picks the encoder for a decoder (DESIGN.md findings 2–4: match the compressor to the decoder). With
 * `forced`, returns that encoder and warns when it is not a matched pair; otherwise returns the best
 * available one, warning only when nothing matched is available.
 */
export function matchEncoder(request: MatchRequest): MatchResult {
  const all = request.encoders ?? entries;
  const decoder = typeof request.decoder === 'string' ? findDecoder(request.decoder) : request.decoder;
  const present = new Set<string>();
  for (const id of request.available) {
    const entry = findEncoder(id, all);
    if (entry) present.add(entry.id);
  }
  const order = compareCandidates(decoder);
  const candidates = all.filter((e) => !e.testOnly).sort(order);
  const best = candidates[0];
  const availableCandidates = candidates.filter((e) => present.has(e.id));
  const recommended = availableCandidates[0];

  if (request.forced !== undefined) {
    const encoder = findEncoder(request.forced, all);
    if (!encoder) throw new UnknownEncoderError(request.forced, all);
    const level = matchLevel(encoder, decoder);
    const betterMatch = [recommended, best].find((e) => e && levelRank[matchLevel(e, decoder)] < levelRank[level]);
    const warning = warningFor(encoder, decoder, level, true, betterMatch);
    return {
      encoder,
      decoder,
      level,
      matched: level === 'matched',
      description: describe(encoder, decoder, level),
      recommended: recommended ?? encoder,
      best,
      ...(warning ? { warning } : {}),
    };
  }

  if (!recommended) throw new NoEncoderAvailableError();
  const level = matchLevel(recommended, decoder);
  const betterMatch = best && levelRank[matchLevel(best, decoder)] < levelRank[level] ? best : undefined;
  const warning = warningFor(recommended, decoder, level, false, betterMatch);
  return {
    encoder: recommended,
    decoder,
    level,
    matched: level === 'matched',
    description: describe(recommended, decoder, level),
    recommended,
    best,
    ...(warning ? { warning } : {}),
  };
}
