import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, type Stats } from 'node:fs';

export type BoundedRead =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly stats: Stats }
  | { readonly ok: false; readonly reason: string };

/** What a file that is not a regular file is, in words, for the reason it was skipped. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * Opening a FIFO for reading waits for a writer; non-blocking, the open returns at once and the fstat below
 * turns the FIFO away. Regular files ignore the flag. (Windows has no O_NONBLOCK and no FIFOs to fear.)
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a regular file of at most `maxBytes`. The size is checked on the opened descriptor (so the file checked
 * is the file read), and the read never takes more than `maxBytes + 1` bytes, so a file that grows while being
 * read — or a device that never ends, such as /dev/zero behind a link — cannot make it read without bound.
 */
export async function readBounded(path: string | Buffer, maxBytes: number): Promise<BoundedRead> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, OPEN_FLAGS);
  } catch (err) {
    return { ok: false, reason: errnoText(err) };
  }
  try {
    const stats = await handle.stat();
    const into = readingInto(stats, maxBytes);
    if (!into.ok) return into;
    for (;;) {
      const room = into.room();
      if (typeof room === 'string') return { ok: false, reason: room };
      const { bytesRead } = await handle.read(into.buffer, into.length, room, null);
      if (bytesRead === 0) return into.done();
      into.length += bytesRead;
    }
  } catch (err) {
    return { ok: false, reason: errnoText(err) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * readBounded with blocking calls, for a process that has nothing else to do meanwhile (the CLI): for many small
 * files it is about three times as fast (1,989 files, 17 MB: 74 ms against 224 ms), each file's read no longer
 * waiting on a round trip through libuv's thread pool. The same checks, in the same order.
 */
export function readBoundedSync(path: string | Buffer, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    return { ok: false, reason: errnoText(err) };
  }
  try {
    const into = readingInto(fstatSync(fd), maxBytes);
    if (!into.ok) return into;
    for (;;) {
      const room = into.room();
      if (typeof room === 'string') return { ok: false, reason: room };
      const bytesRead = readSync(fd, into.buffer, into.length, room, null);
      if (bytesRead === 0) return into.done();
      into.length += bytesRead;
    }
  } catch (err) {
    return { ok: false, reason: errnoText(err) };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Closing a descriptor only read from cannot lose data.
    }
  }
}

/** The buffer a bounded read fills: grown as it fills, never past the limit plus one byte. */
interface ReadingInto {
  readonly ok: true;
  buffer: Buffer;
  length: number;
  /** How many bytes the next read may take, or why reading must stop. */
  room(): number | string;
  done(): BoundedRead;
}

/** Checks what was opened (a regular file, not over the limit) and sets up the buffer to read it into. */
function readingInto(stats: Stats, maxBytes: number): ReadingInto | { readonly ok: false; readonly reason: string } {
  if (!stats.isFile()) return { ok: false, reason: `it is ${kindOf(stats)}; only regular files are read` };
  if (stats.size > maxBytes) return { ok: false, reason: overLimit(stats.size, maxBytes) };
  // One byte more than allowed tells "at the limit" from "over it"; the buffer grows for files whose size
  // fstat understates (a file growing, /proc files of size 0).
  const cap = maxBytes + 1;
  const into: ReadingInto = {
    ok: true,
    buffer: Buffer.allocUnsafe(Math.min(stats.size + 1, cap)),
    length: 0,
    room() {
      if (this.length === this.buffer.length) {
        if (this.length >= cap) return `${overLimit(this.length, maxBytes)} (it grew while being read)`;
        const grown = Buffer.allocUnsafe(Math.min(this.buffer.length * 2, cap));
        this.buffer.copy(grown, 0, 0, this.length);
        this.buffer = grown;
      }
      return this.buffer.length - this.length;
    },
    done() {
      return { ok: true, bytes: this.buffer.subarray(0, this.length), stats };
    },
  };
  return into;
}

function overLimit(size: number, maxBytes: number): string {
  return `${Math.round(size / 1024)} KB is over the ${Math.round(maxBytes / 1024)} KB limit`;
}

/** The error code (ENOENT, EACCES…) when there is one: short, and what a user can search for. */
export function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  return code ?? (err instanceof Error ? err.message : String(err));
}
