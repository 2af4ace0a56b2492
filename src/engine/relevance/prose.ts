/**
 * Queries in words (Ask: "where are retries scheduled after a failure?") rather than code at a cursor. Their words
 * are English: most of them (`the`, `of`, `when`) say nothing, and the rest are inflected (`retries`, `scheduled`)
 * where the code names a `retry` and a `schedule`.
 */

/** Characters of code that a question rarely holds. */
const CODE_PUNCTUATION = /[{};=<>[\]]/g;
/** A question holds at least this many words... */
const MIN_PROSE_WORDS = 4;
/** ...and code punctuation in at most this share of its characters. */
const MAX_CODE_SHARE = 0.02;

/** Whether a query reads as a question in words rather than as code. */
export function isProse(query: string | undefined): boolean {
  if (!query) return false;
  const words = query.match(/\b[A-Za-z]{2,}\b/g) ?? [];
  const code = query.match(CODE_PUNCTUATION)?.length ?? 0;
  return words.length >= MIN_PROSE_WORDS && code <= MAX_CODE_SHARE * query.length;
}

/** English words that carry no meaning on their own in a question about code. */
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by can could do does for from has have how if in into is it its may might ' +
    'must no not of on or should so than that the their them then there these this those to was were what when ' +
    'where which while who why will with would you your we our us one all any each such also only same other ' +
    'given whether used using use'
  ).split(' '),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * A word without its common English endings, so that `retries`, `retried` and `retrying` meet `retry`, and
 * `scheduled` meets `schedule`: plural and verb endings only, on words long enough to keep a stem.
 */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  // A final `e` goes too, so that `schedule` and `scheduled` meet at `schedul`.
  return withoutEnding(word).replace(/(?<=\w{3})e$/, '');
}

function withoutEnding(word: string): string {
  if (word.endsWith('ies') || word.endsWith('ied')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3).replace(/(.)\1$/, '$1');
  if (word.endsWith('ed')) return word.slice(0, -2).replace(/(.)\1$/, '$1');
  if (/(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
