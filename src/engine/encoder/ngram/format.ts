import type { NgramLevel, NgramTables, StoredValues } from './tables';

/**
 * Binary model file: an 8-byte magic, a little-endian u32 header length, a JSON header, then typed-array
 * sections each aligned to 8 bytes. Loading is a read and a set of zero-copy typed-array views.
 */
const MAGIC = 'CCCNGRM1';

type SectionType = 'u8' | 'u16' | 'u32' | 'f32';
type TypedArray = Uint8Array | Uint16Array | Uint32Array | Float32Array;

interface SectionEntry {
  readonly name: string;
  readonly type: SectionType;
  readonly offset: number;
  readonly length: number;
}

interface FileHeader {
  readonly formatVersion: 1;
  readonly order: number;
  readonly vocabSize: number;
  readonly unkLog2Prob: number;
  readonly sections: readonly SectionEntry[];
  readonly meta: unknown;
}

export class ModelFormatError extends Error {
  constructor(message: string) {
    super(`Invalid n-gram model file: ${message}. Rebuild it with \`npm run build:model\` or reinstall the extension.`);
    this.name = 'ModelFormatError';
  }
}

function typeOf(array: TypedArray): SectionType {
  if (array instanceof Uint8Array) return 'u8';
  if (array instanceof Uint16Array) return 'u16';
  if (array instanceof Uint32Array) return 'u32';
  return 'f32';
}

const ELEMENT_BYTES: Readonly<Record<SectionType, number>> = { u8: 1, u16: 2, u32: 4, f32: 4 };

function view(buffer: ArrayBufferLike, type: SectionType, at: number, length: number): TypedArray {
  switch (type) {
    case 'u8':
      return new Uint8Array(buffer, at, length);
    case 'u16':
      return new Uint16Array(buffer, at, length);
    case 'u32':
      return new Uint32Array(buffer, at, length);
    case 'f32':
      return new Float32Array(buffer, at, length);
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function valueSections(prefix: string, values: StoredValues): [string, TypedArray][] {
  if (values instanceof Float32Array) return [[prefix, values]];
  return [
    [`${prefix}.codes`, values.codes],
    [`${prefix}.book`, values.book],
  ];
}

/**
 * Child ranges are stored as per-node child counts, 16-bit when they fit (most levels): a third smaller
 * than the offsets, which are rebuilt by a prefix sum at load (a few ms).
 */
function childSection(prefix: string, childStart: Uint32Array): [string, TypedArray] {
  let max = 0;
  for (let i = 1; i < childStart.length; i++) max = Math.max(max, childStart[i]! - childStart[i - 1]!);
  if (max > 0xffff) return [`${prefix}.childStart`, childStart];
  const counts = new Uint16Array(childStart.length - 1);
  for (let i = 0; i < counts.length; i++) counts[i] = childStart[i + 1]! - childStart[i]!;
  return [`${prefix}.childCount`, counts];
}

function childStartFrom(counts: TypedArray): Uint32Array {
  const out = new Uint32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) out[i + 1] = out[i]! + counts[i]!;
  return out;
}

/** Serialises tables plus free-form JSON metadata (sources, calibration, …). */
export function serializeModel(tables: NgramTables, meta: unknown): Uint8Array {
  const arrays: [string, TypedArray][] = [['tokenOf', tables.tokenOf]];
  tables.levels.forEach((level, k) => {
    const p = `L${k + 1}`;
    if (level.words) arrays.push([`${p}.words`, level.words]);
    arrays.push(...valueSections(`${p}.prob`, level.log2Prob));
    if (level.log2Backoff) arrays.push(...valueSections(`${p}.backoff`, level.log2Backoff));
    if (level.childStart) arrays.push(childSection(p, level.childStart));
  });
  const sections: SectionEntry[] = [];
  let offset = 0;
  for (const [name, array] of arrays) {
    sections.push({ name, type: typeOf(array), offset, length: array.length });
    offset = align8(offset + array.byteLength);
  }
  const header: FileHeader = {
    formatVersion: 1,
    order: tables.order,
    vocabSize: tables.vocabSize,
    unkLog2Prob: tables.unkLog2Prob,
    sections,
    meta,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align8(MAGIC.length + 4 + headerBytes.length);
  const out = new Uint8Array(dataStart + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, MAGIC.length + 4);
  arrays.forEach(([, array], i) => {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + sections[i]!.offset);
  });
  return out;
}

export interface ParsedModel {
  readonly tables: NgramTables;
  readonly meta: unknown;
}

/** Parses a model file; the typed arrays are views into `bytes` (copied once if it is misaligned). */
export function parseModel(input: Uint8Array): ParsedModel {
  if (new TextDecoder().decode(input.subarray(0, MAGIC.length)) !== MAGIC) throw new ModelFormatError('bad magic');
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  let header: FileHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength))) as FileHeader;
  } catch {
    throw new ModelFormatError('unreadable header');
  }
  if (header.formatVersion !== 1) throw new ModelFormatError(`unsupported format version ${String(header.formatVersion)}`);
  const dataStart = bytes.byteOffset + align8(MAGIC.length + 4 + headerLength);
  const sections = new Map<string, TypedArray>();
  for (const s of header.sections) {
    const at = dataStart + s.offset;
    if (at + s.length * ELEMENT_BYTES[s.type] > bytes.byteOffset + bytes.byteLength) throw new ModelFormatError(`section ${s.name} is truncated`);
    sections.set(s.name, view(bytes.buffer, s.type, at, s.length));
  }
  const get = (name: string): TypedArray | undefined => sections.get(name);
  const need = (name: string): TypedArray => {
    const a = get(name);
    if (!a) throw new ModelFormatError(`missing section ${name}`);
    return a;
  };
  const values = (prefix: string): StoredValues | undefined => {
    const plain = get(prefix);
    if (plain instanceof Float32Array) return plain;
    const codes = get(`${prefix}.codes`);
    const book = get(`${prefix}.book`);
    if ((codes instanceof Uint8Array || codes instanceof Uint16Array) && book instanceof Float32Array) return { codes, book };
    return undefined;
  };
  const levels: NgramLevel[] = [];
  for (let k = 1; k <= header.order; k++) {
    const p = `L${k}`;
    const words = get(`${p}.words`);
    const log2Prob = values(`${p}.prob`);
    if (!log2Prob) throw new ModelFormatError(`missing section ${p}.prob`);
    const log2Backoff = values(`${p}.backoff`);
    const counts = get(`${p}.childCount`);
    const childStart = counts ? childStartFrom(counts) : get(`${p}.childStart`);
    if (k > 1 && !(words instanceof Uint16Array || words instanceof Uint32Array)) throw new ModelFormatError(`missing section ${p}.words`);
    levels.push({
      ...(words instanceof Uint16Array || words instanceof Uint32Array ? { words } : {}),
      log2Prob,
      ...(log2Backoff ? { log2Backoff } : {}),
      ...(childStart instanceof Uint32Array ? { childStart } : {}),
    });
  }
  const tokenOf = need('tokenOf');
  if (!(tokenOf instanceof Uint32Array)) throw new ModelFormatError('tokenOf has the wrong type');
  return {
    tables: { order: header.order, vocabSize: header.vocabSize, unkLog2Prob: header.unkLog2Prob, tokenOf, levels },
    meta: header.meta,
  };
}
