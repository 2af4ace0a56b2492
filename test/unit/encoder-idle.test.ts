import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findDecoder } from '../../src/engine/decoders';
import type { Encoder, TokenScores } from '../../src/engine/encoder/encoder';
import { IdleReleasingEncoder } from '../../src/engine/encoder/idleRelease';
import { EncoderProvider } from '../../src/engine/encoder/select';
import { repoRoot } from './helpers/assets';

const root = repoRoot();

/** A stand-in for a loaded model: counts what was done to it. */
class FakeModel implements Encoder {
  readonly info = { id: 'fake', family: 'fake', domain: 'code' as const, tokenizer: 'qwen2.5', device: 'cpu', contextTokens: 100 };
  disposed = false;
  release: (() => void) | undefined;
  constructor(private readonly hold = false) {}
  calibration(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  async score(sequences: readonly (readonly number[])[]): Promise<TokenScores[]> {
    if (this.disposed) throw new Error('scored after dispose');
    if (this.hold) await new Promise<void>((resolve) => (this.release = resolve));
    return sequences.map((s) => ({ surprisal: Float32Array.from(s), entropy: new Float32Array(s.length) }));
  }
  dispose(): void {
    this.disposed = true;
  }
}

/** Waits (bounded) for the provider's log to say a model was released. */
async function untilReleased(logs: readonly string[]): Promise<void> {
  const released = (): boolean => logs.some((l) => l.startsWith('Released '));
  for (let i = 0; i < 2000 && !released(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(released(), 'the idle model was released');
}

/** Lets pending promise callbacks run (the release disposes the model in a then). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('encoder released when idle', () => {
  it('drops the model after the idle time, loads it again on the next score, never mid-score', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const first = new FakeModel();
    const loads: FakeModel[] = [];
    let idle: number | undefined = 60_000;
    const enc = new IdleReleasingEncoder(first, async () => {
      const m = new FakeModel();
      loads.push(m);
      return m;
    }, () => idle);

    await enc.score([[1, 2]]);
    t.mock.timers.tick(59_999);
    assert.equal(enc.loaded, true);
    t.mock.timers.tick(1);
    await settle();
    assert.equal(enc.loaded, false);
    assert.equal(first.disposed, true);

    const [again] = await enc.score([[3]]);
    assert.deepEqual([...again!.surprisal], [3]);
    assert.equal(loads.length, 1);
    assert.equal(enc.reloads, 1);

    // Scoring restarts the clock.
    t.mock.timers.tick(30_000);
    await enc.score([[4]]);
    t.mock.timers.tick(30_000);
    assert.equal(enc.loaded, true);

    // 0 keeps the model however long it waits.
    idle = 0;
    await enc.score([[5]]);
    t.mock.timers.tick(10 * 60_000);
    assert.equal(enc.loaded, true);
    enc.dispose();
    await settle();
    assert.equal(loads[0]!.disposed, true);
    await assert.rejects(enc.score([[1]]), /disposed/);
  });

  it('does not release while a score is in flight', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const slow = new FakeModel(true);
    const enc = new IdleReleasingEncoder(slow, () => Promise.reject(new Error('no reload expected')), () => 1000);
    const pending = enc.score([[1]]);
    await settle();
    t.mock.timers.tick(5000);
    assert.equal(enc.loaded, true);
    slow.release?.();
    await pending;
    t.mock.timers.tick(1000);
    await settle();
    assert.equal(enc.loaded, false);
    assert.equal(slow.disposed, true);
  });
});

describe('neural model lifetime in the encoder provider (tiny Qwen2)', () => {
  it('loads the model once however often and however concurrently it is chosen', async () => {
    const logs: string[] = [];
    const provider = new EncoderProvider({ builtinDir: path.join(root, 'models/builtin'), repoRoot: root, preference: () => ({ forced: 'tiny-qwen2-test', device: 'cpu' }) }, (m) => logs.push(m));
    const decoder = findDecoder('qwen2.5-coder-7b')!;
    try {
      const [a, b] = await Promise.all([provider.choose(decoder), provider.choose(decoder)]);
      const c = await provider.choose(decoder);
      assert.equal(a?.match.encoder.id, 'tiny-qwen2-test');
      assert.ok(a?.encoder === b?.encoder && b?.encoder === c?.encoder);
      assert.equal(logs.filter((l) => /^Encoder tiny-qwen2-test runs on/.test(l)).length, 1);
    } finally {
      await provider.dispose();
    }
  });

  it('releases an idle model and scores the same after loading it again', async () => {
    const logs: string[] = [];
    let idle = 1;
    const provider = new EncoderProvider(
      { builtinDir: path.join(root, 'models/builtin'), repoRoot: root, preference: () => ({ forced: 'tiny-qwen2-test', device: 'cpu' }), idleReleaseMs: () => idle },
      (m) => logs.push(m),
    );
    try {
      const choice = await provider.choose(findDecoder('qwen2.5-coder-7b')!);
      assert.ok(choice);
      const [before] = await choice.encoder.score([[10, 20, 30, 40]]);
      await untilReleased(logs);
      idle = 0;
      // Another sequence (the score cache outside the released model would answer the same one).
      const [after] = await choice.encoder.score([[10, 20, 30, 40, 50]]);
      assert.ok(logs.some((l) => l.startsWith('Loading tiny-qwen2-test again')));
      assert.deepEqual([...after!.surprisal.subarray(0, 4)].map((v) => v.toFixed(4)), [...before!.surprisal].map((v) => v.toFixed(4)));
    } finally {
      await provider.dispose();
    }
  });

  it('releases an idle GGUF model (llama.cpp) and loads it again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-idle-gguf-'));
    const gguf = path.join(dir, 'tiny-qwen2.gguf');
    execFileSync(process.execPath, [path.join(root, 'scripts/build-tiny-model/write-gguf.js'), gguf]);
    const logs: string[] = [];
    let idle = 1;
    const provider = new EncoderProvider(
      { builtinDir: path.join(root, 'models/builtin'), ollamaModelDirs: [], preference: () => ({ gguf, device: 'cpu' }), idleReleaseMs: () => idle },
      (m) => logs.push(m),
    );
    try {
      const choice = await provider.choose(findDecoder('qwen2.5-coder-7b')!);
      assert.ok(choice && !choice.fallbackReason, choice?.fallbackReason);
      const [before] = await choice.encoder.score([[10, 20, 30, 40]]);
      await untilReleased(logs);
      idle = 0;
      const [after] = await choice.encoder.score([[10, 20, 30, 40, 50]]);
      assert.ok(logs.some((l) => /^Loading \S+ again/.test(l)));
      // llama.cpp's threaded sums differ in the last digits between runs (gguf.test.ts: RERUN_BITS).
      before!.surprisal.forEach((v, i) => assert.ok(Math.abs(v - after!.surprisal[i]!) < 1e-3, `token ${i}: ${v} vs ${after!.surprisal[i]}`));
    } finally {
      await provider.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
