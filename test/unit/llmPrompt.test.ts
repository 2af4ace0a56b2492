import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildPrompt, PromptTooLargeError } from '../../src/engine/llm';
import { saneContextWindow } from '../../src/engine/ask';

/** One token per whitespace-separated word: easy to reason about in assertions. */
const words = (t: string): number => t.split(/\s+/).filter(Boolean).length;

test('prompt: system then user, with the context before the question', () => {
  const p = buildPrompt({ context: 'function a() {}\n\n', question: '  what is a?  ', contextWindow: 4096, countTokens: words, systemPrompt: 'sys' });
  assert.deepEqual(p.messages, [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'function a() {}\n\nQuestion: what is a?' },
  ]);
  // sys(1) + 8, user(7) + 8, assistant opening 8
  assert.equal(p.promptTokens, 32);
  assert.equal(p.contextTokens, 3);
  assert.equal(p.answerTokens, 1024);
  assert.equal(p.numCtx, 2048);
});

test('prompt: num_ctx covers prompt and answer, rounded to 2048 and capped at the window', () => {
  const context = 'tok '.repeat(3000);
  const p = buildPrompt({ context, question: 'q', contextWindow: 32768, countTokens: words });
  assert.ok(p.numCtx >= p.promptTokens + p.answerTokens);
  assert.equal(p.numCtx % 2048, 0);
  assert.equal(p.numCtx, 6144);
  // prompt + answer ≈ 4170: rounding up would ask for 6144, more than the model has.
  const tight = buildPrompt({ context: 'tok '.repeat(3100), question: 'q', contextWindow: 4200, countTokens: words, answerTokens: 1000 });
  assert.ok(tight.promptTokens + tight.answerTokens > 4096);
  assert.equal(tight.numCtx, 4200);
});

test('prompt: refuses a prompt that does not fit, saying how far to lower the budget', () => {
  const context = 'tok '.repeat(4000);
  assert.throws(
    () => buildPrompt({ context, question: 'why?', contextWindow: 4096, countTokens: words }),
    (e: unknown) => {
      if (!(e instanceof PromptTooLargeError)) return false;
      // room for context = 4096 - 1024 answer - (prompt overhead outside the context)
      const overhead = e.promptTokens - e.contextTokens;
      return e.message.includes(`lower the budget to at most ${4096 - 1024 - overhead} tokens`) && e.message.includes('context window of 4096');
    },
  );
});

test('prompt: small windows reserve a quarter for the answer; empty questions are refused', () => {
  assert.equal(buildPrompt({ context: 'x', question: 'q', contextWindow: 2048, countTokens: words }).answerTokens, 512);
  assert.throws(() => buildPrompt({ context: 'x', question: '   ', contextWindow: 2048, countTokens: words }), /question is empty/);
  assert.throws(() => buildPrompt({ context: 'x', question: 'q', contextWindow: 0, countTokens: words }), /positive number/);
});

test('context window: what a server reports is used only when it is a plausible window', () => {
  assert.deepEqual(saneContextWindow(32768, 4096), { window: 32768 });
  assert.deepEqual(saneContextWindow(undefined, 4096), { window: 4096 });
  for (const bad of [-5, 0, 100, Number.NaN, Infinity, 1e15, 4096.5, '8192', null]) {
    const r = saneContextWindow(bad, 4096);
    assert.equal(r.window, 4096, String(bad));
    assert.match(r.note ?? '', /not a usable window; 4096 tokens .* are assumed/, String(bad));
  }
});
