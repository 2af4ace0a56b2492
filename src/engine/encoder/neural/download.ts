import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { throwIfAborted } from '../encoder';
import type { EncoderEntry, NeuralDtype } from '../matching';
import { ONNX_FILE } from './dtype';
import { ModelDownloadError } from './errors';
import { HubManifest, mismatchOf } from './hubManifest';
import { declaredExternalData, parseModelConfig } from './modelConfig';
import { externalDataPath, onnxExternalDataFiles } from './onnxExternalData';

export interface DownloadProgress {
  readonly file: string;
  readonly fileIndex: number;
  /** Files known so far: external data files join the list once config.json or the .onnx names them. */
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
  /** Which weights to fetch (default: the registry's, the CPU format); see downloadDtype. */
  readonly dtype?: NeuralDtype;
  /** The device expected to run it: config.json may declare external data per device. */
  readonly device?: string;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
  /** Default https://huggingface.co (a mirror can be set here). */
  readonly endpoint?: string;
  /** Injected in tests; the global fetch otherwise. */
  readonly fetch?: FetchLike;
  /** Told, once per download, how the files were checked (digests from the Hub's listing, or length alone and why). */
  readonly log?: (line: string) => void;
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

const isWeightFile = (file: string): boolean => /\.onnx(_data(_\d+)?)?$/.test(file);

/** The dtypes whose ONNX file is in the folder (an .onnx is renamed in only after its external data is complete). */
export function presentDtypes(dir: string): NeuralDtype[] {
  return (Object.keys(ONNX_FILE) as NeuralDtype[]).filter((d) => existsSync(path.join(dir, ONNX_FILE[d])));
}

/**
 * True when the encoder's non-weight files (config.json, …) are in place and one set of weights is: the
 * registry's dtype or any other the download chose for the device.
 */
export function isEncoderPresent(entry: EncoderEntry, cacheDir: string, repoRoot?: string): boolean {
  const dir = encoderModelDir(entry, cacheDir, repoRoot);
  if (!dir || (entry.source.kind !== 'local' && entry.source.kind !== 'huggingface')) return false;
  const support = entry.source.files.filter((f) => !isWeightFile(f));
  return support.every((f) => existsSync(path.join(dir, f))) && presentDtypes(dir).length > 0;
}

/** Ids of the registry's neural encoders present locally (add the built-in model's id when it shipped). */
export function presentNeuralEncoders(entries: readonly EncoderEntry[], cacheDir: string, repoRoot?: string): string[] {
  return entries.filter((e) => e.runtime === 'transformers.js' && isEncoderPresent(e, cacheDir, repoRoot)).map((e) => e.id);
}

interface Job {
  readonly endpoint: string;
  readonly repo: string;
  readonly revision: string;
  readonly dir: string;
  readonly fetch: FetchLike;
  readonly options: DownloadOptions;
  readonly overallTotal: number | undefined;
  /** Every file this download has known of, in order (grows as external data is discovered). */
  readonly files: string[];
  overallLoaded: number;
  /** What the Hub lists for each file: each one fetched is checked against it before it is moved into place. */
  readonly manifest: HubManifest;
  /** Files fetched and checked against their digest, and those checked by length alone (with why). */
  readonly checked: string[];
  readonly unchecked: string[];
}

/**
 * Downloads a Hugging Face encoder's files into the cache on first use. config.json comes first and is checked
 * (a causal LM the encoder can score) before any weights; then the other small files; then the chosen dtype's
 * .onnx and every external data file it needs — those config.json declares (transformers.js's
 * `use_external_data_format`) and those the .onnx itself names — and only then is the .onnx renamed into place,
 * so a model never looks present without its data. Each file arrives as a .part renamed in when its length
 * and the digest the Hub's file listing gives for it (SHA-256 of weights, git blob id of small files) check out; an interrupted .part is resumed with a Range request next time. Progress is reported and the
 * signal stops it. Returns the model folder for loadNeuralEncoder.
 */
export async function downloadEncoderModel(entry: EncoderEntry, options: DownloadOptions): Promise<string> {
  if (entry.source.kind !== 'huggingface') throw new Error(`Encoder ${entry.id} is not downloadable (source: ${entry.source.kind}).`);
  const { repo, revision } = entry.source;
  const weights = ONNX_FILE[options.dtype ?? entry.source.dtype];
  const support = ['config.json', ...entry.source.files.filter((f) => f !== 'config.json' && !isWeightFile(f))];
  const endpoint = (options.endpoint ?? 'https://huggingface.co').replace(/\/+$/, '');
  const fetchFn: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const job: Job = {
    endpoint,
    repo,
    revision,
    dir: encoderModelDir(entry, options.cacheDir) as string,
    fetch: fetchFn,
    options,
    manifest: new HubManifest(endpoint, repo, revision, fetchFn, options.signal),
    checked: [],
    unchecked: [],
    // The registry's size is for its own dtype; another dtype's total is unknown until the server says it.
    overallTotal: !options.dtype || options.dtype === entry.source.dtype ? entry.source.approxBytes : undefined,
    files: [...support, weights],
    overallLoaded: 0,
  };

  try {
    await fetchAll(job, support, weights);
  } finally {
    reportChecks(job);
  }
  return job.dir;
}

async function fetchAll(job: Job, support: readonly string[], weights: string): Promise<void> {
  const { options } = job;
  await fetchFile(job, 'config.json');
  const config = parseModelConfig(await readFile(path.join(job.dir, 'config.json'), 'utf8'), job.dir);
  for (const file of support.slice(1)) await fetchFile(job, file);

  const target = path.join(job.dir, weights);
  if (existsSync(target)) {
    job.overallLoaded += (await stat(target)).size;
    return;
  }
  // The .onnx waits as .pending until its external data is in: presence is the .onnx file.
  const pending = await fetchFile(job, weights, { keepPart: true });
  const named = onnxDataFiles(pending, weights);
  for (const file of new Set([...declaredExternalData(config, weights, options.device), ...named])) {
    if (!job.files.includes(file)) job.files.push(file);
    await fetchFile(job, file);
  }
  await rename(pending, target);
}

function reportChecks(job: Job): void {
  const { log } = job.options;
  if (!log || job.checked.length + job.unchecked.length === 0) return;
  const parts: string[] = [];
  if (job.checked.length > 0) parts.push(`${job.checked.length} file(s) matched the SHA-256 or git id the Hub lists (${job.checked.join(', ')})`);
  if (job.unchecked.length > 0) parts.push(`checked by length only: ${job.unchecked.join('; ')}`);
  log(`Encoder download of ${job.repo}: ${parts.join('; ')}.`);
}

function onnxDataFiles(file: string, weights: string): string[] {
  let locations: string[];
  try {
    locations = onnxExternalDataFiles(file);
  } catch (err) {
    throw new ModelDownloadError(weights, `the file is not a readable ONNX model (${err instanceof Error ? err.message : String(err)})`);
  }
  return locations.map((location) => {
    const file = externalDataPath(weights, location);
    if (!file) throw new ModelDownloadError(weights, `it names external data outside the model's folder (${location}), which is refused`);
    return file;
  });
}

/**
 * Fetches one repository file to its place (or, with keepPart, to `<file>.pending`), returning the path. A file already in
 * place is counted and skipped; a .part left by an interrupted download is continued from its length when the
 * server honours Range, restarted otherwise.
 */
async function fetchFile(job: Job, file: string, { keepPart = false } = {}): Promise<string> {
  const { options } = job;
  throwIfAborted(options.signal);
  const target = path.join(job.dir, file);
  const part = `${target}.part`;
  // A complete .onnx waiting for its external data (an earlier attempt stopped while fetching the data).
  const pending = `${target}.pending`;
  for (const done of keepPart ? [target, pending] : [target]) {
    if (existsSync(done)) {
      job.overallLoaded += (await stat(done)).size;
      return done;
    }
  }
  await mkdir(path.dirname(target), { recursive: true });
  const url = `${job.endpoint}/${job.repo}/resolve/${encodeURIComponent(job.revision)}/${file}`;
  const have = existsSync(part) ? (await stat(part)).size : 0;
  const headers: Record<string, string> = { 'User-Agent': 'code-context-compressor', ...(have > 0 ? { Range: `bytes=${have}-` } : {}) };
  let response: Response;
  try {
    response = await job.fetch(url, { ...(options.signal ? { signal: options.signal } : {}), headers });
  } catch (err) {
    throwIfAborted(options.signal);
    throw new ModelDownloadError(url, err instanceof Error ? err.message : String(err));
  }
  if (response.status === 416 && have > 0) {
    // The .part already holds the whole file (or more): start over rather than trust it.
    await rm(part, { force: true });
    return fetchFile(job, file, { keepPart });
  }
  if (!response.ok || !response.body) {
    const hint = response.status === 404 ? ' (no such file in the repository at this revision)' : response.status === 401 || response.status === 403 ? ' (the repository is gated or private)' : '';
    throw new ModelDownloadError(url, `HTTP ${response.status} ${response.statusText}${hint}`);
  }
  if (response.status === 206 && rangeStart(response) !== have) {
    await rm(part, { force: true });
    throw new ModelDownloadError(url, `the server sent a different range than the ${have} bytes asked to resume from; trying again starts over`);
  }
  const resumed = response.status === 206 ? have : 0;
  const lengthHeader = response.headers.get('content-length');
  const total = lengthHeader ? resumed + Number(lengthHeader) : undefined;
  const handle = await open(part, resumed > 0 ? 'a' : 'w');
  let loaded = resumed;
  job.overallLoaded += resumed;
  const fileIndex = job.files.indexOf(file);
  try {
    const reader = response.body.getReader();
    for (;;) {
      throwIfAborted(options.signal);
      const { done, value } = await reader.read();
      if (done) break;
      await handle.write(value);
      loaded += value.byteLength;
      job.overallLoaded += value.byteLength;
      options.onProgress?.({ file, fileIndex, files: job.files.length, loaded, total, overallLoaded: job.overallLoaded, overallTotal: job.overallTotal });
    }
  } catch (err) {
    // The bytes so far stay in the .part for the next attempt to resume from.
    await handle.close();
    throwIfAborted(options.signal);
    throw err instanceof ModelDownloadError ? err : new ModelDownloadError(url, `the transfer broke off after ${loaded} bytes (${err instanceof Error ? err.message : String(err)}); trying again resumes it`);
  }
  await handle.close();
  if (total !== undefined && loaded !== total) {
    if (loaded > total) await rm(part, { force: true });
    throw new ModelDownloadError(url, `received ${loaded} of ${total} bytes${loaded < total ? '; trying again resumes it' : ''}`);
  }
  await checkAgainstHub(job, file, part, loaded, url);
  const done = keepPart ? pending : target;
  await rename(part, done);
  return done;
}

/**
 * Checks a fetched file against the Hub's listing before it is moved into place: a file that differs (a corrupt
 * transfer, a resumed .part that no longer matches the revision, a proxy's error page of the right length) is
 * removed, so trying again fetches it whole. Without a listing the length check above is all there is, and the
 * download's log line says so.
 */
async function checkAgainstHub(job: Job, file: string, part: string, size: number, url: string): Promise<void> {
  const facts = await job.manifest.facts(file);
  if (typeof facts === 'string') {
    job.unchecked.push(`${file} (${facts})`);
    return;
  }
  const mismatch = await mismatchOf(part, size, facts, job.options.signal);
  if (mismatch !== undefined) {
    await rm(part, { force: true });
    throw new ModelDownloadError(url, `the file does not match the Hub's listing: ${mismatch}; it was removed, and trying again downloads it anew`);
  }
  job.checked.push(file);
}

/** The first byte a 206 response carries (Content-Range: bytes <start>-<end>/<size>), or -1. */
function rangeStart(response: Response): number {
  const match = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '');
  return match ? Number(match[1]) : -1;
}
