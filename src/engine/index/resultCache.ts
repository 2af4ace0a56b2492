import { createHash } from 'node:crypto';
import { promises as nodeFs } from 'node:fs';
import * as path from 'node:path';
import type { CompressRequest, CompressResult, Logger } from '../types';
import { CorruptRecordError, decodeChecked, encodeChecked } from './checkedFile';
import { ANALYSIS_VERSION } from './analysisKey';
import { writeAtomically } from './atomicWrite';
import { contentHash } from './contentHash';
import { packResult, unpackResult, type PackedResult } from './resultCodec';
import type { StoreIo } from './diskStore';

const MAGIC = 'code-context-compressor result 2\n';
/** Results kept on disk (a few per workspace and budget); the least recently used go first. */
const DISK_RESULTS = 16;
/** Results kept in memory by a long-lived compressor (the extension's Re-run, a repeated command). */
const MEMORY_RESULTS = 4;
/** v2: slots packed as rows (resultCodec.ts). */
const FOLDER = 'results-v2';
/** Folders of earlier formats, removed when a result is first stored (v1's held up to 16 × 16 MB). */
const OLD_FOLDERS = ['results-v1'];
/** A temporary file older than this was left by a process that died mid-write. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * The key of a whole request: every input that changes the result — each file's path, place and content, the
 * question, pins, budget, decoder, format, the encoder asked for and the one chosen (its id and calibration, how
 * well it matches, why it stands in for another), the warnings passed in —
 * and the engine's and the host's versions (the engine's rules). The timing figures are not inputs.
 */
export function resultKey(request: CompressRequest, encoder: unknown, hostVersion: string): string {
  const { files, gatherMs: _gatherMs, priorWarnings, ...options } = request;
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ engine: ANALYSIS_VERSION, hostVersion, encoder: encoder ?? null, options, priorWarnings: priorWarnings ?? [] }));
  for (const f of files) {
    // Lengths first, so no two lists of fields can run together into the same bytes.
    const head = JSON.stringify([f.path, f.uri ?? null, f.range ?? null, f.text.length, contentHash(f.text)]);
    hash.update(`\n${head.length}:${head}`);
  }
  return hash.digest('hex');
}

/**
 * Whole results of requests already answered, by resultKey: compressing the same files with the same settings
 * again (a re-run, a script that calls the CLI in a loop, a folder nobody edited) costs reading and hashing the
 * files, not analysing, ranking and planning them. In memory, and on disk beside the index (written atomically,
 * checked on reading: a damaged or foreign file is reported once and ignored). Never throws.
 */
export class ResultCache {
  private readonly memory = new Map<string, CompressResult>();
  private readonly dir: string | undefined;
  private readonly fs: StoreIo;
  private reported = false;
  private oldRemoved: Promise<unknown> | undefined;

  constructor(private readonly indexDir: string | undefined, private readonly log: Logger, io?: StoreIo) {
    this.dir = indexDir !== undefined ? path.join(indexDir, FOLDER) : undefined;
    this.fs = io ?? nodeFs;
  }

  private report(message: string): void {
    if (this.reported) return;
    this.reported = true;
    this.log.warn(`Index (${this.dir}): ${message}`);
  }

  async get(key: string): Promise<CompressResult | undefined> {
    const inMemory = this.memory.get(key);
    if (inMemory) return inMemory;
    if (this.dir === undefined) return undefined;
    const file = path.join(this.dir, `${key}.json`);
    let data: string;
    try {
      data = await this.fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.report(`cannot read ${file} (${(err as Error).message}); compressing again.`);
      return undefined;
    }
    try {
      const stored = decodeChecked(data, MAGIC) as { key?: unknown; packed?: PackedResult };
      if (stored.key !== key || typeof stored.packed?.result?.text !== 'string' || typeof stored.packed.result.stats !== 'object') throw new CorruptRecordError('written for another key');
      let result: CompressResult;
      try {
        result = unpackResult(stored.packed);
      } catch (err) {
        throw new CorruptRecordError((err as Error).message);
      }
      const now = new Date();
      this.fs.utimes(file, now, now).catch(() => undefined);
      this.remember(key, result);
      return result;
    } catch (err) {
      this.report(`${file} is damaged or foreign (${err instanceof CorruptRecordError ? err.message : 'malformed'}); compressing again.`);
      await this.fs.rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
  }

  /** Keeps a result in memory (a long-lived compressor answers the same request again from there). */
  remember(key: string, result: CompressResult): void {
    this.memory.delete(key);
    this.memory.set(key, result);
    while (this.memory.size > MEMORY_RESULTS) {
      const oldest = this.memory.keys().next();
      if (oldest.done) break;
      this.memory.delete(oldest.value);
    }
  }

  /** Writes a result to disk; the oldest beyond DISK_RESULTS are removed. */
  async write(key: string, result: CompressResult): Promise<void> {
    if (this.dir === undefined) return;
    const file = path.join(this.dir, `${key}.json`);
    try {
      await this.fs.mkdir(this.dir, { recursive: true });
      const indexDir = this.indexDir as string;
      this.oldRemoved ??= Promise.all(OLD_FOLDERS.map((f) => this.fs.rm(path.join(indexDir, f), { recursive: true, force: true }).catch(() => undefined)));
      await this.oldRemoved;
      await writeAtomically(this.fs, file, encodeChecked(MAGIC, { key, packed: packResult(result) }), 0o600);
      await this.trim();
    } catch (err) {
      this.report(`cannot write ${file} (${(err as Error).message}); the next run compresses again (results are unaffected).`);
    }
  }

  private async trim(): Promise<void> {
    const dir = this.dir as string;
    const all = await this.fs.readdir(dir);
    // Temporary files of processes killed mid-write, once they are surely not being written any more.
    for (const n of all.filter((t) => t.endsWith('.tmp'))) {
      const st = await this.fs.stat(path.join(dir, n)).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > STALE_TEMP_MS) await this.fs.rm(path.join(dir, n), { force: true });
    }
    const names = all.filter((n) => n.endsWith('.json'));
    if (names.length <= DISK_RESULTS) return;
    const dated = await Promise.all(names.map(async (n) => ({ n, mtime: (await this.fs.stat(path.join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => a.mtime - b.mtime || (a.n < b.n ? -1 : 1));
    for (const { n } of dated.slice(0, dated.length - DISK_RESULTS)) await this.fs.rm(path.join(dir, n), { force: true });
  }
}
