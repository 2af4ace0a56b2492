import type { Warning } from '../types';

/** Bytes looked at to tell binary from text, as git does. */
const SNIFF_BYTES = 8000;

export type DecodedSource = { ok: true; text: string; warning?: Warning } | { ok: false; warning: Warning };

/**
 * Decodes a file's bytes as UTF-8 source, or as UTF-16 when a byte-order mark says so (Windows tools write
 * UTF-16; its NUL high bytes would otherwise read as binary). Binary files (a NUL byte early on) are refused;
 * invalid UTF-8 is decoded with replacement characters and reported, so one odd byte never loses a whole file.
 */
export function decodeSource(path: string, bytes: Uint8Array): DecodedSource {
  const utf16 = utf16Encoding(bytes);
  if (utf16) {
    const decoded = decodeUtf16(path, bytes.subarray(2), utf16);
    // A binary file can start with FF FE too; as UTF-16 its NUL bytes come out as U+0000 characters.
    if (!decoded.text.slice(0, SNIFF_BYTES).includes('\0')) return decoded;
    return binary(path);
  }
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) {
    return binary(path);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    return {
      ok: true,
      text: stripBom(text),
      warning: { code: 'lossy-decode', path, message: `${path} is not valid UTF-8; invalid bytes were replaced with U+FFFD.` },
    };
  }
  return { ok: true, text: stripBom(text) };
}

function binary(path: string): DecodedSource {
  return { ok: false, warning: { code: 'skipped-file', path, message: `Skipped ${path}: it looks binary (NUL bytes).` } };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** UTF-16 by its byte-order mark: FF FE little-endian, FE FF big-endian. */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function decodeUtf16(path: string, body: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): { ok: true; text: string; warning?: Warning } {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(body) };
  } catch {
    return {
      ok: true,
      text: new TextDecoder(encoding).decode(body),
      warning: { code: 'lossy-decode', path, message: `${path} is not valid ${encoding.toUpperCase()}; invalid bytes were replaced with U+FFFD.` },
    };
  }
}
