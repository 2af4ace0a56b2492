import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import registry from '../../models/registry.json';
import { DecoderTokenizerUnavailableError, findDecoder, knownDecoderIds, requireDecoder } from '../../src/engine/decoders';
import {
  encoderEntries,
  findEncoder,
  matchEncoder,
  matchLevel,
  NoEncoderAvailableError,
  UnknownEncoderError,
  type EncoderEntry,
} from '../../src/engine/encoder/matching';

const BUILTIN = 'builtin-code-ngram';
const CODER_05 = 'qwen2.5-coder-0.5b-instruct';
const CODER_15 = 'qwen2.5-coder-1.5b-instruct';
const GENERAL_05 = 'qwen2.5-0.5b-instruct';

describe('registry', () => {
  it('lists the encoders with family, domain, tokenizer, size, source and licence', () => {
    const ids = encoderEntries().map((e) => e.id);
    assert.deepEqual(ids, [BUILTIN, CODER_05, CODER_15, GENERAL_05, 'tiny-qwen2-test']);
    for (const e of encoderEntries()) {
      assert.ok(['code', 'general', 'math'].includes(e.domain), e.id);
      assert.ok(e.family && e.tokenizer && e.license && e.source, e.id);
      assert.ok(e.parameters === null || e.parameters > 0, e.id);
    }
    const coder = findEncoder(CODER_05);
    assert.equal(coder?.source.kind === 'huggingface' && coder.source.repo, 'onnx-community/Qwen2.5-Coder-0.5B-Instruct');
    assert.equal(findEncoder(GENERAL_05)?.source.kind === 'huggingface' && findEncoder(GENERAL_05)?.domain, 'general');
    // The built-in encoder answers to the id it reports in EncoderInfo too.
    assert.equal(findEncoder('builtin-ngram-qwen2.5-code')?.id, BUILTIN);
  });

  it('keeps the original decoders and adds Qwen2.5, DeepSeek-Coder, StarCoder2 and CodeLlama', () => {
    const ids = knownDecoderIds();
    for (const id of ['qwen2.5-coder-0.5b', 'qwen2.5-coder-7b', 'qwen2.5-coder-32b', 'qwen2.5-7b', 'deepseek-coder-6.7b', 'starcoder2-7b', 'codellama-7b']) assert.ok(ids.includes(id), id);
    const ids2 = new Set(ids);
    assert.equal(ids2.size, ids.length, 'decoder ids are unique');
    const patterns = registry.decoders.flatMap((d) => d.match);
    assert.equal(new Set(patterns).size, patterns.length, 'match patterns are unambiguous');
  });

  it('recognises decoders from Ollama and OpenAI-compatible model names', () => {
    const cases: [string, string][] = [
      ['qwen2.5-coder:7b', 'qwen2.5-coder-7b'],
      ['qwen2.5-coder', 'qwen2.5-coder-7b'],
      ['Qwen/Qwen2.5-Coder-1.5B', 'qwen2.5-coder-1.5b'],
      ['qwen2.5-coder:7b-instruct-q4_K_M', 'qwen2.5-coder-7b'],
      ['qwen2.5:14b', 'qwen2.5-14b'],
      ['Qwen/Qwen2.5-7B-Instruct', 'qwen2.5-7b'],
      ['deepseek-coder:6.7b', 'deepseek-coder-6.7b'],
      ['deepseek-ai/deepseek-coder-6.7b-instruct', 'deepseek-coder-6.7b'],
      ['deepseek-coder:33b-instruct-q5_K_M', 'deepseek-coder-33b'],
      ['starcoder2:7b', 'starcoder2-7b'],
      ['bigcode/starcoder2-15b', 'starcoder2-15b'],
      ['codellama:7b-code', 'codellama-7b'],
      ['codellama:13b-python-q4_0', 'codellama-13b'],
      ['codellama/CodeLlama-34b-Instruct-hf', 'codellama-34b'],
    ];
    for (const [name, id] of cases) assert.equal(findDecoder(name)?.id, id, name);
    assert.equal(findDecoder('llama3:8b'), undefined);
    // The Qwen2.5 general patterns never swallow Coder names.
    assert.equal(findDecoder('qwen2.5-coder:3b')?.family, 'qwen2.5-coder');
  });

  it('refuses to compress for a decoder whose tokenizer is not shipped, with a clear error', () => {
    assert.equal(findDecoder('deepseek-coder:6.7b')?.tokenizerAvailable, false);
    assert.throws(() => requireDecoder('deepseek-coder:6.7b'), (err: Error) => {
      assert.ok(err instanceof DecoderTokenizerUnavailableError);
      assert.match(err.message, /"deepseek-coder-6.7b" is recognised, but its tokenizer \("deepseek-coder"\) is not shipped/);
      assert.match(err.message, /qwen2.5-coder-7b/);
      return true;
    });
    assert.equal(requireDecoder('qwen2.5:7b').tokenizer, 'qwen2.5');
    assert.equal(requireDecoder('qwen2.5-coder-7b').id, 'qwen2.5-coder-7b');
  });
});

describe('matching an encoder to the decoder', () => {
  it('Qwen2.5-Coder decoder → Qwen2.5-Coder-0.5B when present locally', () => {
    const r = matchEncoder({ decoder: 'qwen2.5-coder:7b', available: [BUILTIN, CODER_05, CODER_15, GENERAL_05] });
    assert.equal(r.encoder.id, CODER_05, 'the smallest matched neural encoder');
    assert.equal(r.matched, true);
    assert.equal(r.level, 'matched');
    assert.equal(r.warning, undefined);
    assert.match(r.description, /matches decoder qwen2.5-coder-7b/);
  });

  it('else the built-in code model, still a matched pair, suggesting the neural download', () => {
    const r = matchEncoder({ decoder: 'qwen2.5-coder-1.5b', available: [BUILTIN] });
    assert.equal(r.encoder.id, BUILTIN);
    assert.equal(r.matched, true);
    assert.equal(r.warning, undefined);
    assert.equal(r.best?.id, CODER_05);
    // The id the built-in encoder reports works as well.
    assert.equal(matchEncoder({ decoder: 'qwen2.5-coder-1.5b', available: ['builtin-ngram-qwen2.5-code'] }).encoder.id, BUILTIN);
  });

  it('never picks a general-domain encoder for a Coder decoder automatically', () => {
    const r = matchEncoder({ decoder: 'qwen2.5-coder-7b', available: [BUILTIN, GENERAL_05] });
    assert.equal(r.encoder.id, BUILTIN);
    assert.equal(r.matched, true);
  });

  it('never picks the test fixture automatically', () => {
    const r = matchEncoder({ decoder: 'qwen2.5-coder-7b', available: ['tiny-qwen2-test', BUILTIN] });
    assert.equal(r.encoder.id, BUILTIN);
    assert.throws(() => matchEncoder({ decoder: 'qwen2.5-coder-7b', available: ['tiny-qwen2-test'] }), NoEncoderAvailableError);
  });

  it('warns, with the paper’s figure, when the user forces a general encoder on a Coder decoder', () => {
    const r = matchEncoder({ decoder: 'qwen2.5-coder:7b', available: [BUILTIN, GENERAL_05], forced: GENERAL_05 });
    assert.equal(r.encoder.id, GENERAL_05);
    assert.equal(r.matched, false);
    assert.equal(r.level, 'domain-mismatch');
    assert.equal(r.recommended.id, BUILTIN);
    assert.ok(r.warning);
    assert.equal(r.warning.forced, true);
    assert.match(r.warning.message, /80\.0/);
    assert.match(r.warning.message, /64\.6/);
    assert.match(r.warning.message, /96\.96/);
    assert.match(r.warning.message, /92\.15/);
    assert.match(r.warning.message, /arXiv 2602\.01778/);
    assert.match(r.warning.message, /Use builtin-code-ngram/);
  });

  it('a forced matched pair gives no warning', () => {
    const r = matchEncoder({ decoder: 'qwen2.5-coder:7b', available: [BUILTIN], forced: CODER_15 });
    assert.equal(r.encoder.id, CODER_15);
    assert.equal(r.matched, true);
    assert.equal(r.warning, undefined);
  });

  it('a general Qwen2.5 decoder gets the general encoder; the code model is a domain mismatch', () => {
    const general = matchEncoder({ decoder: 'qwen2.5:7b', available: [BUILTIN, GENERAL_05, CODER_05] });
    assert.equal(general.encoder.id, GENERAL_05);
    assert.equal(general.matched, true);
    const fallback = matchEncoder({ decoder: 'qwen2.5:7b', available: [BUILTIN] });
    assert.equal(fallback.encoder.id, BUILTIN);
    assert.equal(fallback.matched, false);
    assert.equal(fallback.warning?.forced, false);
    assert.match(fallback.warning?.message ?? '', /No matched encoder is available/);
    assert.match(fallback.warning?.message ?? '', /Use qwen2.5-0.5b-instruct/);
  });

  it('warns about a different tokenizer family (DeepSeek-Coder, StarCoder2, CodeLlama)', () => {
    for (const name of ['deepseek-coder:6.7b', 'starcoder2:7b', 'codellama:7b-code']) {
      const r = matchEncoder({ decoder: name, available: [BUILTIN] });
      assert.equal(r.level, 'tokenizer-mismatch', name);
      assert.equal(r.matched, false);
      assert.match(r.warning?.message ?? '', /tokenizer/);
      assert.match(r.warning?.message ?? '', /80\.0 to 64\.6/);
    }
    // Among equally mismatched tokenizers, the code-domain encoder still comes first.
    assert.equal(matchEncoder({ decoder: 'starcoder2:3b', available: [GENERAL_05, CODER_05] }).encoder.id, CODER_05);
  });

  it('handles decoders it does not know', () => {
    const r = matchEncoder({ decoder: 'llama3:8b', available: [BUILTIN] });
    assert.equal(r.decoder, undefined);
    assert.equal(r.level, 'unknown-decoder');
    assert.equal(r.matched, false);
    assert.ok(r.warning);
  });

  it('rejects unknown forced encoders and empty availability', () => {
    assert.throws(() => matchEncoder({ decoder: 'qwen2.5-coder-7b', available: [BUILTIN], forced: 'gpt-2' }), UnknownEncoderError);
    assert.throws(() => matchEncoder({ decoder: 'qwen2.5-coder-7b', available: [] }), NoEncoderAvailableError);
  });

  it('ranks levels: matched < same domain < domain mismatch < tokenizer mismatch', () => {
    const decoder = findDecoder('qwen2.5-coder-7b');
    const mk = (over: Partial<EncoderEntry>): EncoderEntry => ({ ...(findEncoder(CODER_05) as EncoderEntry), ...over });
    assert.equal(matchLevel(mk({}), decoder), 'matched');
    assert.equal(matchLevel(mk({ family: 'other-code' }), decoder), 'same-domain');
    assert.equal(matchLevel(mk({ domain: 'math' }), decoder), 'domain-mismatch');
    assert.equal(matchLevel(mk({ tokenizer: 'llama2' }), decoder), 'tokenizer-mismatch');
    assert.equal(matchLevel(mk({}), undefined), 'unknown-decoder');
    const r = matchEncoder({ decoder: 'qwen2.5-coder-7b', available: ['a', 'b'], encoders: [mk({ id: 'a', family: 'other-code', parameters: 1 }), mk({ id: 'b', parameters: 9e9 })] });
    assert.equal(r.encoder.id, 'b', 'family match beats size');
  });
});
