/** Elements of an array written per piece: few writes, none of them large (a slot's JSON is ~450 characters). */
const BATCH = 512;

/** `JSON.stringify(value, null, 2)` of a value that sits one level in (its lines after the first indented so). */
function nested(value: unknown): string {
  // A string in JSON never holds a raw line break: every one is the layout's, and moves in with the value.
  return (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', '\n  ');
}

/**
 * `JSON.stringify(object, null, 2)` in pieces, the same characters in the same order, with each array among the
 * object's own values written a batch of elements at a time: the JSON of a large result (a slot per unit, 44k of
 * them for a 17 MB tree: a 20 MB string) is never held whole, and a writer can wait for each piece to drain.
 */
export function* prettyJsonPieces(object: Readonly<Record<string, unknown>>): Generator<string> {
  // The keys JSON.stringify writes: undefined, functions and symbols are left out.
  const entries = Object.entries(object).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  let head = '{\n';
  for (const [i, [key, value]] of entries.entries()) {
    head += `  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      yield `${head}[\n`;
      for (let k = 0; k < value.length; k += BATCH) {
        // A batch as JSON.stringify lays out an array ("[\n  a,\n  b\n]"): its elements, moved one level in.
        const batch = JSON.stringify(value.slice(k, k + BATCH), null, 2);
        const more = k + BATCH < value.length ? ',\n' : '\n';
        yield `  ${batch.slice(2, -2).replaceAll('\n', '\n  ')}${more}`;
      }
      head = '  ]';
    } else head += nested(value);
    head += i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${head}}`;
}
