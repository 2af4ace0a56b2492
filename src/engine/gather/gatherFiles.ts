import { promises as fs, statSync, type Stats } from 'node:fs';
import type { SourceFile, Warning } from '../types';
import { throwIfAborted } from '../abort';
import type { ReadCache } from './readCache';
import { decodeSource } from './readSource';
import { readBounded, readBoundedSync } from './readBounded';
import type { FsPath } from './fileNames';
import { walkInputs, type FoundFile } from './walk';

export type { FoundFile };

export interface GatherOptions {
  /** Paths in output headers are relative to this folder. */
  readonly cwd: string;
  readonly maxFileBytes: number;
  /**
   * The most bytes read in all (default DEFAULT_MAX_INPUT_BYTES): past it, gathering stops with an
   * InputTooLargeError rather than holding a tree of any size in memory.
   */
  readonly maxInputBytes?: number;
  /** Gitignore-style globs, relative to `cwd`, of files and folders left out (see excludeFilter). */
  readonly exclude?: readonly string[];
  readonly signal?: AbortSignal;
  /**
   * Reads kept from earlier gathers (a long-lived host's): an unchanged file (same stat) is taken from it rather
   * than read again; what is read is kept in it.
   */
  readonly cache?: ReadCache;
  /**
   * Read each file with blocking calls (readBoundedSync): faster for a process with nothing else to do (the CLI);
   * a host with a UI to keep responsive (the extension) leaves it off. The walk and the reading still take turns
   * with the event loop between files, so a cancellation is seen.
   */
  readonly syncReads?: boolean;
}

export interface Gathered {
  readonly files: SourceFile[];
  readonly warnings: Warning[];
}

/**
 * 64 MB of source is far more than any budget holds (a 32k-token context is ~100 KB), and while the engine
 * keeps several forms of each file it keeps memory within what an editor's extension host can spare.
 */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Raised when the files to gather add up to more than the input limit. */
export class InputTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(
      `The files to compress add up to more than the ${formatMegabytes(limitBytes)} input limit, so gathering stopped. ` +
        'Name fewer or smaller folders, or leave some out with exclude globs.',
    );
    this.name = 'InputTooLargeError';
  }
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** Files read at once: enough to keep libuv's thread pool busy, few enough not to hold many files' bytes at once. */
const READ_CONCURRENCY = 16;

/** What reading one found file gave: the file, a warning, or (for some encodings) both. */
interface ReadResult {
  readonly file?: SourceFile;
  readonly warning?: Warning;
  /** device:inode, to drop a followed link whose target is already among the files. */
  readonly identity?: string;
}

/**
 * Collects the source files under the given files and folders: folders are walked in name order, honouring
 * every .gitignore on the way and the exclude globs, reading only regular files and skipping binary, oversized,
 * unreadable and special files with a warning each. Files are read several at once while the walk goes on,
 * since read one after another each file waited on its own round trip to libuv's thread pool; files and warnings
 * come out in walk order. Reading stops, with an InputTooLargeError, once the input limit is passed.
 */
export async function gatherFiles(inputs: readonly string[], options: GatherOptions): Promise<Gathered> {
  const maxInputBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  let readBytes = 0;
  let failure: unknown;

  const { cache, maxFileBytes } = options;
  const count = (bytes: number): void => {
    readBytes += bytes;
    if (readBytes > maxInputBytes) throw new InputTooLargeError(maxInputBytes);
  };
  const readOne = async (found: FoundFile): Promise<ReadResult> => {
    const shown = found.shown;
    const key = `${found.uri}\0${shown}`;
    if (cache?.has(key)) {
      const stats = options.syncReads ? statOrUndefined(found.path) : await fs.stat(found.path).catch(() => undefined);
      const known = stats && cache.lookup(key, stats, maxFileBytes);
      if (known) {
        count(known.bytes);
        return known;
      }
    }
    const readAt = Date.now();
    const read = options.syncReads ? readBoundedSync(found.path, maxFileBytes) : await readBounded(found.path, maxFileBytes);
    if (!read.ok) return { warning: { code: 'skipped-file', path: shown, message: `Skipped ${shown}: ${read.reason}.` } };
    count(read.bytes.length);
    const decoded = decodeSource(shown, read.bytes);
    const result = {
      ...(decoded.ok ? { file: { path: shown, text: decoded.text, uri: found.uri } } : {}),
      ...(decoded.warning ? { warning: decoded.warning } : {}),
      identity: `${read.stats.dev}:${read.stats.ino}`,
      bytes: read.bytes.length,
    };
    cache?.remember(key, read.stats, maxFileBytes, result, readAt);
    return result;
  };

  // The walk appends to `queue`; readers take items in order as they come. The walk waits when readers fall
  // far behind, so a huge tree is never listed whole before the input limit can stop it.
  const queue: (FoundFile | Warning)[] = [];
  const results: (ReadResult | undefined)[] = [];
  let next = 0;
  let walkDone = false;
  let wake: (() => void) | undefined;
  let resumeWalk: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const reader = async (): Promise<void> => {
    for (;;) {
      if (failure !== undefined) return;
      throwIfAborted(options.signal);
      if (next >= queue.length) {
        if (walkDone) return;
        await new Promise<void>((resolve) => {
          const previous = wake;
          wake = () => {
            previous?.();
            resolve();
          };
        });
        continue;
      }
      const i = next++;
      if (queue.length - next < LOOKAHEAD / 2) {
        const r = resumeWalk;
        resumeWalk = undefined;
        r?.();
      }
      const item = queue[i] as FoundFile | Warning;
      results[i] = 'code' in item ? { warning: item } : await readOne(item);
    }
  };
  const walking = (async () => {
    try {
      await walkInputs(inputs, {
        cwd: options.cwd,
        ...(options.exclude ? { exclude: options.exclude } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        stopped: () => failure !== undefined,
        emit: async (item) => {
          queue.push(item);
          notify();
          if (queue.length - next > LOOKAHEAD) await new Promise<void>((resolve) => (resumeWalk = resolve));
        },
      });
    } finally {
      walkDone = true;
      notify();
    }
  })();
  const guarded = (work: Promise<void>): Promise<void> =>
    work.catch((err: unknown) => {
      failure ??= err;
      notify();
      const r = resumeWalk;
      resumeWalk = undefined;
      r?.();
    });
  await Promise.all([guarded(walking), ...Array.from({ length: READ_CONCURRENCY }, () => guarded(reader()))]);
  if (failure !== undefined) throw failure;
  throwIfAborted(options.signal);
  return collect(queue, results);
}

/** Files found but not yet read that the walk may run ahead by. */
const LOOKAHEAD = 4096;

/** Files and warnings in walk order; a followed link whose target is among the files is dropped, with a note. */
function collect(queue: readonly (FoundFile | Warning)[], results: readonly (ReadResult | undefined)[]): Gathered {
  const direct = new Map<string, string>();
  queue.forEach((item, i) => {
    const r = results[i];
    if (!('code' in item) && !item.viaLink && r?.file && r.identity) direct.set(r.identity, r.file.path);
  });
  const files: SourceFile[] = [];
  const warnings: Warning[] = [];
  queue.forEach((item, i) => {
    const r = results[i];
    if (!('code' in item) && item.viaLink && r?.file && r.identity) {
      const same = direct.get(r.identity);
      if (same !== undefined) {
        warnings.push({ code: 'skipped-file', path: r.file.path, message: `Skipped link ${r.file.path}: it points to ${same}, which is already included.` });
        return;
      }
      direct.set(r.identity, r.file.path);
      warnings.push({ code: 'followed-link', path: r.file.path, message: `Followed link ${r.file.path} to ${item.viaLink}.` });
    }
    if (r?.warning) warnings.push(r.warning);
    if (r?.file) files.push(r.file);
  });
  return { files, warnings };
}


/** A file's stat, read with a blocking call (syncReads), or undefined when it cannot be read. */
function statOrUndefined(file: FsPath): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
