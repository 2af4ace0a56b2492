/**
 * Glob patterns with git's wildmatch semantics (the matcher behind .gitignore), matched in time linear in the
 * path for a given pattern. The `ignore` package compiles globs to backtracking regular expressions, and
 * `*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b` against a name of 34 `a`s never finished; here a pattern is a small
 * automaton simulated on a set of states (Thompson's construction), so a path of n characters costs at most
 * n × (pattern length) steps whatever the pattern.
 */

/** One step of a compiled pattern. */
type Token =
  | { readonly kind: 'char'; readonly test: (c: number) => boolean }
  /** `*`: any run of characters but `/`. */
  | { readonly kind: 'star' }
  /** `**` at the end after a `/` (or alone): any run of characters, `/` included. */
  | { readonly kind: 'any' }
  /**
   * `**​/` at the start or `/**​/` inside: nothing, or any run of characters ending with `/` (whole folders). Always
   * followed by its `dirsLoop`: from here the pattern goes on either past the loop (no folder) or into it.
   */
  | { readonly kind: 'dirs' }
  /** Inside the folders of a `dirs`: any character stays, and a `/` may also leave. */
  | { readonly kind: 'dirsLoop' };

export class InvalidGlobError extends Error {}

const SLASH = 0x2f;
const BACKSLASH = 0x5c;

/** POSIX classes inside brackets, in git's ASCII-only sense. */
const POSIX_CLASSES: Record<string, (c: number) => boolean> = {
  alnum: (c) => isAlpha(c) || isDigit(c),
  alpha: (c) => isAlpha(c),
  blank: (c) => c === 0x20 || c === 0x09,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  digit: (c) => isDigit(c),
  graph: (c) => c > 0x20 && c < 0x7f,
  lower: (c) => c >= 0x61 && c <= 0x7a,
  print: (c) => c >= 0x20 && c < 0x7f,
  punct: (c) => c > 0x20 && c < 0x7f && !isAlpha(c) && !isDigit(c),
  space: (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d),
  upper: (c) => c >= 0x41 && c <= 0x5a,
  xdigit: (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
};

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Parses `[...]` starting after the `[` at `p[start]`; returns the test and the index after the `]`. */
function parseClass(p: readonly number[], start: number): { test: (c: number) => boolean; end: number } {
  let i = start;
  const negated = p[i] === 0x21 /* ! */ || p[i] === 0x5e; /* ^ */
  if (negated) i++;
  const tests: ((c: number) => boolean)[] = [];
  let first = true;
  for (;;) {
    if (i >= p.length) throw new InvalidGlobError('an unclosed [ bracket');
    let c = p[i] as number;
    if (c === 0x5d /* ] */ && !first) break;
    first = false;
    if (c === 0x5b /* [ */ && p[i + 1] === 0x3a /* : */) {
      const close = findClassNameEnd(p, i + 2);
      if (close >= 0) {
        const name = String.fromCodePoint(...p.slice(i + 2, close));
        const test = POSIX_CLASSES[name];
        if (!test) throw new InvalidGlobError(`an unknown character class [:${name}:]`);
        tests.push(test);
        i = close + 2;
        continue;
      }
    }
    if (c === BACKSLASH) {
      i++;
      if (i >= p.length) throw new InvalidGlobError('an unclosed [ bracket');
      c = p[i] as number;
    }
    i++;
    if (p[i] === 0x2d /* - */ && i + 1 < p.length && p[i + 1] !== 0x5d) {
      let hi = p[i + 1] as number;
      i += 2;
      if (hi === BACKSLASH) {
        if (i >= p.length) throw new InvalidGlobError('an unclosed [ bracket');
        hi = p[i] as number;
        i++;
      }
      const lo = c;
      tests.push((t) => t >= lo && t <= hi);
    } else {
      const only = c;
      tests.push((t) => t === only);
    }
  }
  // A bracket expression never matches `/`, as in git's wildmatch with WM_PATHNAME.
  const test = (c: number): boolean => c !== SLASH && tests.some((t) => t(c)) !== negated;
  return { test, end: i + 1 };
}

/** The index of the `:` of `:]` closing a POSIX class name that starts at `from`, or -1. */
function findClassNameEnd(p: readonly number[], from: number): number {
  for (let i = from; i + 1 < p.length; i++) {
    if (p[i] === 0x3a && p[i + 1] === 0x5d) return i;
    if (p[i] === 0x5d) return -1;
  }
  return -1;
}

/** Compiles a wildmatch pattern (no leading `!`, no trailing `/`: the gitignore layer strips those). */
export function compileGlob(pattern: string): readonly Token[] {
  const p = Array.from(pattern, (ch) => ch.codePointAt(0) as number);
  const tokens: Token[] = [];
  for (let i = 0; i < p.length; ) {
    const c = p[i] as number;
    if (c === 0x2a /* * */) {
      let j = i;
      while (p[j] === 0x2a) j++;
      const run = j - i;
      const atSegmentStart = i === 0 || p[i - 1] === SLASH;
      if (run >= 2 && atSegmentStart && j === p.length) {
        tokens.push({ kind: 'any' });
      } else if (run >= 2 && atSegmentStart && p[j] === SLASH) {
        tokens.push({ kind: 'dirs' }, { kind: 'dirsLoop' });
        j++; // the `/` is part of what `dirs` consumes
      } else if (tokens[tokens.length - 1]?.kind !== 'star') {
        tokens.push({ kind: 'star' });
      }
      i = j;
    } else if (c === 0x3f /* ? */) {
      tokens.push({ kind: 'char', test: (t) => t !== SLASH });
      i++;
    } else if (c === 0x5b /* [ */) {
      const { test, end } = parseClass(p, i + 1);
      tokens.push({ kind: 'char', test });
      i = end;
    } else {
      let lit = c;
      if (c === BACKSLASH) {
        if (i + 1 >= p.length) throw new InvalidGlobError('a trailing backslash');
        lit = p[i + 1] as number;
        i++;
      }
      const only = lit;
      tokens.push({ kind: 'char', test: (t) => t === only });
      i++;
    }
  }
  return tokens;
}

/**
 * Whether `text` matches the compiled pattern as a whole. The active states are kept as a list plus a
 * membership array stamped with the step number, so each step costs the number of active states.
 */
export function matchGlob(tokens: readonly Token[], text: string): boolean {
  const n = tokens.length;
  let current: number[] = [];
  let nextStates: number[] = [];
  const stamp = new Int32Array(n + 1).fill(-1);
  let step = 0;
  /** Adds state s and what it reaches by matching nothing (a star or `dirs` may match the empty string). */
  const add = (list: number[], s: number): void => {
    for (let k = s; k <= n; k++) {
      if (stamp[k] === step) return;
      stamp[k] = step;
      list.push(k);
      const kind = tokens[k]?.kind;
      if (kind === 'dirs') {
        add(list, k + 1); // into the folders
        add(list, k + 2); // or none
        return;
      }
      if (kind !== 'star' && kind !== 'any') return;
    }
  };
  add(current, 0);
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    step++;
    nextStates.length = 0;
    for (const s of current) {
      const tok = tokens[s];
      if (!tok) continue;
      switch (tok.kind) {
        case 'char':
          if (tok.test(c)) add(nextStates, s + 1);
          break;
        case 'star':
          if (c !== SLASH) add(nextStates, s);
          break;
        case 'any':
          add(nextStates, s);
          break;
        case 'dirs':
          break; // matches nothing itself: its closure already entered the loop or skipped it
        case 'dirsLoop':
          add(nextStates, s);
          if (c === SLASH) add(nextStates, s + 1);
          break;
      }
    }
    if (nextStates.length === 0) return false;
    [current, nextStates] = [nextStates, current];
  }
  return current.includes(n);
}
