/**
 * Text in a script other than Latin, spelled as `\uXXXX` escapes so the source stays ASCII (a translation's labels:
 * `'author': '\u05de\u05d7\u05d1\u05e8'`). Its escapes decode to letters in words of varying length; a mapping
 * string's decode to control characters, symbols, or rows of letters cut to one fixed length (8 or 16 a string).
 */

/** Adjacent `\uXXXX` / `\xNN` escapes: one word when they decode to letters. */
const ESCAPE_RUN = /(?:\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2})+/g;
const LETTERS = /^[\p{L}\p{M}]+$/u;
/** At least this many words… */
const MIN_WORDS = 8;
/** …holding this share of the escapes… */
const WORDS_SHARE = 0.8;
/** …and no one length shared by this share of them (rows of a table are cut to one length). */
const ONE_LENGTH_SHARE = 0.5;

/** Whether the escapes in these lines spell words (text), not a table of code points. */
export function escapesSpellWords(lines: readonly string[]): boolean {
  const lengths = new Map<number, number>();
  let escapes = 0;
  let inWords = 0;
  let words = 0;
  for (const line of lines) {
    for (const m of line.matchAll(ESCAPE_RUN)) {
      const codes = m[0]
        .split('\\')
        .slice(1)
        .map((e) => parseInt(e.slice(1), 16));
      escapes += codes.length;
      // Joined one by one: spreading a run of 100k escapes into one call would overflow the stack.
      if (!LETTERS.test(codes.map((c) => String.fromCharCode(c)).join(''))) continue;
      words++;
      inWords += codes.length;
      lengths.set(codes.length, (lengths.get(codes.length) ?? 0) + 1);
    }
  }
  const commonest = Math.max(0, ...lengths.values());
  return words >= MIN_WORDS && inWords >= WORDS_SHARE * escapes && commonest < ONE_LENGTH_SHARE * words;
}
