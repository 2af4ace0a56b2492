import type { CompressResult, Slot } from '../types';

/**
 * A result as the result cache stores it: the slots — one per unit of the input, 44k for 17 MB of code — as rows of
 * values, with each slot's keys (their order and which are present) and its path and uri given once in tables. As
 * plain objects the slots were ~350 bytes each (16 MB a result, written on every request; ~0.2 s each time);
 * as rows ~90. Unpacked, a result is the same to the byte when written as JSON: same keys, same order.
 */
export interface PackedResult {
  readonly result: Omit<CompressResult, 'slots'>;
  /** The result's own keys in their order (slots among them). */
  readonly keys: readonly string[];
  /** Distinct key lists of the slots, each in its order. */
  readonly shapes: readonly (readonly string[])[];
  /** Distinct paths and uris (the strings that repeat most). */
  readonly strings: readonly string[];
  /** One row per slot: its shape's index, then its values in the shape's order, paths and uris as string indexes. */
  readonly rows: readonly (readonly unknown[])[];
}

/** Keys whose values are looked up in the string table. */
const TABLED = new Set(['path', 'uri']);

export function packResult(result: CompressResult): PackedResult {
  const { slots, ...rest } = result;
  const shapeIds = new Map<string, number>();
  const shapes: string[][] = [];
  const stringIds = new Map<string, number>();
  const strings: string[] = [];
  const tabled = (s: string): number => {
    let id = stringIds.get(s);
    if (id === undefined) {
      id = strings.length;
      stringIds.set(s, id);
      strings.push(s);
    }
    return id;
  };
  const rows = slots.map((slot) => {
    const keys = Object.keys(slot);
    const signature = keys.join(',');
    let shape = shapeIds.get(signature);
    if (shape === undefined) {
      shape = shapes.length;
      shapeIds.set(signature, shape);
      shapes.push(keys);
    }
    const row: unknown[] = [shape];
    const values = slot as unknown as Record<string, unknown>;
    for (const k of keys) {
      const v = values[k];
      row.push(TABLED.has(k) && typeof v === 'string' ? tabled(v) : v);
    }
    return row;
  });
  return { result: rest, keys: Object.keys(result), shapes, strings, rows };
}

/** The result packResult was given; throws on a row that does not fit its tables (a damaged or foreign file). */
export function unpackResult(packed: PackedResult): CompressResult {
  const { shapes, strings, rows } = packed;
  if (![packed.keys, shapes, strings, rows].every((a) => Array.isArray(a))) throw new Error('not a packed result');
  const slots = rows.map((row) => {
    const keys = shapes[row[0] as number];
    if (!keys || keys.length !== row.length - 1) throw new Error('a slot does not fit its shape');
    const slot: Record<string, unknown> = {};
    keys.forEach((k, i) => {
      const v = row[i + 1];
      if (TABLED.has(k) && typeof v === 'number') {
        const s = strings[v];
        if (s === undefined) throw new Error('a slot names a string that is not stored');
        slot[k] = s;
      } else slot[k] = v;
    });
    return slot as unknown as Slot;
  });
  const rest = packed.result as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of packed.keys) out[k] = k === 'slots' ? slots : rest[k];
  return out as unknown as CompressResult;
}
