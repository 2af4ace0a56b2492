/**
 * JSON written by a program: a database dump, a descriptor, a client configuration, a word list. Such a file is made
 * of records — objects with the same keys, one per entry (`{"vuid": …, "text": …}` ten thousand times, `{"type": …,
 * "id": …}` per field of a message) — or of long lists of scalars, and little else. A hand-written JSON file (a
 * package manifest, a tsconfig, a linter's configuration) is a handful of differently shaped objects: its keys are a
 * schema's vocabulary, each used once. Size says nothing either way: a large package.json is still hand-written, and a
 * generated client configuration may be 4 KB.
 */
import type { DensityReason } from './reasons';

/** An object's key set must occur this many times in the file for the objects to count as records. */
const RECORD_REPEATS = 8;
/**
 * A list of this many scalars is data (a registry's names, a character table), not a setting; a hand-kept list (a
 * grammar's keywords, 65 bracket pairs in a language configuration) is shorter.
 */
const LONG_LIST = 256;
/** …and hold this many records at least, unless none of the records' values is a string with a space. */
const MANY_RECORDS = 256;
/** The file is data when records and lists hold this share of its values… */
const DATA_SHARE = 0.6;
/** …and at least this many of them (a few repeated objects, a contributor list, are not a database). */
const DATA_VALUES = 32;
/**
 * Records count in a file of this many characters or more: a page of JSON holding a few dozen small records (a list of
 * removed rules and their replacements) is read at a glance. A long list is data at any size.
 */
const RECORDS_MIN_CHARS = 4096;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isScalar = (v: Json): boolean => v === null || typeof v !== 'object';

/** The scalars an object holds itself: its own values, and those of arrays directly under it. */
function ownScalars(v: Json): number {
  if (!Array.isArray(v)) return isScalar(v) ? 1 : 0;
  // Arrays in arrays, however deep, without recursion (see walk).
  let n = 0;
  const arrays: Json[][] = [v];
  for (let a = arrays.pop(); a !== undefined; a = arrays.pop()) {
    for (const e of a) {
      if (Array.isArray(e)) arrays.push(e);
      else if (isScalar(e)) n++;
    }
  }
  return n;
}

/** Strings with a space among an object's own values: names and sentences a person wrote, not identifiers or codes. */
function spacedStrings(v: Json): number {
  if (Array.isArray(v)) return v.reduce<number>((n, e) => n + (typeof e === 'string' && /\s/.test(e) ? 1 : 0), 0);
  return typeof v === 'string' && /\s/.test(v) ? 1 : 0;
}

/** A package manifest (top-level `name` and `version`): package.json, composer.json, an extension's manifest — edited by hand, however long. */
function isManifest(v: Json): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.name === 'string' && typeof v.version === 'string';
}

interface Shape {
  values: number;
  listValues: number;
  /** Key set → [objects with it, the scalars they hold themselves, those that are strings with spaces]. */
  readonly keySets: Map<string, [number, number, number]>;
}

/**
 * Counts values, long lists and key sets over the whole document, with a stack of its own rather than recursion: a
 * hostile file nested 100,000 levels deep parses fine and must not overflow the call stack here.
 */
function walk(root: Json, shape: Shape): void {
  const stack: Json[] = [root];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (Array.isArray(v)) {
      const scalars = v.filter(isScalar).length;
      if (v.length >= LONG_LIST && scalars === v.length) shape.listValues += scalars;
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i] as Json);
      continue;
    }
    if (v === null || typeof v !== 'object') {
      shape.values++;
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > 0) {
      const key = [...keys].sort().join('\u0000');
      const seen = shape.keySets.get(key) ?? [0, 0, 0];
      seen[0]++;
      seen[1] += keys.reduce((n, k) => n + ownScalars(v[k] as Json), 0);
      seen[2] += keys.reduce((n, k) => n + spacedStrings(v[k] as Json), 0);
      shape.keySets.set(key, seen);
    }
    for (let i = keys.length - 1; i >= 0; i--) stack.push(v[keys[i] as string] as Json);
  }
}

/** The text parses as JSON whose values are mostly in records or long lists: a data file. */
export function detectJsonData(text: string): DensityReason | undefined {
  const t = text.trim();
  const open = t[0];
  if (!((open === '{' && t.endsWith('}')) || (open === '[' && t.endsWith(']')))) return undefined;
  let value: Json;
  try {
    value = JSON.parse(t) as Json;
  } catch {
    return undefined; // JSON with comments (tsconfig, VS Code settings) is hand-written; anything else is not JSON
  }
  if (isManifest(value)) return undefined;
  const shape: Shape = { values: 0, listValues: 0, keySets: new Map() };
  walk(value, shape);
  let recordValues = 0;
  let records = 0;
  let spaced = 0;
  for (const [objects, scalars, withSpaces] of shape.keySets.values()) {
    if (objects < RECORD_REPEATS || t.length < RECORDS_MIN_CHARS) continue;
    recordValues += scalars;
    records += objects;
    spaced += withSpaces;
  }
  // A few dozen records with a name or a sentence among their values are a table someone keeps (a colour theme's token
  // rules, a snippet collection); a program's are many, or hold only identifiers, numbers and codes.
  if (records < MANY_RECORDS && spaced > 0) recordValues = 0;
  const data = Math.min(shape.values, recordValues + shape.listValues);
  if (data < DATA_VALUES || data < DATA_SHARE * shape.values) return undefined;
  const what = records > 0 ? `${records} records with repeated key sets` : 'long lists';
  return { code: 'data-table', message: `JSON data: ${data} of its ${shape.values} values are in ${what}.`, line: 1 };
}
