import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

/**
 * Finds the GGUF file of a model pulled with Ollama, read-only: Ollama keeps a manifest per `name:tag` under
 * `<models>/manifests/<host>/<namespace>/<name>/<tag>`; its layer of media type
 * `application/vnd.ollama.image.model` is the GGUF, stored as `<models>/blobs/sha256-<hex>`.
 */

export const OLLAMA_MODEL_LAYER = 'application/vnd.ollama.image.model';
const DEFAULT_HOST = 'registry.ollama.ai';
const DEFAULT_NAMESPACE = 'library';

/** Where Ollama keeps models: $OLLAMA_MODELS, else the user's ~/.ollama/models, else the Linux service's folder. */
export function ollamaModelDirs(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string[] {
  if (env.OLLAMA_MODELS) return [env.OLLAMA_MODELS];
  return [path.join(home, '.ollama', 'models'), '/usr/share/ollama/.ollama/models'];
}

export interface OllamaModelRef {
  readonly host: string;
  readonly namespace: string;
  readonly name: string;
  readonly tag: string;
}

/** "qwen2.5-coder:0.5b", "user/model", "host/ns/model:tag" → parts; undefined when it cannot be an Ollama name. */
export function parseOllamaName(input: string): OllamaModelRef | undefined {
  const trimmed = input.trim();
  if (!trimmed || trimmed.includes('\\') || trimmed.includes('..') || trimmed.endsWith('.gguf')) return undefined;
  const colon = trimmed.lastIndexOf(':');
  const slash = trimmed.lastIndexOf('/');
  const [base, tag] = colon > slash ? [trimmed.slice(0, colon), trimmed.slice(colon + 1)] : [trimmed, 'latest'];
  const parts = base.split('/');
  if (parts.length > 3 || parts.some((p) => !/^[\w.-]+$/.test(p)) || !/^[\w.-]+$/.test(tag)) return undefined;
  const name = parts.pop()!;
  const namespace = parts.pop() ?? DEFAULT_NAMESPACE;
  const host = parts.pop() ?? DEFAULT_HOST;
  return { host, namespace, name, tag };
}

export class OllamaModelNotFoundError extends Error {
  constructor(name: string, dirs: readonly string[], detail: string) {
    super(`Ollama model "${name}" was not found (${detail}; looked in ${dirs.join(', ')}). Pull it with \`ollama pull ${name}\`, set OLLAMA_MODELS to Ollama's models folder, or give the path of a .gguf file.`);
    this.name = 'OllamaModelNotFoundError';
  }
}

interface Manifest {
  readonly layers?: readonly { readonly mediaType?: string; readonly digest?: string }[];
}

/** The GGUF blob of an Ollama model, checked to exist. */
export function resolveOllamaModel(name: string, dirs: readonly string[] = ollamaModelDirs()): string {
  const ref = parseOllamaName(name);
  if (!ref) throw new OllamaModelNotFoundError(name, dirs, 'not an Ollama model name');
  for (const dir of dirs) {
    const manifestPath = path.join(dir, 'manifests', ref.host, ref.namespace, ref.name, ref.tag);
    if (!existsSync(manifestPath)) continue;
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    } catch {
      throw new OllamaModelNotFoundError(name, dirs, `its manifest ${manifestPath} is not JSON`);
    }
    const layer = manifest.layers?.find((l) => l.mediaType === OLLAMA_MODEL_LAYER);
    const digest = layer?.digest?.match(/^sha256:([0-9a-f]{64})$/)?.[1];
    if (!digest) throw new OllamaModelNotFoundError(name, dirs, `its manifest has no ${OLLAMA_MODEL_LAYER} layer`);
    const blob = path.join(dir, 'blobs', `sha256-${digest}`);
    if (!existsSync(blob)) throw new OllamaModelNotFoundError(name, dirs, `its model blob ${blob} is missing`);
    return blob;
  }
  throw new OllamaModelNotFoundError(name, dirs, 'no manifest');
}

/** `name:tag` of every model pulled from Ollama's default library, for finding a decoder's small sibling. */
export function listOllamaModels(dirs: readonly string[] = ollamaModelDirs()): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    const library = path.join(dir, 'manifests', DEFAULT_HOST, DEFAULT_NAMESPACE);
    let names: string[];
    try {
      names = readdirSync(library);
    } catch {
      continue;
    }
    for (const name of names) {
      try {
        for (const tag of readdirSync(path.join(library, name))) if (statSync(path.join(library, name, tag)).isFile()) out.push(`${name}:${tag}`);
      } catch {
        // not a folder: skip
      }
    }
  }
  return [...new Set(out)].sort();
}
