/**
 * The Qwen2 pre-tokenizer's split of ASCII text, by hand. The tokenizer runs its regular expression over every
 * form of every unit (a 17 MB tree: ~10 M words); on ASCII text — nearly all code — this scanner finds the same
 * words in ~60% of the time (test/unit/asciiWords.test.ts holds it to the expression on real files and seeded
 * strings). Text with any other character goes through the expression.
 */

/** The pattern this scanner stands in for, as tokenizer.json (and bpe-meta.json) spell it. */
export const QWEN2_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

const OTHER = 0;
const LETTER = 1;
const DIGIT = 2;
/** `\s` of ASCII: tab, line feed, vertical tab, form feed, carriage return, space. */
const SPACE = 3;
const CLASS = new Uint8Array(128);
for (let c = 65; c <= 90; c++) CLASS[c] = LETTER;
for (let c = 97; c <= 122; c++) CLASS[c] = LETTER;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (const c of [9, 10, 11, 12, 13, 32]) CLASS[c] = SPACE;

const NON_ASCII = /[^\x00-\x7f]/;

/** Whether the scanner may split `text` (every character ASCII). */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

const isBreak = (c: number): boolean => c === 10 || c === 13;

/**
 * Where the word starting at `i` ends, trying the pattern's alternatives in its order: a contraction; letters,
 * after one character that is not a line break, letter or digit; one digit; a space and punctuation, with the line
 * breaks after it; whitespace up to its last line break; whitespace but its last character when a word follows;
 * whitespace.
 */
export function asciiWordEnd(text: string, i: number): number {
  const n = text.length;
  const c = text.charCodeAt(i);
  const kind = CLASS[c] as number;
  if (c === 39 && i + 1 < n) {
    // 's 't 'm 'd, 're 've 'll, in any case (`| 32` lowers an ASCII letter).
    const d = text.charCodeAt(i + 1) | 32;
    if (d === 115 || d === 116 || d === 109 || d === 100) return i + 2;
    const e = i + 2 < n ? text.charCodeAt(i + 2) | 32 : 0;
    if ((d === 114 && e === 101) || (d === 118 && e === 101) || (d === 108 && e === 108)) return i + 3;
  }
  if (kind === LETTER || (kind !== DIGIT && !isBreak(c) && i + 1 < n && CLASS[text.charCodeAt(i + 1)] === LETTER)) {
    let end = i + 1;
    while (end < n && CLASS[text.charCodeAt(end)] === LETTER) end++;
    return end;
  }
  if (kind === DIGIT) return i + 1;
  if (kind === OTHER || (c === 32 && i + 1 < n && CLASS[text.charCodeAt(i + 1)] === OTHER)) {
    let end = i + 1;
    while (end < n && CLASS[text.charCodeAt(end)] === OTHER) end++;
    while (end < n && isBreak(text.charCodeAt(end))) end++;
    return end;
  }
  let end = i;
  let lastBreak = -1;
  for (; end < n && CLASS[text.charCodeAt(end)] === SPACE; end++) if (isBreak(text.charCodeAt(end))) lastBreak = end;
  if (lastBreak >= 0) return lastBreak + 1;
  return end === n || end - i === 1 ? end : end - 1;
}
