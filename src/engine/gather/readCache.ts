import type { Stats } from 'node:fs';
import type { SourceFile, Warning } from '../types';

/** What reading one file gave, as gatherFiles keeps it. */
export interface CachedRead {
  readonly file?: SourceFile;
  readonly warning?: Warning;
  readonly identity?: string;
  /** Bytes read (they count towards the input limit when the file is taken from the cache too). */
  readonly bytes: number;
}

interface Entry {
  readonly read: CachedRead;
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly maxFileBytes: number;
}

/**
 * A file whose last change is this close to the moment it was read is read again next time whatever its stat
 * says: a change within the same tick of a coarse file-system clock (FAT: 2 s, HFS+: 1 s) leaves size and times as
 * they were (git's "racy" files).
 */
const RACY_MS = 3_000;

/** Files remembered: beyond the 64 MB input cap's worth of small files, the least recently read go first. */
const MAX_ENTRIES = 50_000;

/**
 * The files a long-lived host (the extension) gathered before, by path, with the stat they had: a file whose
 * device, inode, size, change and modification times are all as they were is not opened and decoded again, and
 * comes back as the same string (so every hash memo after it finds it at once). Reading and decoding 17 MB of
 * unchanged files was ~0.45 s of every compression of a folder.
 */
export class ReadCache {
  private readonly entries = new Map<string, Entry>();

  /** `racyMs`: how old a change must be when read for the read to be kept (tests shorten it). */
  constructor(private readonly racyMs = RACY_MS) {}

  /** The stored read of a file, when its stat says it has not changed since and it was not read mid-change. */
  lookup(key: string, stats: Stats, maxFileBytes: number): CachedRead | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    const same =
      e.maxFileBytes === maxFileBytes &&
      e.dev === stats.dev &&
      e.ino === stats.ino &&
      e.size === stats.size &&
      e.mtimeMs === stats.mtimeMs &&
      e.ctimeMs === stats.ctimeMs;
    if (!same) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.read;
  }

  /** Whether a path has an entry at all (only then is a stat worth its cost before the read). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Keeps a read made at `readAt` (ms since the epoch) of a file with these stats. */
  remember(key: string, stats: Stats, maxFileBytes: number, read: CachedRead, readAt: number): void {
    if (readAt - Math.max(stats.mtimeMs, stats.ctimeMs) < this.racyMs) {
      this.entries.delete(key);
      return;
    }
    this.entries.delete(key);
    this.entries.set(key, { read, dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, maxFileBytes });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
