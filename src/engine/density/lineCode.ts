/**
 * The code of one line outside its literals and comments: how much of a long line is code at all. A hand-written
 * line can be long because it holds one long literal (a regular expression listing a language's keywords, a string
 * of escapes); that is data for the blob detectors, not minified code. The scan is deliberately rough (no multi-line
 * state, regular expressions recognised by the character before the slash) and linear in the line's length.
 */

/** After one of these (or at the line's start) a slash opens a regular expression rather than dividing. */
const REGEX_BEFORE = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';']);

export interface LineCode {
  /** Characters of the line outside string and regular-expression literals and comments (a literal counts as one). */
  readonly chars: number;
  /** Spaces and tabs among them. */
  readonly whitespace: number;
  /** Mean length of the identifiers among them (0 when there are none). */
  readonly meanIdentifier: number;
}

/** A line inside a block comment (` * …`, `* …`): prose or a quoted pattern, never code. */
const COMMENT_CONTINUATION = /^\s*\*(?:\s|$)/;
const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/** Index just past a quoted string starting at `start` (or the line's end when it is not closed there). */
function endOfString(line: string, start: number): number {
  const quote = line[start];
  let i = start + 1;
  while (i < line.length && line[i] !== quote) i += line[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Index just past a regular-expression literal (and its flags) starting at `start`. */
function endOfRegex(line: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') i += 2;
    else if (c === '/' && !inClass) break;
    else {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      i++;
    }
  }
  i++;
  while (i < line.length && /[a-z]/.test(line[i] ?? '')) i++;
  return i;
}

export function lineCode(line: string): LineCode {
  if (COMMENT_CONTINUATION.test(line)) return { chars: 0, whitespace: 0, meanIdentifier: 0 };
  let code = '';
  let chars = 0;
  let whitespace = 0;
  let previous = ''; // the last character of code that is not whitespace
  for (let i = 0; i < line.length; ) {
    const c = line[i] as string;
    if (c === '"' || c === "'" || c === '`') {
      i = endOfString(line, i);
      chars++;
      code += ' ';
      previous = '"';
      continue;
    }
    if (c === '/') {
      const next = line[i + 1];
      if (next === '/') break; // a line comment ends the code
      if (next === '*') {
        const end = line.indexOf('*/', i + 2);
        i = end < 0 ? line.length : end + 2;
        continue;
      }
      if (previous === '' || REGEX_BEFORE.has(previous)) {
        i = endOfRegex(line, i);
        chars++;
        code += ' ';
        previous = '"';
        continue;
      }
    }
    chars++;
    code += c;
    if (c === ' ' || c === '\t') whitespace++;
    else previous = c;
    i++;
  }
  const identifiers = code.match(IDENTIFIER) ?? [];
  const meanIdentifier = identifiers.length > 0 ? identifiers.reduce((n, w) => n + w.length, 0) / identifiers.length : 0;
  return { chars, whitespace, meanIdentifier };
}
