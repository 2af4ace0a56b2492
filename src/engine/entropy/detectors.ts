/**
 * Cheap detectors for code that no model should be asked to compress: minified lines, base64/hex blobs,
 * long numeric tables and generated files. Each is a linear scan with simple regexes, fast enough to run
 * on every unit of every open file.
 */

export type DensityReasonCode = 'high-entropy' | 'minified' | 'base64-blob' | 'hex-blob' | 'numeric-table' | 'generated';

export interface DensityReason {
  readonly code: DensityReasonCode;
  /** One sentence for the Problems panel / CLI json. */
  readonly message: string;
  /** 1-based line within the analysed text where the evidence starts, when there is one. */
  readonly line?: number;
}

/** Lines longer than this are never hand-written code. */
const MINIFIED_LINE = 1000;
/** A long line with almost no whitespace is minified or packed data. */
const DENSE_LINE = 500;
const DENSE_LINE_WHITESPACE = 0.06;

export function detectMinified(text: string): DensityReason | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length < DENSE_LINE) continue;
    let ws = 0;
    for (let j = 0; j < line.length; j++) {
      const c = line.charCodeAt(j);
      if (c === 32 || c === 9) ws++;
    }
    const ratio = ws / line.length;
    // A very long line of prose or a long string literal still has spaces; minified code has few.
    if (ratio < DENSE_LINE_WHITESPACE || (line.length >= MINIFIED_LINE && ratio < 0.12)) {
      return {
        code: 'minified',
        message: `Minified or packed code: a ${line.length}-character line with ${(ratio * 100).toFixed(1)}% whitespace.`,
        line: i + 1,
      };
    }
  }
  return undefined;
}

const BASE64_RUN = /[A-Za-z0-9+/]{100,}={0,2}|[A-Za-z0-9_-]{120,}/g;
const HEX_RUN = /\b(?:0x)?[0-9a-fA-F]{64,}\b/g;
const HEX_BYTES = /(?:(?:0x[0-9a-fA-F]{1,2}|\\x[0-9a-fA-F]{2})\s*,?\s*){48,}/g;

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

export function detectBlobs(text: string): DensityReason[] {
  const out: DensityReason[] = [];
  for (const m of text.matchAll(BASE64_RUN)) {
    if (looksBase64(m[0])) {
      out.push({ code: 'base64-blob', message: `Base64 blob of ${m[0].length} characters.`, line: lineOf(text, m.index ?? 0) });
      break;
    }
  }
  const hex = HEX_RUN.exec(text) ?? HEX_BYTES.exec(text);
  HEX_RUN.lastIndex = 0;
  HEX_BYTES.lastIndex = 0;
  if (hex) out.push({ code: 'hex-blob', message: `Hex data of ${hex[0].length} characters.`, line: lineOf(text, hex.index) });
  return out;
}

const NUMBER = /(?<![\w.])[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)[uUlLfFdD]*(?![\w.])/g;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * A numeric table: many numbers, few identifiers. Checked over runs of consecutive lines so a table inside
 * an otherwise ordinary function is still found.
 */
export function detectNumericTable(text: string, minNumbers = 64): DensityReason | undefined {
  const lines = text.split('\n');
  let runStart = -1;
  let runNumbers = 0;
  let runWords = 0;
  const flush = (end: number): DensityReason | undefined => {
    if (runStart >= 0 && runNumbers >= minNumbers && runNumbers >= 3 * runWords) {
      return {
        code: 'numeric-table',
        message: `Numeric table: ${runNumbers} numbers over ${end - runStart} lines.`,
        line: runStart + 1,
      };
    }
    return undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const numbers = line.match(NUMBER)?.length ?? 0;
    // Hex literals like 0xff and suffixes are matched as words too; count words that are not numbers.
    const words = (line.replace(NUMBER, ' ').match(WORD)?.length ?? 0);
    const tableLine = numbers >= 3 && numbers >= 2 * words;
    if (tableLine) {
      if (runStart < 0) {
        runStart = i;
        runNumbers = 0;
        runWords = 0;
      }
      runNumbers += numbers;
      runWords += words;
    } else if (line.trim() !== '') {
      const found = flush(i);
      if (found) return found;
      runStart = -1;
    }
  }
  return flush(lines.length);
}

const GENERATED = [
  /Code generated .{0,200}DO NOT EDIT\.?/,
  /@generated\b/,
  /\bDO NOT EDIT\b/,
  /\bauto-?generated\b/i,
  /\bThis file (?:is|was|has been) (?:automatically )?generated\b/i,
  /<auto-generated/i,
  /\bgenerated by (?:the )?(?:protoc|protobuf|flatc|thrift|bindgen|cbindgen|swig|cython|antlr|bison|yacc|re2c|wire|mockgen|stringer|tree-sitter)\b/i,
];

/**
 * Generated-file markers, looked for near the top of a file (where generators write them) so that a
 * mention of "DO NOT EDIT" deep inside hand-written code does not count.
 */
export function detectGenerated(fileText: string, headChars = 2000): DensityReason | undefined {
  const head = fileText.slice(0, headChars);
  for (const re of GENERATED) {
    const m = re.exec(head);
    if (m) return { code: 'generated', message: `Generated file (“${m[0].slice(0, 60)}”).`, line: lineOf(head, m.index) };
  }
  return undefined;
}

/** All cheap detectors on one unit; `fileText` (the whole file) enables the generated-file check. */
export function detectDenseText(text: string, fileText?: string): DensityReason[] {
  const out: DensityReason[] = [];
  const generated = detectGenerated(fileText ?? text);
  if (generated) out.push(fileText === undefined ? generated : { code: generated.code, message: generated.message });
  const minified = detectMinified(text);
  if (minified) out.push(minified);
  out.push(...detectBlobs(text));
  const table = detectNumericTable(text);
  if (table) out.push(table);
  return out;
}
