import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Reads the metadata of a GGUF file (ggml's gguf.md: magic "GGUF", version, tensor count, key/value pairs)
 * without loading the model: enough to tell the architecture and the tokenizer before spending seconds and
 * gigabytes on loading. Large arrays are not kept: the token list is reduced to a fingerprint on the way.
 */

export interface GgufTokenizerSummary {
  /** tokenizer.ggml.tokens length. */
  readonly count: number;
  /** sha256 of the first `fingerprintTokens` tokens, each followed by "\n". */
  readonly fingerprint: string;
  readonly fingerprintTokens: number;
  /** Tokens at the ids asked for (special tokens checked by the registry). */
  readonly at: ReadonlyMap<number, string>;
}

export interface GgufMetadata {
  readonly version: number;
  readonly tensorCount: number;
  /** Scalar values (strings, numbers, booleans); arrays are left out except as `arrayLengths`. */
  readonly values: ReadonlyMap<string, string | number | boolean>;
  readonly arrayLengths: ReadonlyMap<string, number>;
  readonly tokens?: GgufTokenizerSummary;
}

export class GgufFormatError extends Error {
  constructor(file: string, detail: string) {
    super(`${file} is not a GGUF model file this can read: ${detail}.`);
    this.name = 'GgufFormatError';
  }
}

const enum ValueType {
  Uint8 = 0,
  Int8 = 1,
  Uint16 = 2,
  Int16 = 3,
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
  Uint64 = 10,
  Int64 = 11,
  Float64 = 12,
}

const SCALAR_SIZE: Readonly<Record<number, number>> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const BLOCK = 1 << 20;
/** Metadata beyond this is not a model we want (real Qwen GGUFs have ~8 MB of metadata, mostly the vocabulary). */
const MAX_METADATA_BYTES = 256 << 20;

/** A forward-only reader over a file handle, refilling a buffer as it goes. */
class Cursor {
  private buf = Buffer.alloc(0);
  private pos = 0;
  private fileOffset = 0;

  constructor(private readonly fh: FileHandle, private readonly file: string) {}

  private async need(n: number): Promise<void> {
    if (this.pos + n <= this.buf.length) return;
    if (this.fileOffset > MAX_METADATA_BYTES) throw new GgufFormatError(this.file, `metadata over ${MAX_METADATA_BYTES >> 20} MB`);
    const keep = this.buf.subarray(this.pos);
    const chunk = Buffer.alloc(Math.max(BLOCK, n - keep.length));
    const { bytesRead } = await this.fh.read(chunk, 0, chunk.length, this.fileOffset);
    this.fileOffset += bytesRead;
    this.buf = Buffer.concat([keep, chunk.subarray(0, bytesRead)]);
    this.pos = 0;
    if (this.buf.length < n) throw new GgufFormatError(this.file, 'the file ends inside its metadata');
  }

  async bytes(n: number): Promise<Buffer> {
    await this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  async u32(): Promise<number> {
    return (await this.bytes(4)).readUInt32LE(0);
  }

  async u64(): Promise<number> {
    const v = (await this.bytes(8)).readBigUInt64LE(0);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufFormatError(this.file, 'a length is out of range');
    return Number(v);
  }

  async string(): Promise<string> {
    const len = await this.u64();
    if (len > MAX_METADATA_BYTES) throw new GgufFormatError(this.file, 'a string is out of range');
    return (await this.bytes(len)).toString('utf8');
  }

  async scalar(type: number): Promise<string | number | boolean> {
    if (type === ValueType.String) return this.string();
    const size = SCALAR_SIZE[type];
    if (size === undefined) throw new GgufFormatError(this.file, `unknown value type ${type}`);
    const b = await this.bytes(size);
    switch (type) {
      case ValueType.Uint8: return b.readUInt8(0);
      case ValueType.Int8: return b.readInt8(0);
      case ValueType.Uint16: return b.readUInt16LE(0);
      case ValueType.Int16: return b.readInt16LE(0);
      case ValueType.Uint32: return b.readUInt32LE(0);
      case ValueType.Int32: return b.readInt32LE(0);
      case ValueType.Float32: return b.readFloatLE(0);
      case ValueType.Bool: return b.readUInt8(0) !== 0;
      case ValueType.Uint64: return Number(b.readBigUInt64LE(0));
      case ValueType.Int64: return Number(b.readBigInt64LE(0));
      default: return b.readDoubleLE(0);
    }
  }
}

export interface ReadGgufOptions {
  /** How many leading tokens the fingerprint covers (the base vocabulary). */
  readonly fingerprintTokens?: number;
  /** Token ids whose text to keep (special tokens to check). */
  readonly keepTokens?: readonly number[];
}

export async function readGgufMetadata(file: string, options: ReadGgufOptions = {}): Promise<GgufMetadata> {
  const fh = await open(file, 'r');
  try {
    const c = new Cursor(fh, file);
    if ((await c.bytes(4)).toString('latin1') !== 'GGUF') throw new GgufFormatError(file, 'no GGUF magic');
    const version = await c.u32();
    if (version < 2 || version > 3) throw new GgufFormatError(file, `version ${version} (2 and 3 are supported)`);
    const tensorCount = await c.u64();
    const kvCount = await c.u64();
    const values = new Map<string, string | number | boolean>();
    const arrayLengths = new Map<string, number>();
    const fingerprintTokens = options.fingerprintTokens ?? 0;
    const keep = new Set(options.keepTokens ?? []);
    let tokens: GgufTokenizerSummary | undefined;
    for (let k = 0; k < kvCount; k++) {
      const key = await c.string();
      const type = await c.u32();
      if (type !== ValueType.Array) {
        values.set(key, await c.scalar(type));
        continue;
      }
      const itemType = await c.u32();
      const count = await c.u64();
      arrayLengths.set(key, count);
      if (key === 'tokenizer.ggml.tokens' && itemType === ValueType.String) {
        const hash = createHash('sha256');
        const at = new Map<number, string>();
        for (let i = 0; i < count; i++) {
          const t = await c.string();
          if (i < fingerprintTokens) hash.update(t).update('\n');
          if (keep.has(i)) at.set(i, t);
        }
        tokens = { count, fingerprint: hash.digest('hex'), fingerprintTokens: Math.min(count, fingerprintTokens), at };
      } else if (itemType === ValueType.String) {
        for (let i = 0; i < count; i++) await c.string();
      } else {
        const size = SCALAR_SIZE[itemType];
        if (size === undefined) throw new GgufFormatError(file, `array of value type ${itemType} under ${key}`);
        for (let left = count * size; left > 0; left -= Math.min(left, BLOCK)) await c.bytes(Math.min(left, BLOCK));
      }
    }
    return { version, tensorCount, values, arrayLengths, ...(tokens ? { tokens } : {}) };
  } finally {
    await fh.close();
  }
}
