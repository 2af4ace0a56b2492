/**
 * What one pass over a text's character codes can tell the table and blob detectors before they run their
 * regular expressions line by line: upper bounds on what they could find. Almost no code holds a table or a
 * blob, and those detectors cost ~3 s of a 17 MB tree's cold run, most of it proving that; with these bounds a
 * text that cannot hold one is answered at once, and one that might is examined as before (same findings).
 */
export interface TextShape {
  /** Lines (newlines + 1). */
  readonly lines: number;
  /** Maximal runs of ASCII digits: every number the table detectors count holds a digit of its own run. */
  readonly digitRuns: number;
  /** Quote characters (", ', `): every string literal takes two. */
  readonly quotes: number;
  /** Backslashes: every escape sequence starts with one. */
  readonly backslashes: number;
  /** digitRuns of the lines that have three or more (a numeric table's line needs three numbers). */
  readonly digitRunsInNumberLines: number;
  /** Lines with a digit or a quote character (a data table's line needs a literal). */
  readonly literalLines: number;
  /** The longest run of base64 characters (A–Z, a–z, 0–9, +, /). */
  readonly longestBase64Run: number;
  /** The longest run of URL-safe base64 characters (A–Z, a–z, 0–9, _, -). */
  readonly longestUrlSafeRun: number;
  /** The longest run of hexadecimal digits. */
  readonly longestHexRun: number;
}

/** Character classes of ASCII codes, looked up rather than compared: the scan runs over every character. */
const DIGIT = 1;
const HEX_LETTER = 2;
const LETTER = 4;
const BASE64_PUNCTUATION = 8;
const URL_SAFE_PUNCTUATION = 16;
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLASS[c] = LETTER | (c <= 70 ? HEX_LETTER : 0);
for (let c = 97; c <= 122; c++) CLASS[c] = LETTER | (c <= 102 ? HEX_LETTER : 0);
CLASS[43] = CLASS[47] = BASE64_PUNCTUATION; // + /
CLASS[95] = CLASS[45] = URL_SAFE_PUNCTUATION; // _ -

export function textShape(text: string): TextShape {
  let lines = 1;
  let digitRuns = 0;
  let quotes = 0;
  let backslashes = 0;
  let digitRunsInNumberLines = 0;
  let literalLines = 0;
  let lineDigitRuns = 0;
  let lineHasLiteral = 0;
  // Each run is measured when it ends, from where it started: most characters extend every run.
  let base64Start = 0;
  let urlSafeStart = 0;
  let hexStart = 0;
  let longestBase64Run = 0;
  let longestUrlSafeRun = 0;
  let longestHexRun = 0;
  let inDigits = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? (CLASS[c] as number) : 0;
    if (kind & DIGIT) {
      if (!inDigits) {
        digitRuns++;
        lineDigitRuns++;
        lineHasLiteral = 1;
      }
      inDigits = true;
      continue;
    }
    inDigits = false;
    if (kind & LETTER) {
      if (!(kind & HEX_LETTER)) {
        if (i - hexStart > longestHexRun) longestHexRun = i - hexStart;
        hexStart = i + 1;
      }
      continue;
    }
    if (i - hexStart > longestHexRun) longestHexRun = i - hexStart;
    hexStart = i + 1;
    if (!(kind & BASE64_PUNCTUATION)) {
      if (i - base64Start > longestBase64Run) longestBase64Run = i - base64Start;
      base64Start = i + 1;
    }
    if (!(kind & URL_SAFE_PUNCTUATION)) {
      if (i - urlSafeStart > longestUrlSafeRun) longestUrlSafeRun = i - urlSafeStart;
      urlSafeStart = i + 1;
    }
    if (c === 10) {
      lines++;
      if (lineDigitRuns >= 3) digitRunsInNumberLines += lineDigitRuns;
      literalLines += lineHasLiteral;
      lineDigitRuns = 0;
      lineHasLiteral = 0;
    } else if (c === 34 || c === 39 || c === 96) {
      quotes++;
      lineHasLiteral = 1;
    } else if (c === 92) backslashes++;
  }
  if (n - hexStart > longestHexRun) longestHexRun = n - hexStart;
  if (n - base64Start > longestBase64Run) longestBase64Run = n - base64Start;
  if (n - urlSafeStart > longestUrlSafeRun) longestUrlSafeRun = n - urlSafeStart;
  if (lineDigitRuns >= 3) digitRunsInNumberLines += lineDigitRuns;
  literalLines += lineHasLiteral;
  return { lines, digitRuns, quotes, backslashes, digitRunsInNumberLines, literalLines, longestBase64Run, longestUrlSafeRun, longestHexRun };
}

/** Words the table detectors count as literals (`true`, `null`, …): each occurrence, as a substring. */
export function countSubstrings(text: string, words: readonly string[]): number {
  let n = 0;
  for (const w of words) {
    for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + w.length)) n++;
  }
  return n;
}
