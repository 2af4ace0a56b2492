import { createHash } from 'node:crypto';

/** Why a stored file was not used. */
export class CorruptRecordError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CorruptRecordError';
  }
}

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The bytes of a file the index writes: a format line (`magic`, ending in a newline), a checksum of the body, the
 * body as JSON. A foreign or older file is told apart by its first line, a write cut short or a flipped byte by
 * the checksum — before anything is parsed.
 */
export function encodeChecked(magic: string, value: unknown): string {
  const body = JSON.stringify(value);
  return `${magic}${checksum(body)}\n${body}`;
}

/** The JSON body of a file written by encodeChecked with the same magic; throws CorruptRecordError otherwise. */
export function decodeChecked(data: string, magic: string): unknown {
  if (!data.startsWith(magic)) throw new CorruptRecordError('not an index file of this version');
  const nl = data.indexOf('\n', magic.length);
  if (nl < 0) throw new CorruptRecordError('truncated');
  const body = data.slice(nl + 1);
  if (checksum(body) !== data.slice(magic.length, nl)) throw new CorruptRecordError('checksum mismatch');
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new CorruptRecordError('unreadable');
  }
}
