/** A line holding nothing but an upper-case identifier with `_`: a macro invocation such as `ABSL_NAMESPACE_BEGIN`. */
const BARE_MACRO = /^[ \t]*[A-Z][A-Z0-9]*_[A-Z0-9_]*[ \t]*\r?$/;
/** A macro call alone on its line (`JSON_HEDLEY_NON_NULL(2)`, `ABSL_DEPRECATED("use y")`): an attribute. */
const MACRO_CALL = /^[ \t]*[A-Z][A-Z0-9]*_[A-Z0-9_]*[ \t]*\(.*\)[ \t]*\r?$/;
/** Lines that continue a statement rather than start a declaration: a macro call above them is code. */
const STATEMENT = /^[ \t]*([{};)]|(if|else|for|while|do|switch|case|default|return|break|continue|goto)\b)/;
/** An access specifier spelled by a macro (`JSON_PRIVATE_UNLESS_TESTED:`). */
const MACRO_LABEL = /^[ \t]*[A-Z][A-Z0-9]*_[A-Z0-9_]*[ \t]*:[ \t]*\r?$/;
/** What a declaration starts with: a macro line just above one stands for a prefix the grammar cannot expand. */
const STARTS_DECLARATION = /^[ \t]*(namespace|class|struct|union|enum|template|typedef|using|inline|static|extern|constexpr|const|void|friend)\b/;
const CLOSES_BLOCK = /^[ \t]*}/;

/**
 * C and C++ headers often put macros where the grammar expects syntax: namespaces opened and closed by macros
 * (`NLOHMANN_JSON_NAMESPACE_BEGIN` above `namespace detail {`, `..._END` after its `}`), template heads
 * (`NLOHMANN_BASIC_JSON_TPL_DECLARATION` above `class basic_json`), access specifiers
 * (`JSON_PRIVATE_UNLESS_TESTED:`), attributes (`JSON_HEDLEY_NON_NULL(2)` above a function). Unable to expand
 * them, the grammar reads the macro and what follows as one function whose body runs to wherever it recovers,
 * so a whole header becomes one unit. Such lines are blanked for parsing, same length, so that every position
 * stays where it was: a bare upper-case identifier with `_` just above a declaration (or another such line) or
 * just below a `}`; one followed by a colon; a call of one alone on its line above anything but a statement.
 * Units still take their text from the original lines.
 */
export function maskMacroLines(text: string): string {
  const lines = text.split('\n');
  const code = codeLines(lines);
  /** Index of the nearest code line above (-1) or below (1), or -1. */
  const neighbour = (i: number, step: 1 | -1): number => {
    for (let k = i + step; k >= 0 && k < lines.length; k += step) if (code[k]) return k;
    return -1;
  };
  const masked = new Set<number>();
  // Bottom-up, so that a macro above a masked macro line sees the declaration below both.
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (MACRO_LABEL.test(line)) masked.add(i);
    else if (MACRO_CALL.test(line)) {
      const below = neighbour(i, 1);
      if (below >= 0 && !STATEMENT.test(lines[below] ?? '')) masked.add(i);
    } else if (BARE_MACRO.test(line)) {
      const below = neighbour(i, 1);
      const above = neighbour(i, -1);
      if (STARTS_DECLARATION.test(lines[below] ?? '') || masked.has(below) || CLOSES_BLOCK.test(lines[above] ?? '')) masked.add(i);
    }
  }
  if (masked.size === 0) return text;
  return lines.map((line, i) => (masked.has(i) ? line.replace(/[^\r]/g, ' ') : line)).join('\n');
}

/** Which lines hold code: not blank, not a comment line, not inside a block comment. */
function codeLines(lines: readonly string[]): boolean[] {
  let inBlock = false;
  return lines.map((line) => {
    const t = line.trim();
    if (inBlock) {
      if (t.includes('*/')) inBlock = false;
      return false;
    }
    if (t === '' || t.startsWith('//')) return false;
    if (t.startsWith('/*')) {
      inBlock = !t.includes('*/', 2);
      return false;
    }
    return true;
  });
}
