import type { Warning } from '../types';

/** Bytes looked at to tell binary from text, as git does. */
const SNIFF_BYTES = 8000;

export type DecodedSource = { ok: true; text: string; warning?: Warning } | { ok: false; warning: Warning };

/**
 * Decodes a file's bytes as UTF-8 source. Binary files (a NUL byte early on) are refused; invalid UTF-8 is
 * decoded with replacement characters and reported, so one odd byte never loses a whole file.
 */
export function decodeSource(path: string, bytes: Uint8Array): DecodedSource {
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) {
    return { ok: false, warning: { code: 'skipped-file', path, message: `Skipped ${path}: it looks binary (NUL bytes).` } };
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

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
