import * as path from 'node:path';

/**
 * File names are bytes. Node hands out strings decoded as UTF-8, so a name that is not valid UTF-8 comes back
 * with U+FFFD in it and opening that string fails with ENOENT. The walk therefore keeps every path as the bytes
 * the file system gave (`Buffer`), and decodes only to show it.
 */
export type FsPath = Buffer;

const SEP = Buffer.from(path.sep);

export function childPath(dir: FsPath, name: Buffer): FsPath {
  return dir[dir.length - 1] === SEP[0] ? Buffer.concat([dir, name]) : Buffer.concat([dir, SEP, name]);
}

/** Whether these bytes are valid UTF-8 (and so shown as they are). */
export function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A path for showing: decoded as UTF-8 with U+FFFD for bytes that are not. */
export function shownPath(p: FsPath): string {
  return p.toString('utf8');
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
