/**
 * Tables: long runs of lines that hold data rather than code. A numeric table (many numbers, few words) is found in
 * any run of such lines; a data table (lines of literals with at most a word or two each: `'viridis': [0.26, …],`,
 * `[sym_identifier] = ACTIONS(5),`, `0x1F600: 'grinning',`) only when the run is long, because a few such lines
 * (constants, a small lookup) are ordinary code.
 */
import type { DensityReason } from './reasons';

const NUMBER = /(?<![\w.])[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)[uUlLfFdD]*(?![\w.])/g;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;
const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
const LITERAL_WORD = /^(?:true|false|null|nil|None|True|False|undefined|NULL)$/;
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
const WORDS_STRING = /^["'`][\p{L}_][\p{L}\p{N}_ .,:;!?()/-]*["'`]$/u;
/** …except a run of letters without spaces longer than this: a row of a character mapping (`"丂丄丅丆丏丒…"`). */
const LONGEST_WORD = 48;

function isWordsString(s: string): boolean {
  return WORDS_STRING.test(s) && s.slice(1, -1).split(' ').every((w) => w.length <= LONGEST_WORD || /^[A-Za-z0-9_]+$/.test(w));
}

function countLine(line: string): LineCounts {
  let strings = 0;
  let wordStrings = 0;
  const noStrings = line.replace(STRING, (s) => {
    if (isWordsString(s)) wordStrings++;
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

/** A numeric table: many numbers, few identifiers, over a run of consecutive lines. */
export function detectNumericTable(text: string, minNumbers = NUMERIC_TABLE_NUMBERS): DensityReason | undefined {
  const lines = text.split('\n');
  let runStart = -1;
  let runNumbers = 0;
  let runWords = 0;
  const flush = (end: number): DensityReason | undefined =>
    runStart >= 0 && runNumbers >= minNumbers && runNumbers >= 3 * runWords
      ? { code: 'numeric-table', message: `Numeric table: ${runNumbers} numbers over ${end - runStart} lines.`, line: runStart + 1 }
      : undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const { numbers, words } = countLine(line.replace(STRING, ' '));
    if (numbers >= 3 && numbers >= 2 * words) {
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

/** A data table needs this many data lines in a row (blank, comment and bracket-only lines neither count nor break). */
export const DATA_TABLE_LINES = 64;
/** At most this many other lines in a row inside a table. */
const DATA_TABLE_GAP = 2;
/** …holding at least this many literals. */
const DATA_TABLE_LITERALS = 160;

/** A `case 0x1F:` label (and what follows it on its line) is a branch of a switch: code, however many there are. */
const SWITCH_LABEL = /^(?:case\b[^:]*:|default\s*:)/;

/** A data table: a long run of lines each made of literals with at most one word more than literals. */
export function detectDataTable(text: string): DensityReason | undefined {
  const lines = text.split('\n');
  let runStart = -1;
  let runLines = 0;
  let runLiterals = 0;
  let gap = 0;
  const flush = (end: number): DensityReason | undefined =>
    runStart >= 0 && runLines >= DATA_TABLE_LINES && runLiterals >= DATA_TABLE_LITERALS
      ? { code: 'data-table', message: `Data table: ${runLiterals} literals over ${end - runStart} lines.`, line: runStart + 1 }
      : undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || COMMENT_LINE.test(line) || /^[\s{}[\](),;]*$/.test(t)) continue;
    const { numbers, strings, words } = countLine(t);
    const literals = numbers + strings;
    if (!SWITCH_LABEL.test(t) && literals >= 1 && words <= literals + 1 && words <= 3) {
      if (runStart < 0) {
        runStart = i;
        runLines = 0;
        runLiterals = 0;
      }
      runLines++;
      runLiterals += literals;
      gap = 0;
    } else if (runStart >= 0 && ++gap <= DATA_TABLE_GAP) {
      // Generated tables interleave a line or two of calls (`ACCEPT_TOKEN(x);`, `END_STATE();`) with their rows.
      continue;
    } else {
      const found = flush(i);
      if (found) return found;
      runStart = -1;
      gap = 0;
    }
  }
  return flush(lines.length);
}
