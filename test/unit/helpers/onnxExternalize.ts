/**
 * Rewrites an ONNX model so its initializers' raw_data lives in a separate file (TensorProto.external_data,
 * data_location = EXTERNAL), as large Hub exports do with `model.onnx_data`. Written for the tests of the
 * downloader: the tiny model then has the same two-file shape, and still loads in onnxruntime.
 */

interface RawField {
  readonly field: number;
  readonly wire: number;
  /** The whole field (tag included), to copy unchanged. */
  readonly bytes: Buffer;
  /** The payload of a length-delimited field. */
  readonly payload: Buffer | undefined;
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = buf[pos++]!;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return [value, pos];
  }
}

function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

function parse(buf: Buffer): RawField[] {
  const out: RawField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const begin = pos;
    const [tag, afterTag] = readVarint(buf, pos);
    const wire = tag % 8;
    pos = afterTag;
    let payload: Buffer | undefined;
    if (wire === 0) pos = readVarint(buf, pos)[1];
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const [len, start] = readVarint(buf, pos);
      payload = buf.subarray(start, start + len);
      pos = start + len;
    } else throw new Error(`wire type ${wire}`);
    out.push({ field: Math.floor(tag / 8), wire, bytes: buf.subarray(begin, pos), payload });
  }
  return out;
}

function delimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint(field * 8 + 2), varint(payload.length), payload]);
}

function entry(key: string, value: string): Buffer {
  return delimited(13, Buffer.concat([delimited(1, Buffer.from(key)), delimited(2, Buffer.from(value))]));
}

/** The model with every initializer's raw_data moved to `location`, and that file's bytes. */
export function externalizeOnnx(model: Buffer, location: string): { model: Buffer; data: Buffer } {
  const chunks: Buffer[] = [];
  let offset = 0;
  const tensor = (t: Buffer): Buffer => {
    const parts: Buffer[] = [];
    let raw: Buffer | undefined;
    for (const f of parse(t)) {
      if (f.field === 9 && f.payload) raw = f.payload;
      else parts.push(f.bytes);
    }
    if (!raw) return t;
    chunks.push(raw);
    parts.push(entry('location', location), entry('offset', String(offset)), entry('length', String(raw.length)), varint(14 * 8), varint(1));
    offset += raw.length;
    return Buffer.concat(parts);
  };
  const graph = (g: Buffer): Buffer => Buffer.concat(parse(g).map((f) => (f.field === 5 && f.payload ? delimited(5, tensor(f.payload)) : f.bytes)));
  const out = Buffer.concat(parse(model).map((f) => (f.field === 7 && f.payload ? delimited(7, graph(f.payload)) : f.bytes)));
  return { model: out, data: Buffer.concat(chunks) };
}
