/**
 * Cheap detectors for code that no model should be asked to compress: minified lines, base64/hex blobs,
 * numeric and data tables, and generated files. Each is a linear scan with simple regexes, fast enough to run
 * on every unit of every open file.
 */

import { escapesSpellWords } from './escapedWords';
import { generatedMarker } from './generatedHeader';
import { lineCode } from './lineCode';
import type { DensityReason } from './reasons';
import { detectDataTable, detectNumericTable, NUMERIC_TABLE_NUMBERS } from './tables';
import { countSubstrings, textShape, type TextShape } from './textShape';

export type { DensityReason, DensityReasonCode } from './reasons';
export { detectDataTable, detectNumericTable } from './tables';

/** A line this long is looked at; a shorter one is never minified code. */
const DENSE_LINE = 500;
/**
 * …and it is minified when its code outside literals and comments (see lineCode.ts) is this long and has almost no
 * whitespace. A long line that is mostly one literal (a keyword regex, a string of escapes) is not minified code, nor
 * is a long line of ordinary spaced code (`exports.a = exports.b = …`, a list of `require("…"), ` calls).
 */
const MINIFIED_CODE = 80;
const DENSE_LINE_WHITESPACE = 0.06;
/**
 * Minifiers rename local names to a letter or two; a long unspaced line of long names (`.concat(TOOLTIP_CLASS_NAME, …)`
 * chains, export lists) is written or compiled code. Minified CSS keeps its class names but they are short words.
 */
const MINIFIED_MEAN_IDENTIFIER = 8;

export function detectMinified(text: string): DensityReason | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length < DENSE_LINE) continue;
    const code = lineCode(line);
    if (code.chars < MINIFIED_CODE) continue;
    const ratio = code.whitespace / code.chars;
    if (ratio < DENSE_LINE_WHITESPACE && code.meanIdentifier < MINIFIED_MEAN_IDENTIFIER) {
      return {
        code: 'minified',
        message: `Minified or packed code: a ${line.length}-character line with ${(ratio * 100).toFixed(1)}% whitespace.`,
        line: i + 1,
      };
    }
  }
  return undefined;
}

/**
 * Minified lines' share of a file's characters, and the first such line: a file that is mostly minified is one
 * dense region whatever its units (a licence comment above a bundle does not make two).
 */
export function minifiedShare(text: string): { share: number; line?: number } {
  let chars = 0;
  let first: number | undefined;
  let start = 0;
  for (let n = 1; start <= text.length; n++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const line = end - start >= DENSE_LINE ? text.slice(start, end) : '';
    // A blob's line has no spaces either; it is reported as a blob, in its own region.
    if (line && detectMinified(line) && detectBlobs(line).length === 0) {
      chars += end - start;
      first ??= n;
    }
    start = end + 1;
  }
  return { share: text.length > 0 ? chars / text.length : 0, ...(first !== undefined ? { line: first } : {}) };
}

/** The shortest blobs of each kind (characters; a hex-byte list's items). */
const BASE64_MIN = 100;
const URL_SAFE_MIN = 120;
const HEX_MIN = 64;
const HEX_BYTES_MIN = 48;
const BASE64_RUN = new RegExp(`[A-Za-z0-9+/]{${BASE64_MIN},}={0,2}|[A-Za-z0-9_-]{${URL_SAFE_MIN},}`, 'g');
const HEX_RUN = new RegExp(`\\b(?:0x)?[0-9a-fA-F]{${HEX_MIN},}\\b`, 'g');
const HEX_BYTES = new RegExp(`(?:(?:0x[0-9a-fA-F]{1,2}|\\\\x[0-9a-fA-F]{2})\\s*,?\\s*){${HEX_BYTES_MIN},}`, 'g');

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** A base64 run must mix upper case, lower case and digits: long identifiers and paths do not. */
function looksBase64(run: string): boolean {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  let changes = 0;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    const kind = c >= 65 && c <= 90 ? 1 : c >= 97 && c <= 122 ? 2 : c >= 48 && c <= 57 ? 3 : 4;
    if (kind === 1) upper++;
    else if (kind === 2) lower++;
    else if (kind === 3) digit++;
    if (i > 0) {
      const p = run.charCodeAt(i - 1);
      const pk = p >= 65 && p <= 90 ? 1 : p >= 97 && p <= 122 ? 2 : p >= 48 && p <= 57 ? 3 : 4;
      if (pk !== kind) changes++;
    }
  }
  // Random base64 switches character class about every other character; camelCase words rarely do.
  return upper > run.length * 0.1 && lower > run.length * 0.1 && digit > run.length * 0.03 && changes > run.length * 0.3;
}

const ESCAPE = /\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{3})/g;
/** Escaped data (a charset's mapping string, bytes as `\xNN`) needs this many escapes in a row of lines. */
const ESCAPED_DATA = 96;
/**
 * …over at least this many lines, unless there are many more: a few hand-written lines of `\u00C0-\u00D6` ranges (a
 * regular expression's character class for identifiers) are not a blob; a mapping string is long or has many lines.
 */
const ESCAPED_DATA_LINES = 8;
const ESCAPED_DATA_ONE_RUN = 512;

/** Lines mostly made of `\uXXXX` / `\xNN` / octal escapes, in a run: binary or mapping data spelled as strings. */
export function detectEscapedData(text: string): DensityReason | undefined {
  const lines = text.split('\n');
  let runStart = -1;
  let escapes = 0;
  for (let i = 0; i <= lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    const found = i < lines.length ? (t.match(ESCAPE) ?? []) : [];
    const covered = found.reduce((n, e) => n + e.length, 0);
    if (found.length > 0 && covered * 2 >= t.length) {
      if (runStart < 0) {
        runStart = i;
        escapes = 0;
      }
      escapes += found.length;
      continue;
    }
    // Labels in another script spelled as escapes are text, not data.
    if (runStart >= 0 && escapes >= ESCAPED_DATA && (i - runStart >= ESCAPED_DATA_LINES || escapes >= ESCAPED_DATA_ONE_RUN) && !escapesSpellWords(lines.slice(runStart, i))) {
      return { code: 'hex-blob', message: `Escaped binary data: ${escapes} escape sequences over ${i - runStart} lines.`, line: runStart + 1 };
    }
    runStart = -1;
  }
  return undefined;
}

/** One line of a wrapped base64 block (PEM, MIME): its payload, without indentation, quotes, `+`, commas or `\n`. */
const BASE64_LINE_MIN = 40;
const BASE64_LINE = new RegExp(`^\\s*(?:\\+\\s*)?["'\`]?([A-Za-z0-9+/]{${BASE64_LINE_MIN},}={0,2})(?:\\\\n)?["'\`]?\\s*[,+]?\\s*$`);
/** A wrapped blob needs this many such lines in a row (a PEM certificate has a dozen or more). */
const BASE64_BLOCK_LINES = 4;

/** Base64 wrapped at 64 or 76 characters a line: no one line is long, the run of lines is the blob. */
export function detectWrappedBase64(text: string): DensityReason | undefined {
  const lines = text.split('\n');
  let runStart = -1;
  let chars = 0;
  for (let i = 0; i <= lines.length; i++) {
    const payload = i < lines.length ? BASE64_LINE.exec(lines[i] ?? '')?.[1] : undefined;
    if (payload !== undefined && looksBase64(payload)) {
      if (runStart < 0) {
        runStart = i;
        chars = 0;
      }
      chars += payload.length;
      continue;
    }
    if (runStart >= 0 && i - runStart >= BASE64_BLOCK_LINES) {
      return { code: 'base64-blob', message: `Base64 blob of ${chars} characters over ${i - runStart} lines.`, line: runStart + 1 };
    }
    runStart = -1;
  }
  return undefined;
}

/** An inline source map (`//# sourceMappingURL=data:…;base64,…`): metadata for debuggers that every reader skips. */
const SOURCE_MAP_COMMENT = /^\s*(?:\/\/|\/\*)[#@]\s*source(?:Mapping)?URL=data:/;

function inSourceMapComment(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index) + 1;
  return SOURCE_MAP_COMMENT.test(text.slice(lineStart, Math.min(index, lineStart + 200)));
}

export function detectBlobs(text: string, shape: TextShape = textShape(text)): DensityReason[] {
  const out: DensityReason[] = [];
  // Each detector below first asks the text's shape whether it could find anything (most code has no blob).
  const runs = shape.longestBase64Run >= BASE64_MIN || shape.longestUrlSafeRun >= URL_SAFE_MIN ? text.matchAll(BASE64_RUN) : [];
  for (const m of runs) {
    if (looksBase64(m[0]) && !inSourceMapComment(text, m.index ?? 0)) {
      out.push({ code: 'base64-blob', message: `Base64 blob of ${m[0].length} characters.`, line: lineOf(text, m.index ?? 0) });
      break;
    }
  }
  if (out.length === 0 && shape.longestBase64Run >= BASE64_LINE_MIN) {
    const wrapped = detectWrappedBase64(text);
    if (wrapped) out.push(wrapped);
  }
  const hexBytes = shape.backslashes >= HEX_BYTES_MIN || shape.backslashes + countSubstrings(text, ['0x']) >= HEX_BYTES_MIN;
  const hex = (shape.longestHexRun >= HEX_MIN ? HEX_RUN.exec(text) : null) ?? (hexBytes ? HEX_BYTES.exec(text) : null);
  HEX_RUN.lastIndex = 0;
  HEX_BYTES.lastIndex = 0;
  if (hex) out.push({ code: 'hex-blob', message: `Hex data of ${hex[0].length} characters.`, line: lineOf(text, hex.index) });
  else if (shape.backslashes >= ESCAPED_DATA) {
    const escaped = detectEscapedData(text);
    if (escaped) out.push(escaped);
  }
  return out;
}

/** The generated-file marker in the file's header comment (see generatedHeader.ts). */
export function detectGenerated(fileText: string): DensityReason | undefined {
  const m = generatedMarker(fileText);
  return m ? { code: 'generated', message: `Generated file (“${m.quote}”).`, line: m.line } : undefined;
}

/** All cheap detectors on one unit; `fileText` (the whole file) enables the generated-file check. */
export function detectDenseText(text: string, fileText?: string): DensityReason[] {
  const out: DensityReason[] = [];
  const generated = detectGenerated(fileText ?? text);
  if (generated) out.push(fileText === undefined ? generated : { code: generated.code, message: generated.message });
  const minified = detectMinified(text);
  if (minified) out.push(minified);
  const shape = textShape(text);
  out.push(...detectBlobs(text, shape));
  const table = detectNumericTable(text, NUMERIC_TABLE_NUMBERS, shape) ?? detectDataTable(text, shape);
  if (table) out.push(table);
  return out;
}
