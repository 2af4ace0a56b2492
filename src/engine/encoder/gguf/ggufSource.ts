import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { findDecoder, type DecoderProfile } from '../../decoders';
import type { EncoderEntry } from '../matching';
import { GgufEncoder, type GgufDevice, type GgufEntropyMode } from './ggufEncoder';
import { identifyGguf } from './identify';
import { listOllamaModels, ollamaModelDirs, resolveOllamaModel } from './ollamaModels';

export interface GgufRequest {
  /** A .gguf path, or an Ollama model name (e.g. "qwen2.5-coder:0.5b"). */
  readonly model: string;
  readonly device?: GgufDevice;
  readonly entropy?: GgufEntropyMode;
  readonly ollamaDirs?: readonly string[];
  readonly log?: (message: string) => void;
}

export interface LoadedGguf {
  readonly encoder: GgufEncoder;
  /** A registry entry made from the file's checked metadata, for matching it to the decoder. */
  readonly entry: EncoderEntry;
  readonly file: string;
}

/** A path when the spec names an existing file (or looks like one), else an Ollama name. */
export function resolveGgufFile(spec: string, ollamaDirs: readonly string[] = ollamaModelDirs()): { file: string; ollamaName?: string } {
  const looksLikePath = spec.endsWith('.gguf') || spec.includes(path.sep) || spec.startsWith('.') || path.isAbsolute(spec);
  if (looksLikePath || existsSync(spec)) {
    const file = path.resolve(spec);
    if (!existsSync(file)) throw new Error(`GGUF file ${file} does not exist.`);
    return { file };
  }
  return { file: resolveOllamaModel(spec, ollamaDirs), ollamaName: spec };
}

export async function loadGguf(request: GgufRequest): Promise<LoadedGguf> {
  const { file, ollamaName } = resolveGgufFile(request.model, request.ollamaDirs);
  const hint = ollamaName ?? path.basename(file).replace(/\.gguf$/i, '').replace(/[-.](q\d.*|f16|f32|bf16)$/i, '');
  const identity = await identifyGguf(file, hint);
  const id = `gguf-${(ollamaName ?? path.basename(file)).toLowerCase().replace(/[^a-z0-9.]+/g, '-')}`;
  const encoder = await GgufEncoder.load({
    file,
    identity,
    id,
    ...(request.device ? { device: request.device } : {}),
    ...(request.entropy ? { entropy: request.entropy } : {}),
    ...(request.log ? { log: request.log } : {}),
  });
  const entry: EncoderEntry = {
    id,
    name: `${identity.name} (GGUF)`,
    family: identity.family,
    domain: identity.domain,
    tokenizer: identity.tokenizer,
    runtime: 'node-llama-cpp',
    parameters: identity.parameters,
    source: { kind: 'gguf', path: file },
    license: 'the model’s own (see its GGUF metadata)',
  };
  return { encoder, entry, file };
}

/**
 * The decoder's own family among the models pulled with Ollama, smallest first (DESIGN finding 6: a small
 * encoder of the decoder's family is the compute-optimal match): e.g. qwen2.5-coder:0.5b for a
 * Qwen2.5-Coder-7B decoder. Only names the registry recognises are considered; the file is checked at load.
 */
export function findSiblingGguf(decoder: DecoderProfile, ollamaDirs: readonly string[] = ollamaModelDirs()): string | undefined {
  const size = (name: string): number => Number(name.match(/:(\d+(?:\.\d+)?)b/i)?.[1] ?? Infinity);
  return listOllamaModels(ollamaDirs)
    .filter((name) => {
      const p = findDecoder(name);
      return p !== undefined && p.family === decoder.family && p.tokenizer === decoder.tokenizer;
    })
    .sort((a, b) => size(a) - size(b))[0];
}
