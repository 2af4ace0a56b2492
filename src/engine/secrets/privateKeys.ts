/**
 * PEM private key blocks (RSA, EC, OpenSSH, PKCS#8, PGP), in a key file or inside string literals of code.
 * The whole block is one finding; the marker keeps its line count.
 */
import type { SecretFinding } from './types';

const MAX_KEY_BODY = 16_384;
const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;

/**
 * A BEGIN marker counts only when base64 follows it: PEM parsers and docs mention the markers without a key.
 * A key embedded in a string literal ("…\n" + "…") is unwrapped before the check. A key without its END
 * line (cut by an editor selection) is taken up to the end of its base64 lines.
 */
export function scanPrivateKeys(text: string, out: SecretFinding[]): void {
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m !== null; m = PEM_BEGIN.exec(text)) {
    const bodyStart = m.index + m[0].length;
    const end = findPemEnd(text, bodyStart, m[1] ?? '', m[2] ?? '');
    if (end === undefined) continue;
    out.push({ start: m.index, end, kind: 'private-key' });
    PEM_BEGIN.lastIndex = end;
  }
}

function findPemEnd(text: string, bodyStart: number, type: string, block: string): number | undefined {
  const endMarker = `-----END ${type}PRIVATE KEY${block}-----`;
  // A real key body is a few KB at most; an END marker far away belongs to something else. Searching only
  // that far also keeps many BEGIN markers without an END linear instead of quadratic.
  let window = text.slice(bodyStart, bodyStart + MAX_KEY_BODY + endMarker.length);
  const nextBegin = window.indexOf('-----BEGIN ');
  if (nextBegin !== -1) window = window.slice(0, nextBegin); // a key body never holds another PEM block
  const endAt = window.indexOf(endMarker);
  if (endAt !== -1 && isKeyBody(window.slice(0, endAt))) return bodyStart + endAt + endMarker.length;

  // No END: take the base64 lines that follow (within the same bound).
  let pos = 0;
  let base64Chars = 0;
  const lineRe = /[^\n]*\n?/y;
  for (;;) {
    lineRe.lastIndex = pos;
    const line = lineRe.exec(window)?.[0] ?? '';
    if (!line) break;
    const cleaned = unwrapLiteral(line);
    const isHeader = /^\s*[A-Za-z-]+: /.test(line);
    if (!isHeader && cleaned.length > 0 && !/^[A-Za-z0-9+/=]+$/.test(cleaned)) break;
    base64Chars += isHeader ? 0 : cleaned.length;
    pos += line.length;
  }
  if (base64Chars < 64) return undefined;
  // Keep the newline that ended the key's last line, so the next line stays a line of its own.
  return bodyStart + (window[pos - 1] === '\n' ? pos - 1 : pos);
}

function isKeyBody(body: string): boolean {
  const lines = body.replace(/\\[nr]/g, '\n').split('\n').filter((l) => !/^\s*[A-Za-z-]+: /.test(l));
  const cleaned = lines.map(unwrapLiteral).join('');
  return cleaned.length >= 64 && /^[A-Za-z0-9+/=]+$/.test(cleaned);
}

/** Strips what wraps a base64 line inside source code: quotes, "\n" escapes, concatenation, commas. */
function unwrapLiteral(line: string): string {
  return line.replace(/\\[nr]/g, '').replace(/[\s"'`+,;]/g, '');
}
