/** Characters gathered before a piece is handed out: few writes, none of them large. */
const PIECE_CHARS = 64 * 1024;

/** `JSON.stringify(value, null, 2)` of a value that sits `depth` levels in (its lines after the first indented so). */
function nested(value: unknown, depth: number): string {
  const json = JSON.stringify(value, null, 2) ?? 'null';
  // A string in JSON never holds a raw line break: every one is the layout's, and moves in with the value.
  return depth === 0 ? json : json.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

/**
 * `JSON.stringify(object, null, 2)` in pieces, the same characters in the same order, with each array among the
 * object's own values written element by element: the JSON of a large result (a slot per unit, 44k of them for a
 * 17 MB tree: a 20 MB string) is never held whole, and a writer can wait for each piece to drain.
 */
export function* prettyJsonPieces(object: Readonly<Record<string, unknown>>): Generator<string> {
  let buffer = '';
  function* put(text: string): Generator<string> {
    buffer += text;
    if (buffer.length >= PIECE_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  // The keys JSON.stringify writes: undefined, functions and symbols are left out.
  const entries = Object.entries(object).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield* put('{\n');
  for (const [i, [key, value]] of entries.entries()) {
    yield* put(`  ${JSON.stringify(key)}: `);
    if (Array.isArray(value) && value.length > 0) {
      yield* put('[\n');
      for (let k = 0; k < value.length; k++) yield* put(`    ${nested(value[k], 2)}${k < value.length - 1 ? ',' : ''}\n`);
      yield* put('  ]');
    } else yield* put(nested(value, 1));
    yield* put(i < entries.length - 1 ? ',\n' : '\n');
  }
  buffer += '}';
  yield buffer;
}
