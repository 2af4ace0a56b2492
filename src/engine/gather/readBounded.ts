import { constants, promises as fs, type Stats } from 'node:fs';

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
    if (!stats.isFile()) return { ok: false, reason: `it is ${kindOf(stats)}; only regular files are read` };
    if (stats.size > maxBytes) return { ok: false, reason: overLimit(stats.size, maxBytes) };
    // One byte more than allowed tells "at the limit" from "over it"; the buffer grows for files whose size
    // fstat understates (a file growing, /proc files of size 0).
    const cap = maxBytes + 1;
    let buffer = Buffer.allocUnsafe(Math.min(stats.size + 1, cap));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length >= cap) return { ok: false, reason: `${overLimit(length, maxBytes)} (it grew while being read)` };
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, cap));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return { ok: true, bytes: buffer.subarray(0, length), stats };
  } catch (err) {
    return { ok: false, reason: errnoText(err) };
  } finally {
    await handle.close().catch(() => undefined);
  }
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
