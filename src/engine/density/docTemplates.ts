/**
 * Declarations written by a program from a schema (typings for protocol buffers, API clients): the generator writes
 * one doc comment per declaration from a fixed sentence with the declaration's names filled in ("Constructs a new
 * Secret.", "Creates a new Secret instance using the specified properties.", "Encodes the specified Secret message.").
 * With the code's names taken out, a few sentences then account for thousands of doc comments. Hand-written
 * documentation varies: even where it is copied from declaration to declaration (a method documented alike on every
 * typed array, "Test if a node is a `X`" on each type guard) a file's comments say many different things.
 */
import type { DensityReason } from './reasons';

/** A block doc comment; `/***\/` rulers (a bundler's) hold no words and are left out below. */
const IDENTIFIER = /[A-Za-z_$][\w$]*/g;
const WORD_OR_TAG = /@\w+|[A-Za-z_$][\w$]*/g;
/** A file needs this many doc comments with words of their own… */
const MIN_DOCS = 200;
/** …and at most this many distinct sentences per doc comment, once the code's names are taken out. */
const MAX_DISTINCT_SHARE = 0.1;

/** A doc comment's sentence: its text with each of the code's names as `_`, and its two or more words of its own. */
function template(body: string, names: ReadonlySet<string>): string | undefined {
  let own = 0;
  const text = body
    .replace(/^\s*\*\s?/gm, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(WORD_OR_TAG, (w) => {
      // A tag (`@param`) is the template's frame, not its words.
      if (w.startsWith('@')) return w;
      if (names.has(w)) return '_';
      if (w.length >= 2 && /^[A-Za-z]/.test(w)) own++;
      return w;
    });
  return own >= 2 ? text : undefined;
}

/** Many doc comments that are a few fixed sentences with names filled in: a generator's declarations. */
export function detectDocTemplates(text: string): DensityReason | undefined {
  let count = 0;
  for (let i = text.indexOf('/**'); i >= 0 && count < MIN_DOCS; i = text.indexOf('/**', i + 3)) count++;
  if (count < MIN_DOCS) return undefined;
  const names = new Set(withoutComments(text).match(IDENTIFIER) ?? []);
  const templates = new Map<string, { n: number; index: number }>();
  let docs = 0;
  for (const m of docComments(text)) {
    const t = template(m.body, names);
    if (t === undefined) continue;
    docs++;
    const seen = templates.get(t);
    if (seen) seen.n++;
    else templates.set(t, { n: 1, index: m.index });
  }
  if (docs < MIN_DOCS || templates.size > MAX_DISTINCT_SHARE * docs) return undefined;
  let top: [string, { n: number; index: number }] | undefined;
  for (const e of templates) if (!top || e[1].n > top[1].n) top = e;
  const [sentence, { n, index }] = top!;
  const quote = sentence.length > 60 ? `${sentence.slice(0, 57)}…` : sentence;
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return {
    code: 'generated',
    message: `Generated declarations: ${docs} doc comments follow ${templates.size} sentences with names filled in, one ${n} times (“${quote}”).`,
    line,
  };
}

/**
 * The text with its comments replaced by a space, found by scanning rather than by a lazy regex: a comment that never
 * closes made such a regex scan to the end of the file from every `/*` after it (quadratic on a hostile file). A `/*`
 * with no `*\/` after it is no comment, as for the regex.
 */
function withoutComments(text: string): string {
  const lastClose = text.lastIndexOf('*/');
  const parts: string[] = [];
  let from = 0;
  let i = text.indexOf('/');
  while (i >= 0 && i < text.length - 1) {
    const next = text[i + 1];
    let end = -1;
    if (next === '*' && lastClose >= i + 2) end = text.indexOf('*/', i + 2) + 2;
    else if (next === '/') {
      const nl = text.indexOf('\n', i);
      end = nl < 0 ? text.length : nl;
    }
    if (end < 0) {
      i = text.indexOf('/', i + 1);
      continue;
    }
    parts.push(text.slice(from, i), ' ');
    from = end;
    i = text.indexOf('/', end);
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** Each `/** … *\/` comment's body and where it starts, in one pass (an unclosed one ends the search). */
function* docComments(text: string): Generator<{ readonly body: string; readonly index: number }> {
  const lastClose = text.lastIndexOf('*/');
  for (let i = text.indexOf('/**'); i >= 0; ) {
    if (text[i + 3] === '/') {
      i = text.indexOf('/**', i + 1); // `/**/` is an empty plain comment
      continue;
    }
    if (lastClose < i + 3) return;
    const end = text.indexOf('*/', i + 3);
    yield { body: text.slice(i + 3, end), index: i };
    i = text.indexOf('/**', end + 2);
  }
}
