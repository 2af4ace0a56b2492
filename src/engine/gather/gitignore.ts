import { compileGlob, InvalidGlobError, matchGlob } from './glob';

/**
 * Lines longer than this are skipped with a report: no path on a real file system is that long, and a pattern's
 * cost grows with its length.
 */
export const MAX_PATTERN_CHARS = 4096;

/** One parsed line of a .gitignore (or one exclude glob). */
interface Rule {
  readonly tokens: ReturnType<typeof compileGlob>;
  readonly negated: boolean;
  readonly dirOnly: boolean;
  /** Matched against the whole path relative to the file's folder; otherwise against the last name only. */
  readonly anchored: boolean;
}

/** A line that cannot be a pattern; git skips such lines silently, this says which and why. */
export interface SkippedLine {
  readonly line: number;
  readonly reason: string;
}

/**
 * Removes trailing spaces unless backslash-escaped, as git does (tabs stay). Runs over the line once, so a
 * line of many spaces costs its length.
 */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  let keep = 0; // the end of the line after its last character that is not an unescaped trailing space
  for (let i = 0; i < end; i++) {
    if (line[i] === '\\') {
      i++;
      keep = Math.min(i + 1, end);
    } else if (line[i] !== ' ') {
      keep = i + 1;
    }
  }
  end = keep;
  return line.slice(0, end);
}

function parseRule(raw: string): Rule | undefined {
  let text = trimTrailingSpaces(raw);
  if (text === '' || text.startsWith('#')) return undefined;
  const negated = text.startsWith('!');
  if (negated) text = text.slice(1);
  const dirOnly = text.endsWith('/');
  if (dirOnly) text = text.slice(0, -1);
  if (text === '') return undefined;
  const anchored = text.includes('/');
  if (text.startsWith('/')) text = text.slice(1);
  return { tokens: compileGlob(text), negated, dirOnly, anchored };
}

/**
 * The rules of one .gitignore file (or of a list of exclude globs), for paths relative to its folder. The last
 * matching rule decides, as in git; `undefined` means no rule matched, so that a caller can consult the rules of
 * the folders above.
 */
export class IgnoreRules {
  private readonly rules: Rule[] = [];
  readonly skipped: SkippedLine[] = [];

  constructor(lines: readonly string[]) {
    lines.forEach((raw, i) => {
      if (raw.length > MAX_PATTERN_CHARS) {
        this.skipped.push({ line: i + 1, reason: `longer than ${MAX_PATTERN_CHARS} characters` });
        return;
      }
      try {
        const rule = parseRule(raw);
        if (rule) this.rules.push(rule);
      } catch (err) {
        if (!(err instanceof InvalidGlobError)) throw err;
        this.skipped.push({ line: i + 1, reason: `not a valid pattern (${err.message})` });
      }
    });
  }

  /** Parses a .gitignore's text: a UTF-8 byte-order mark is skipped and lines end at `\n` or `\r\n`, as git reads it. */
  static fromText(text: string): IgnoreRules {
    return new IgnoreRules((text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/));
  }

  get size(): number {
    return this.rules.length;
  }

  /** `true` ignored, `false` re-included by a `!` rule, `undefined` when no rule speaks about the path. */
  decide(relativePosixPath: string, isDir: boolean): boolean | undefined {
    const slash = relativePosixPath.lastIndexOf('/');
    const name = slash >= 0 ? relativePosixPath.slice(slash + 1) : relativePosixPath;
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i] as Rule;
      if (rule.dirOnly && !isDir) continue;
      if (matchGlob(rule.tokens, rule.anchored ? relativePosixPath : name)) return !rule.negated;
    }
    return undefined;
  }
}

/**
 * A predicate over paths relative to the workspace (or CLI) root, POSIX separators: `true` when the path is
 * excluded by the globs. The globs are gitignore lines (`*.min.js`, `dist/`, `/build`, `**​/gen/**`, `!keep.ts`);
 * a path is excluded when it or one of its folders is, so `dist/` excludes every file below `dist`.
 */
export function excludeFilter(globs: readonly string[]): (relativePosixPath: string) => boolean {
  const rules = new IgnoreRules(globs);
  if (rules.size === 0) return () => false;
  return (relativePosixPath) => {
    const parts = relativePosixPath.split('/').filter((p) => p !== '' && p !== '.');
    for (let i = 1; i < parts.length; i++) {
      if (rules.decide(parts.slice(0, i).join('/'), true) === true) return true;
    }
    return rules.decide(parts.join('/'), false) === true;
  };
}
