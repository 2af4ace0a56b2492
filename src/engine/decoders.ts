import registry from '../../models/registry.json';

/** How the rendered context is laid out for a decoder. */
export type ContextFormat = 'qwen2.5-coder' | 'plain';

export interface DecoderProfile {
  readonly id: string;
  readonly family: string;
  readonly domain: string;
  /** Folder name of the tokenizer under the tokenizers asset directory. */
  readonly tokenizer: string;
  readonly format: ContextFormat;
  readonly contextWindow: number;
  readonly match: readonly string[];
  /**
   * False for decoders the registry knows (so they can be recognised and matched to an encoder) but whose
   * tokenizer the extension does not ship: the budget cannot be counted in their tokens.
   */
  readonly tokenizerAvailable?: boolean;
  readonly license?: string;
}

export const DEFAULT_DECODER = 'qwen2.5-coder-7b';

const profiles: readonly DecoderProfile[] = registry.decoders as DecoderProfile[];

export function knownDecoderIds(): string[] {
  return profiles.map((p) => p.id);
}

/** Finds a decoder by its id, or by a model name as an Ollama / OpenAI-compatible server reports it. */
export function findDecoder(idOrModelName: string): DecoderProfile | undefined {
  const wanted = idOrModelName.trim().toLowerCase();
  return (
    profiles.find((p) => p.id === wanted) ??
    profiles.find((p) => p.match.some((m) => wanted === m || wanted.endsWith(`/${m}`))) ??
    // Ollama tags carry variant and quantisation suffixes ("codellama:7b-code-q4_K_M",
    // "qwen2.5-coder:7b-instruct-q8_0"): fall back to the longest "name:size" pattern the tag extends.
    profiles
      .flatMap((p) => p.match.filter((m) => m.includes(':') && wanted.startsWith(`${m}-`)).map((m) => ({ p, m })))
      .sort((a, b) => b.m.length - a.m.length)[0]?.p
  );
}

export class UnknownDecoderError extends Error {
  constructor(readonly decoder: string) {
    super(`Unknown decoder "${decoder}". Known decoders: ${knownDecoderIds().join(', ')}.`);
    this.name = 'UnknownDecoderError';
  }
}

export class DecoderTokenizerUnavailableError extends Error {
  constructor(readonly decoder: DecoderProfile) {
    const usable = profiles.filter((p) => p.tokenizerAvailable !== false).map((p) => p.id);
    super(
      `Decoder "${decoder.id}" is recognised, but its tokenizer ("${decoder.tokenizer}") is not shipped with this version, ` +
        `so the budget cannot be counted in its tokens. Use one of: ${usable.join(', ')}.`,
    );
    this.name = 'DecoderTokenizerUnavailableError';
  }
}

/** The decoder's profile, for compressing: its tokenizer must be one we ship (see `tokenizerAvailable`). */
export function requireDecoder(idOrModelName: string): DecoderProfile {
  const profile = findDecoder(idOrModelName);
  if (!profile) throw new UnknownDecoderError(idOrModelName);
  if (profile.tokenizerAvailable === false) throw new DecoderTokenizerUnavailableError(profile);
  return profile;
}
