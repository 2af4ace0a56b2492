/**
 * Tables: long runs of lines that hold data rather than code. A numeric table (many numbers, few words) is found in
 * any run of such lines; a data table (lines of literals with at most a word or two each: `'viridis': [0.26, …],`,
 * `[sym_identifier] = ACTIONS(5),`, `0x1F600: 'grinning',`) only when the run is long, because a few such lines
 * (constants, a small lookup) are ordinary code.
 */
import type { DensityReason } from './reasons';
import { countSubstrings, textShape, type TextShape } from './textShape';

const NUMBER = /(?<![\w.])[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)[uUlLfFdD]*(?![\w.])/g;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;
const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
const LITERAL_WORDS = ['true', 'false', 'null', 'nil', 'None', 'True', 'False', 'undefined', 'NULL'];
const LITERAL_WORD = new RegExp(`^(?:${LITERAL_WORDS.join('|')})$`);
const COMMENT_LINE = /^\s*(?:\/\/|#(?:\s|$)|\/\*|\*|--\s)/;

interface LineCounts {
  readonly numbers: number;
  readonly strings: number;
  readonly words: number;
}

/**
 * A string of plain words (a keyword, a name, a sentence: `'abs'`, `"The operation was interrupted."`) is vocabulary
 * a reader takes in at a glance, and counts as a word; a string of codes, escapes, digits or other scripts is data.
 */
const WORDS_STRING = /^["'`]\s*[\p{L}_][\p{L}\p{N}_ .,:;!?()/-]*["'`]$/u;
/**
 * …in a script that puts spaces between words. Chinese, Japanese and Korean do not, so a string of their characters
 * cannot be told from a row of a character mapping (`"丂丄丅丆丏丒…"`) and counts as data, as every string did before.
 */
const UNSPACED_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u;
/** …and no run of letters without spaces longer than this, but for an identifier: a row of a Cyrillic mapping is data. */
const LONGEST_WORD = 48;

function isWordsString(s: string): boolean {
  if (!WORDS_STRING.test(s) || UNSPACED_SCRIPT.test(s)) return false;
  return s.slice(1, -1).split(' ').every((w) => w.length <= LONGEST_WORD || /^[A-Za-z0-9_]+$/.test(w));
}

/**
 * A string holding a line of code — a code generator's template (`"    return str;"`, `"} else {"`, `"  }"`, `""`) —
 * is code a reader reads, like the lines around it: a hand-written
 * generator that keeps its output's text as an array of such lines is not a table. Code has a name of three or more
 * characters, a space, and one of `;{}()=`; a row's codes (`"\u00c0"`, `"#ff0000"`, base64, SVG paths) do not.
 */
function isCodeString(s: string): boolean {
  const inner = s.slice(1, -1);
  // Empty, or indented punctuation (`"  }"`): a template's line. Bare punctuation (`"{"`) is a parser's symbol name.
  if (inner === '' || /^\s+[\p{P}\p{S}][\s\p{P}\p{S}]*$/u.test(inner)) return true;
  return /[A-Za-z_$][\w$]{2,}/.test(inner) && /\S\s+\S/.test(inner) && /[;{}()=]/.test(inner);
}

/** A line's counts when it holds no literal at all. */
const NOTHING: LineCounts = { numbers: 0, strings: 0, words: 0 };
const LITERAL_ANYWHERE = new RegExp(LITERAL_WORDS.join('|'));

/**
 * Whether `line` could hold `n` numbers: every number countLine counts has a digit run of its own or is a literal
 * word, so a line with fewer digit runs and no literal word's letters anywhere holds fewer.
 */
export function mayHoldNumbers(line: string, n: number): boolean {
  let runs = 0;
  let inDigits = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit && !inDigits && ++runs >= n) return true;
    inDigits = digit;
  }
  return LITERAL_ANYWHERE.test(line);
}

/** Whether `line` has a quote character: a string literal needs two. */
export function hasQuote(line: string): boolean {
  return line.includes('"') || line.includes("'") || line.includes('`');
}

/** The line with its string literals blanked out. */
export function withoutStrings(line: string): string {
  return line.replace(STRING, ' ');
}

/** Numbers, data strings and words of a line (exported for the tests of the shortcuts above). */
export function countLine(line: string): LineCounts {
  let strings = 0;
  let wordStrings = 0;
  const noStrings = line.replace(STRING, (s) => {
    if (isWordsString(s) || isCodeString(s)) wordStrings++;
    else strings++;
    return ' ';
  });
  let numbers = 0;
  const noNumbers = noStrings.replace(NUMBER, () => {
    numbers++;
    return ' ';
  });
  let words = wordStrings;
  for (const w of noNumbers.match(WORD) ?? []) {
    if (LITERAL_WORD.test(w)) numbers++;
    else words++;
  }
  return { numbers, strings, words };
}

/**
 * A numeric table holds at least this many numbers. Smaller ones (a month-length table, a truth table, a few test
 * vectors) are ordinary parts of hand-written code.
 */
export const NUMERIC_TABLE_NUMBERS = 160;

/** A table found in a text: its reason, and its first and last lines (0-based, inclusive). */
export interface TableRun {
  readonly reason: DensityReason;
  readonly first: number;
  readonly last: number;
}

/** Numeric tables: many numbers, few identifiers, over a run of consecutive lines; every such run, in order. */
export function numericTables(text: string, minNumbers = NUMERIC_TABLE_NUMBERS, shape = textShape(text)): TableRun[] {
  if (!mayHoldNumericTable(text, shape, minNumbers)) return [];
  const lines = text.split('\n');
  const out: TableRun[] = [];
  let runStart = -1;
  let runLast = -1;
  let runNumbers = 0;
  let runWords = 0;
  const flush = (): void => {
    if (runStart >= 0 && runNumbers >= minNumbers && runNumbers >= 3 * runWords) {
      const reason: DensityReason = { code: 'numeric-table', message: `Numeric table: ${runNumbers} numbers over ${runLast + 1 - runStart} lines.`, line: runStart + 1 };
      out.push({ reason, first: runStart, last: runLast });
    }
    runStart = -1;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    // Counted only when the line could hold three numbers: most lines of code cannot.
    const { numbers, words } = mayHoldNumbers(line, 3) ? countLine(withoutStrings(line)) : NOTHING;
    if (numbers >= 3 && numbers >= 2 * words) {
      if (runStart < 0) {
        runStart = i;
        runNumbers = 0;
        runWords = 0;
      }
      runLast = i;
      runNumbers += numbers;
      runWords += words;
    } else if (line.trim() !== '') flush();
  }
  flush();
  return out;
}

/** The first numeric table in a text. */
export function detectNumericTable(text: string, minNumbers = NUMERIC_TABLE_NUMBERS, shape = textShape(text)): DensityReason | undefined {
  return numericTables(text, minNumbers, shape)[0]?.reason;
}

/** A data table needs this many data lines in a row (blank, comment and bracket-only lines neither count nor break). */
export const DATA_TABLE_LINES = 64;
/** At most this many other lines in a row inside a table. */
const DATA_TABLE_GAP = 2;
/** …holding at least this many literals. */
const DATA_TABLE_LITERALS = 160;

/** A `case 0x1F:` label (and what follows it on its line) is a branch of a switch: code, however many there are. */
const SWITCH_LABEL = /^(?:case\b[^:]*:|default\s*:)/;

/**
 * A statement that is one call (`defineMacro("\\bgroup", "{");`, `register("x", 1);`) is code however literal its
 * arguments: a hand-kept list of registrations, one call per line. A table's rows are items of one initializer, ending
 * in a comma; a generated lexer's `ADVANCE(5);` follows an `if`.
 */
const CALL_STATEMENT = /^(?!(?:if|for|while|switch|return|case|else|do)\b)[A-Za-z_$][\w$.]*\s*\(.*\);$/;

/**
 * Whether the text has numbers enough for a numeric table. A line's numbers each hold a digit run of their own, or
 * are a literal word; a line counts with three or more, so a line with fewer than three digit runs counts only
 * through its literal words, at most three numbers for each.
 */
function mayHoldNumericTable(text: string, shape: TextShape, minNumbers: number): boolean {
  return shape.digitRunsInNumberLines >= minNumbers || shape.digitRunsInNumberLines + 3 * countSubstrings(text, LITERAL_WORDS) >= minNumbers;
}

/** Whether the text has lines and literals enough for a data table (a literal: a number, a literal word or a string). */
function mayHoldDataTable(text: string, shape: TextShape): boolean {
  if (shape.lines < DATA_TABLE_LINES) return false;
  const enough = (words: number): boolean => shape.literalLines + words >= DATA_TABLE_LINES && shape.digitRuns + words + shape.quotes / 2 >= DATA_TABLE_LITERALS;
  return enough(0) || enough(countSubstrings(text, LITERAL_WORDS));
}

/** Data tables: long runs of lines each made of literals with at most one word more than literals; every one, in order. */
export function dataTables(text: string, shape = textShape(text)): TableRun[] {
  if (!mayHoldDataTable(text, shape)) return [];
  const lines = text.split('\n');
  const out: TableRun[] = [];
  let runStart = -1;
  let runLast = -1;
  let runLines = 0;
  let runLiterals = 0;
  let gap = 0;
  const flush = (): void => {
    if (runStart >= 0 && runLines >= DATA_TABLE_LINES && runLiterals >= DATA_TABLE_LITERALS) {
      const reason: DensityReason = { code: 'data-table', message: `Data table: ${runLiterals} literals over ${runLast + 1 - runStart} lines.`, line: runStart + 1 };
      out.push({ reason, first: runStart, last: runLast });
    }
    runStart = -1;
    gap = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || COMMENT_LINE.test(line) || /^[\s{}[\](),;]*$/.test(t)) continue;
    const { numbers, strings, words } = mayHoldNumbers(t, 1) || hasQuote(t) ? countLine(t) : NOTHING;
    const literals = numbers + strings;
    if (!SWITCH_LABEL.test(t) && !CALL_STATEMENT.test(t) && literals >= 1 && words <= literals + 1 && words <= 3) {
      if (runStart < 0) {
        runStart = i;
        runLines = 0;
        runLiterals = 0;
      }
      runLast = i;
      runLines++;
      runLiterals += literals;
      gap = 0;
    } else if (runStart >= 0 && ++gap <= DATA_TABLE_GAP) {
      // Generated tables interleave a line or two of calls (`ACCEPT_TOKEN(x);`, `END_STATE();`) with their rows.
      continue;
    } else flush();
  }
  flush();
  return out;
}

/** The first data table in a text. */
export function detectDataTable(text: string, shape = textShape(text)): DensityReason | undefined {
  return dataTables(text, shape)[0]?.reason;
}

/**
 * The share of a file's non-blank lines inside its tables, and the largest table: a file that is mostly tables is a
 * data file, one region, however its units cut it (a JSON array with one unit per row, a parser's tables split
 * among its declarations).
 */
export function tableShare(text: string): { share: number; largest?: TableRun } {
  const shape = textShape(text);
  const runs = [...numericTables(text, NUMERIC_TABLE_NUMBERS, shape), ...dataTables(text, shape)];
  if (runs.length === 0) return { share: 0 };
  const lines = text.split('\n');
  const covered = new Uint8Array(lines.length);
  let largest: TableRun | undefined;
  for (const r of runs) {
    covered.fill(1, r.first, r.last + 1);
    if (!largest || r.last - r.first > largest.last - largest.first) largest = r;
  }
  let inTables = 0;
  let nonBlank = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    nonBlank++;
    if (covered[i]) inTables++;
  });
  return { share: nonBlank > 0 ? inTables / nonBlank : 0, ...(largest ? { largest } : {}) };
}
