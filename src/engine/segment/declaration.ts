import type { LineRange, UnitKind } from '../types';

/** Kinds that declare a name something else can refer to. */
const DECLARING: ReadonlySet<UnitKind> = new Set(['function', 'method', 'class', 'type', 'other']);

/** A declaration's parameter list rarely spans more lines than this; beyond it the mention is a body. */
const MAX_DECLARATION_LINES = 6;

/**
 * Comment, doc and decorator/attribute lines: above a declaration, but not the declaration itself. A `#` line is a
 * comment (Python) or an attribute (Rust `#[…]`), but `#define` declares a macro.
 */
const LEADING_LINE = /^\s*(\/\/|\/\*|\*|#(?!\s*define\b)|"""|'''|@)/;

/**
 * The identifier a unit is referred to by: the last one of a qualified or generic name once its template or type
 * arguments are left out (`ns::Foo<T>` → Foo, a C++ method defined outside its class `lexer<T>::get_token` →
 * get_token, not lexer).
 */
export function referenceKey(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const bare = withoutTypeArguments(name);
  if (bare.includes(' ')) return undefined; // `Trait for Type`: restates, declares nothing
  return bare.match(/[A-Za-z_$][A-Za-z0-9_$]*/g)?.pop();
}

/** The name with each balanced `<…>` taken out, innermost first; an unbalanced `<` (`operator<`) stays. */
function withoutTypeArguments(name: string): string {
  let out = name;
  for (let before = ''; before !== out && out.includes('<'); ) {
    before = out;
    out = out.replace(/<[^<>]*>/g, '');
  }
  return out;
}

/** `[A-Za-z0-9_$]`: a character that continues an identifier. */
function isIdentifierCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/**
 * Whether `line` holds `key` as a whole identifier, not inside a longer one. By hand rather than with a regular
 * expression made for each unit: compiling 44k of them cost ~0.7 s of a 17 MB tree's cold run.
 */
export function namesWhole(line: string, key: string): boolean {
  for (let at = line.indexOf(key); at >= 0; at = line.indexOf(key, at + 1)) {
    // charCodeAt outside the line is NaN: no identifier character there.
    if (!isIdentifierCode(line.charCodeAt(at - 1)) && !isIdentifierCode(line.charCodeAt(at + key.length))) return true;
  }
  return false;
}

/**
 * The declaration line(s) of a named unit spanning `lines` (1-based `startLine`): the first line that is not
 * a comment, doc or decorator and names the unit, continued while its parentheses/brackets are open.
 * Undefined when the unit has nothing besides it (then a mention is the unit itself).
 */
export function declarationOf(kind: UnitKind, name: string | undefined, lines: readonly string[], startLine: number): LineRange | undefined {
  const key = referenceKey(name);
  if (!DECLARING.has(kind) || key === undefined) return undefined;
  let at = lines.findIndex((l) => namesWhole(l, key) && !LEADING_LINE.test(l));
  if (at < 0) at = lines.findIndex((l) => !LEADING_LINE.test(l) && l.trim().length > 0);
  if (at < 0) return undefined;
  let end = at;
  let depth = 0;
  for (let i = at; i < lines.length && i - at < MAX_DECLARATION_LINES; i++) {
    end = i;
    for (const ch of (lines[i] ?? '').replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '')) {
      if (ch === '(' || ch === '[') depth++;
      else if (ch === ')' || ch === ']') depth--;
    }
    if (depth <= 0) break;
  }
  const rest = lines.some((l, i) => (i < at || i > end) && l.trim().length > 0);
  return rest ? { startLine: startLine + at, endLine: startLine + end } : undefined;
}
