import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Field numbers from onnx.proto (ONNX IR): only the path from a model to its tensors is followed.
 * ModelProto.graph; GraphProto.node/initializer/sparse_initializer; NodeProto.attribute;
 * AttributeProto.t/g/tensors/graphs/sparse_tensor/sparse_tensors; SparseTensorProto.values/indices;
 * TensorProto.external_data (StringStringEntryProto key/value).
 */
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_SPARSE_INITIALIZER = 15;
const NODE_ATTRIBUTE = 5;
const ATTR_TENSOR = 5;
const ATTR_GRAPH = 6;
const ATTR_TENSORS = 8;
const ATTR_GRAPHS = 10;
const ATTR_SPARSE_TENSOR = 22;
const ATTR_SPARSE_TENSORS = 23;
const SPARSE_VALUES = 1;
const SPARSE_INDICES = 2;
const TENSOR_EXTERNAL_DATA = 13;
const ENTRY_KEY = 1;
const ENTRY_VALUE = 2;

const WINDOW = 1 << 20;

/**
 * Reads a file through a 1 MiB window: an ONNX file without external data holds all its weights inline
 * (hundreds of MB), and the walk below only needs the tags and lengths around them, never the weights.
 */
class FileWindow {
  private readonly fd: number;
  readonly size: number;
  private buffer = Buffer.alloc(0);
  private start = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
    this.size = fstatSync(this.fd).size;
  }

  byte(pos: number): number {
    if (pos < this.start || pos >= this.start + this.buffer.length) this.load(pos, 1);
    return this.buffer[pos - this.start]!;
  }

  bytes(pos: number, length: number): Buffer {
    if (pos < this.start || pos + length > this.start + this.buffer.length) this.load(pos, length);
    return this.buffer.subarray(pos - this.start, pos - this.start + length);
  }

  close(): void {
    closeSync(this.fd);
  }

  private load(pos: number, length: number): void {
    if (pos + length > this.size) throw new Error(`truncated ONNX file (a field runs past byte ${this.size})`);
    const buffer = Buffer.alloc(Math.min(Math.max(WINDOW, length), this.size - pos));
    readSync(this.fd, buffer, 0, buffer.length, pos);
    this.buffer = buffer;
    this.start = pos;
  }
}

interface Field {
  readonly field: number;
  /** Payload of a length-delimited field (wire type 2); other wire types are skipped and not reported. */
  readonly start: number;
  readonly end: number;
}

function varint(src: FileWindow, pos: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const b = src.byte(pos + i);
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  throw new Error(`malformed varint at byte ${pos}`);
}

/** The length-delimited fields of the message in [start, end), in order; every other wire type is stepped over. */
function* fields(src: FileWindow, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const tag = varint(src, pos);
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    pos = tag.next;
    switch (wire) {
      case 0:
        pos = varint(src, pos).next;
        break;
      case 1:
        pos += 8;
        break;
      case 5:
        pos += 4;
        break;
      case 2: {
        const length = varint(src, pos);
        const payload = length.next;
        pos = payload + length.value;
        if (pos > end) throw new Error(`field ${field} at byte ${payload} runs past its message`);
        yield { field, start: payload, end: pos };
        break;
      }
      default:
        throw new Error(`unsupported protobuf wire type ${wire} at byte ${pos}`);
    }
  }
}

function tensorLocation(src: FileWindow, tensor: Field): string | undefined {
  for (const entry of fields(src, tensor.start, tensor.end)) {
    if (entry.field !== TENSOR_EXTERNAL_DATA) continue;
    let key: string | undefined;
    let value: string | undefined;
    for (const kv of fields(src, entry.start, entry.end)) {
      const text = src.bytes(kv.start, kv.end - kv.start).toString('utf8');
      if (kv.field === ENTRY_KEY) key = text;
      else if (kv.field === ENTRY_VALUE) value = text;
    }
    if (key === 'location' && value) return value;
  }
  return undefined;
}

function sparseLocations(src: FileWindow, sparse: Field, out: Set<string>): void {
  for (const f of fields(src, sparse.start, sparse.end)) {
    if (f.field === SPARSE_VALUES || f.field === SPARSE_INDICES) addTensor(src, f, out);
  }
}

function addTensor(src: FileWindow, tensor: Field, out: Set<string>): void {
  const location = tensorLocation(src, tensor);
  if (location) out.add(location);
}

function graphLocations(src: FileWindow, graph: Field, out: Set<string>): void {
  for (const f of fields(src, graph.start, graph.end)) {
    if (f.field === GRAPH_INITIALIZER) addTensor(src, f, out);
    else if (f.field === GRAPH_SPARSE_INITIALIZER) sparseLocations(src, f, out);
    else if (f.field === GRAPH_NODE) {
      for (const attr of fields(src, f.start, f.end)) {
        if (attr.field !== NODE_ATTRIBUTE) continue;
        for (const a of fields(src, attr.start, attr.end)) {
          if (a.field === ATTR_TENSOR || a.field === ATTR_TENSORS) addTensor(src, a, out);
          else if (a.field === ATTR_GRAPH || a.field === ATTR_GRAPHS) graphLocations(src, a, out);
          else if (a.field === ATTR_SPARSE_TENSOR || a.field === ATTR_SPARSE_TENSORS) sparseLocations(src, a, out);
        }
      }
    }
  }
}

/**
 * The external data files an ONNX model names (TensorProto.external_data `location`), relative to the
 * model file's folder as the ONNX spec has it. onnxruntime opens them when it loads the model, so a
 * download that leaves one out gives a model that fails only at load time.
 */
export function onnxExternalDataFiles(file: string): string[] {
  const src = new FileWindow(file);
  try {
    const out = new Set<string>();
    for (const f of fields(src, 0, src.size)) {
      if (f.field === MODEL_GRAPH) graphLocations(src, f, out);
    }
    return [...out];
  } finally {
    src.close();
  }
}

/**
 * A model's external data location as a path inside its repository, or undefined when it points outside
 * the model's folder (absolute, or climbing with `..`): a downloaded model must not make us fetch or write
 * anywhere else.
 */
export function externalDataPath(onnxFile: string, location: string): string | undefined {
  if (path.posix.isAbsolute(location) || path.win32.isAbsolute(location) || location.includes('\\')) return undefined;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(onnxFile), location));
  return joined.startsWith('../') || joined === '..' || joined.startsWith('/') ? undefined : joined;
}
