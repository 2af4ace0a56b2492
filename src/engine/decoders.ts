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
}

export const DEFAULT_DECODER = 'qwen2.5-coder-7b';

const profiles: readonly DecoderProfile[] = registry.decoders as DecoderProfile[];

export function knownDecoderIds(): string[] {
  return profiles.map((p) => p.id);
}

/** Finds a decoder by its id, or by a model name as an Ollama / OpenAI-compatible server reports it. */
export function findDecoder(idOrModelName: string): DecoderProfile | undefined {
  const wanted = idOrModelName.trim().toLowerCase();
  return profiles.find((p) => p.id === wanted) ?? profiles.find((p) => p.match.some((m) => wanted === m || wanted.endsWith(`/${m}`)));
}

export class UnknownDecoderError extends Error {
  constructor(readonly decoder: string) {
    super(`Unknown decoder "${decoder}". Known decoders: ${knownDecoderIds().join(', ')}.`);
    this.name = 'UnknownDecoderError';
  }
}

export function requireDecoder(idOrModelName: string): DecoderProfile {
  const profile = findDecoder(idOrModelName);
  if (!profile) throw new UnknownDecoderError(idOrModelName);
  return profile;
}
