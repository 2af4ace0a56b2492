import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { throwIfAborted } from '../encoder';
import type { EncoderEntry } from '../matching';
import { ModelDownloadError } from './errors';

export interface DownloadProgress {
  readonly file: string;
  readonly fileIndex: number;
  readonly files: number;
  /** Bytes of this file received so far, and its size when the server says it. */
  readonly loaded: number;
  readonly total: number | undefined;
  /** Bytes received across all files of this download (files already present count as done). */
  readonly overallLoaded: number;
  readonly overallTotal: number | undefined;
}

export type FetchLike = (url: string, init: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<Response>;

export interface DownloadOptions {
  /** The model cache the user can see and clear; each model goes to <cacheDir>/<repo>. */
  readonly cacheDir: string;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
  /** Default https://huggingface.co (a mirror can be set here). */
  readonly endpoint?: string;
  /** Injected in tests; the global fetch otherwise. */
  readonly fetch?: FetchLike;
}

/** Where a registry encoder's files live: the cache for downloaded models, the given folder for local ones. */
export function encoderModelDir(entry: EncoderEntry, cacheDir: string, repoRoot?: string): string | undefined {
  switch (entry.source.kind) {
    case 'huggingface':
      return path.join(cacheDir, ...entry.source.repo.split('/'));
    case 'local':
      return path.resolve(repoRoot ?? '.', entry.source.path);
    default:
      return undefined;
  }
}

/** True when every file the registry lists for the encoder is in place (downloads are renamed in only when complete). */
export function isEncoderPresent(entry: EncoderEntry, cacheDir: string, repoRoot?: string): boolean {
  const dir = encoderModelDir(entry, cacheDir, repoRoot);
  if (!dir || (entry.source.kind !== 'local' && entry.source.kind !== 'huggingface')) return false;
  return entry.source.files.every((f) => existsSync(path.join(dir, f)));
}

/** Ids of the registry's neural encoders present locally (add the built-in model's id when it shipped). */
export function presentNeuralEncoders(entries: readonly EncoderEntry[], cacheDir: string, repoRoot?: string): string[] {
  return entries.filter((e) => e.runtime === 'transformers.js' && isEncoderPresent(e, cacheDir, repoRoot)).map((e) => e.id);
}

/**
 * Downloads a Hugging Face encoder's files into the cache on first use, each to a .part file renamed into
 * place when complete (an interrupted download never looks present), reporting progress and stopping on
 * the signal. Files already present are skipped. Returns the model folder for loadNeuralEncoder.
 */
export async function downloadEncoderModel(entry: EncoderEntry, options: DownloadOptions): Promise<string> {
  if (entry.source.kind !== 'huggingface') throw new Error(`Encoder ${entry.id} is not downloadable (source: ${entry.source.kind}).`);
  const { repo, revision, files } = entry.source;
  const dir = encoderModelDir(entry, options.cacheDir) as string;
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const endpoint = (options.endpoint ?? 'https://huggingface.co').replace(/\/+$/, '');
  const overallTotal = entry.source.approxBytes;
  let overallLoaded = 0;

  for (const [fileIndex, file] of files.entries()) {
    throwIfAborted(options.signal);
    const target = path.join(dir, file);
    if (existsSync(target)) {
      overallLoaded += (await stat(target)).size;
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    const url = `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${file}`;
    let response: Response;
    try {
      response = await doFetch(url, { ...(options.signal ? { signal: options.signal } : {}), headers: { 'User-Agent': 'code-context-compressor' } });
    } catch (err) {
      throwIfAborted(options.signal);
      throw new ModelDownloadError(url, err instanceof Error ? err.message : String(err));
    }
    if (!response.ok || !response.body) throw new ModelDownloadError(url, `HTTP ${response.status} ${response.statusText}`);
    const lengthHeader = response.headers.get('content-length');
    const total = lengthHeader ? Number(lengthHeader) : undefined;
    const part = `${target}.part`;
    const handle = await open(part, 'w');
    let loaded = 0;
    try {
      const reader = response.body.getReader();
      for (;;) {
        throwIfAborted(options.signal);
        const { done, value } = await reader.read();
        if (done) break;
        await handle.write(value);
        loaded += value.byteLength;
        overallLoaded += value.byteLength;
        options.onProgress?.({ file, fileIndex, files: files.length, loaded, total, overallLoaded, overallTotal });
      }
    } catch (err) {
      await handle.close();
      await rm(part, { force: true });
      throw err;
    }
    await handle.close();
    if (total !== undefined && loaded !== total) {
      await rm(part, { force: true });
      throw new ModelDownloadError(url, `received ${loaded} of ${total} bytes`);
    }
    await rename(part, target);
  }
  return dir;
}
