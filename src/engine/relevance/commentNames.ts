import { identifierWords } from '../plan/relevance';
import { referenceKey } from '../segment/declaration';
import { isStopWord, stem } from './prose';
import type { WeightedQuery } from './query';

export interface CommentNamesOptions {
  /** Weight a definition whose name the comments spell gets, as a share of those words' weight. */
  readonly share?: number;
  /** Names of fewer sub-words than this are not matched (a one-word name like `next` is in every comment). */
  readonly minWords?: number;
}

const SHARE = 1;
const MIN_WORDS = 2;

/**
 * The prose of one line of code: what its comments and string literals say. `#` is a comment only when followed
 * by a space (Python, shell), so that `#include`, `#define` and Rust's `#[…]` stay code.
 */
const PROSE = /\/\/(.*)$|\/\*(.*?)(?:\*\/|$)|^\s*\*(?!\/)(.*)$|#\s(.*)$|"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|`((?:\\.|[^`\\])*)`/g;

export function proseOfLine(line: string): string {
  const parts: string[] = [];
  for (const m of line.matchAll(PROSE)) parts.push(m.slice(1).find((g) => g !== undefined) ?? '');
  return parts.join(' ');
}

/** A word as both sides are matched: lower case, English endings off. */
function key(word: string): string {
  return stem(word.toLowerCase());
}

/**
 * The query's identifiers with the definitions its comments and strings spell out: a doc comment above the cursor
 * saying "flush the write buffer" points at a `flushWriteBuffer` or a `write_buffer` the code has not named yet.
 * A definition's name is split into sub-words; when every one of them (MIN_WORDS at least, stop words aside) is
 * among the comment words, the name joins the query with `share` of its words' mean weight (each line's words
 * weighted by nearness to the cursor, as lexical relevance weighs them).
 */
export function withCommentNames(definedNames: Iterable<string | undefined>, from: WeightedQuery, into: WeightedQuery = from, options: CommentNamesOptions = {}): WeightedQuery {
  const share = options.share ?? SHARE;
  const minWords = options.minWords ?? MIN_WORDS;
  if (share <= 0) return into;
  const said = new Map<string, number>();
  from.lines.forEach((line, i) => {
    const w = from.lineWeights[i] ?? 0;
    if (w <= 0) return;
    const prose = proseOfLine(line);
    if (prose === '') return;
    // Words of prose are often bare (`buffer`), or written as code inside the comment (`writeBuffer`): split alike.
    for (const word of identifierWords(prose)) if (!isStopWord(word)) said.set(key(word), (said.get(key(word)) ?? 0) + w);
  });
  if (said.size === 0) return into;
  let identifiers: Map<string, number> | undefined;
  const seen = new Set<string>();
  for (const full of definedNames) {
    const name = referenceKey(full);
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    const parts = identifierWords(name).filter((p) => !isStopWord(p));
    if (parts.length < minWords) continue;
    let total = 0;
    for (const p of parts) {
      const w = said.get(key(p));
      if (w === undefined) {
        total = -1;
        break;
      }
      total += w;
    }
    if (total <= 0) continue;
    identifiers ??= new Map(into.identifiers);
    identifiers.set(name, (identifiers.get(name) ?? 0) + (share * total) / parts.length);
  }
  return identifiers ? { ...into, identifiers } : into;
}
