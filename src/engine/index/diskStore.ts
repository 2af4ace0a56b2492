import { closeSync, fstatSync, openSync, promises as nodeFs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../types';
import { writeAtomically } from './atomicWrite';
import { CorruptRecordError, decodeRecord, encodeRecord, type FileRecord } from './record';

/** Default size cap of an index folder; the least recently used records go first beyond it. */
export const DEFAULT_INDEX_BYTES = 256 * 1024 * 1024;
/** After a sweep the folder is brought down to this share of the cap, so that sweeps are rare. */
const SWEEP_TO = 0.8;
/** A temporary file older than this was left by a process that died mid-write. */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** A record read this long after it was last written or touched is touched again (its mtime is its last use). */
const TOUCH_AFTER_MS = 60 * 60 * 1000;
/** How often the folder is swept at least, while records are being written. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** Records under this folder of the index dir: a new format gets a new folder and the old one is swept away by its cap. */
const LAYOUT = 'v1';

/** The file-system calls the store makes: node's, or a test's that fails the way a full or broken disk does. */
export type StoreIo = Pick<typeof nodeFs, 'open' | 'readFile' | 'writeFile' | 'rename' | 'rm' | 'mkdir' | 'readdir' | 'stat' | 'utimes'>;

export interface DiskStoreOptions {
  readonly dir: string;
  readonly maxBytes?: number;
  readonly io?: StoreIo;
  /**
   * Read records with blocking calls (node's own file system only, not an injected `io`): for a process with
   * nothing else to do meanwhile (the CLI), a thousand small reads go several times faster than through the
   * thread pool, as the CLI's file reads do.
   */
  readonly syncReads?: boolean;
}

/** Faults of the store, each reported once per store. */
type Fault = 'corrupt' | 'read' | 'full' | 'write' | 'sweep';

/**
 * Records as plain content-addressed files (`<dir>/v1/ab/abcdef….rec`), one per analysed file: written to a
 * temporary file and renamed into place, so a reader sees a whole record or none, whichever process wrote it,
 * and a process killed mid-write leaves only a temporary file (swept later). Every fault — a record that fails
 * its checks, a full disk, a folder that cannot be read — is reported once and costs only the work of analysing
 * that file again; the store never throws.
 */
export class DiskStore {
  private readonly root: string;
  private readonly maxBytes: number;
  private readonly reported = new Set<Fault>();
  private writesOff = false;
  private writtenBytes = 0;
  private readonly made = new Set<string>();
  private readonly fs: StoreIo;
  private readonly syncReads: boolean;

  constructor(options: DiskStoreOptions, private readonly log: Logger) {
    this.fs = options.io ?? nodeFs;
    this.syncReads = options.syncReads === true && options.io === undefined;
    this.root = path.join(options.dir, LAYOUT);
    this.maxBytes = options.maxBytes ?? DEFAULT_INDEX_BYTES;
  }

  private fileOf(name: string): string {
    return path.join(this.root, name.slice(0, 2), `${name}.rec`);
  }

  private report(fault: Fault, message: string): void {
    if (this.reported.has(fault)) return;
    this.reported.add(fault);
    this.log.warn(`Index (${this.root}): ${message}`);
  }

  /** The record stored under `name` for this key, checked against the file's text; undefined when none is usable. */
  async read(name: string, key: string, textLength: number): Promise<FileRecord | undefined> {
    const file = this.fileOf(name);
    let data: string;
    let mtimeMs: number;
    try {
      ({ data, mtimeMs } = this.syncReads ? readRecordSync(file) : await this.readRecord(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.report('read', `cannot read ${file} (${(err as Error).message}); analysing again.`);
      return undefined;
    }
    try {
      const record = decodeRecord(data, key, textLength);
      // Used now: the least recently used records are the ones a sweep removes (mtime, as atime is often off). A
      // record used within the hour is recent enough; touching every record on every run is a write per file.
      const now = Date.now();
      if (now - mtimeMs > TOUCH_AFTER_MS) this.fs.utimes(file, now / 1000, now / 1000).catch(() => undefined);
      return record;
    } catch (err) {
      // Anything a record's checks trip on, a malformed body included, means: analyse the file again.
      const why = err instanceof CorruptRecordError ? err.message : 'malformed';
      this.report('corrupt', `${file} is damaged or foreign (${why}); it is rebuilt.`);
      await this.fs.rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
  }

  /** One open for the record's age and its bytes (readFile would stat it anyway). */
  private async readRecord(file: string): Promise<{ data: string; mtimeMs: number }> {
    const handle = await this.fs.open(file, 'r');
    try {
      const mtimeMs = (await handle.stat()).mtimeMs;
      return { data: await handle.readFile('utf8'), mtimeMs };
    } finally {
      await handle.close();
    }
  }

  /** Stores a record atomically; a fault is reported once and turns writing off for this store when the disk is full. */
  async write(name: string, record: FileRecord): Promise<void> {
    if (this.writesOff) return;
    const file = this.fileOf(name);
    const dir = path.dirname(file);
    const data = encodeRecord(record);
    try {
      if (!this.made.has(dir)) {
        await this.fs.mkdir(dir, { recursive: true });
        this.made.add(dir);
      }
      await writeAtomically(this.fs, file, data);
      this.writtenBytes += data.length;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') {
        this.writesOff = true;
        this.report('full', 'the disk is full; the index is not written until the next run (results are unaffected).');
      } else if (code !== 'EPERM' && code !== 'EBUSY') {
        // EPERM/EBUSY: on Windows another process holds the record open; it wrote or reads the same content.
        this.report('write', `cannot write ${file} (${(err as Error).message}); files are analysed again next time.`);
      }
    }
  }

  /**
   * Sweeps when this store wrote a good share of the cap, or when no process swept for SWEEP_EVERY_MS (a marker
   * file's mtime says when): many small runs add up too.
   */
  async maybeSweep(): Promise<void> {
    const marker = path.join(this.root, 'swept');
    const last = await this.fs.stat(marker).then(
      (st) => st.mtimeMs,
      () => 0,
    );
    if (this.writtenBytes <= this.maxBytes * (1 - SWEEP_TO) && Date.now() - last < SWEEP_EVERY_MS) return;
    await this.fs.writeFile(marker, '').catch(() => undefined);
    await this.sweep();
  }

  /**
   * Keeps the folder under its cap: when over, removes the least recently used records (oldest mtime) until it
   * is at SWEEP_TO of the cap; removes temporary files left by processes that died mid-write.
   */
  async sweep(): Promise<void> {
    try {
      const entries: { file: string; size: number; mtime: number }[] = [];
      const now = Date.now();
      let total = 0;
      for (const sub of await this.fs.readdir(this.root).catch(() => [] as string[])) {
        const dir = path.join(this.root, sub);
        for (const name of await this.fs.readdir(dir).catch(() => [] as string[])) {
          const file = path.join(dir, name);
          const st = await this.fs.stat(file).catch(() => undefined);
          if (!st?.isFile()) continue;
          if (name.endsWith('.tmp')) {
            if (now - st.mtimeMs > STALE_TEMP_MS) await this.fs.rm(file, { force: true });
            continue;
          }
          entries.push({ file, size: st.size, mtime: st.mtimeMs });
          total += st.size;
        }
      }
      if (total <= this.maxBytes) return;
      entries.sort((a, b) => a.mtime - b.mtime || (a.file < b.file ? -1 : 1));
      for (const e of entries) {
        if (total <= this.maxBytes * SWEEP_TO) break;
        await this.fs.rm(e.file, { force: true });
        total -= e.size;
      }
    } catch (err) {
      this.report('sweep', `cannot keep the index under its size cap (${(err as Error).message}).`);
    }
  }
}

/** readRecord with blocking calls. */
function readRecordSync(file: string): { data: string; mtimeMs: number } {
  const fd = openSync(file, 'r');
  try {
    return { mtimeMs: fstatSync(fd).mtimeMs, data: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}
