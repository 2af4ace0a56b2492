import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IndexQueue, type QueueClock } from '../../src/vscode/indexQueue';

/** A clock moved by hand: timers fire only in `advance`, in order of their due time. */
class ManualClock implements QueueClock {
  private time = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > until) break;
      this.timers.shift();
      this.time = due.at;
      due.fn();
      await settle();
    }
    this.time = until;
    await settle();
  }
}

/** Lets promise callbacks run (batches resolve through a few of them). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A batch runner that records each batch and finishes it when told to. */
function recorder(): { batches: string[][]; signals: AbortSignal[]; finish: () => void; run: (jobs: readonly string[], signal: AbortSignal) => Promise<void> } {
  const batches: string[][] = [];
  const signals: AbortSignal[] = [];
  let finishers: (() => void)[] = [];
  return {
    batches,
    signals,
    finish: () => {
      const f = finishers;
      finishers = [];
      for (const done of f) done();
    },
    run: (jobs, signal) => {
      batches.push([...jobs]);
      signals.push(signal);
      return new Promise<void>((resolve, reject) => {
        finishers.push(resolve);
        signal.addEventListener('abort', () => reject(new Error('stopped')));
      });
    },
  };
}

function queueWith(clock: ManualClock, r: ReturnType<typeof recorder>, errors: unknown[] = []): IndexQueue<string> {
  return new IndexQueue<string>({ delayMs: 100, maxDelayMs: 1000, clock, run: (jobs, signal) => r.run(jobs, signal), onError: (e) => errors.push(e) });
}

describe('background index queue', () => {
  it('runs once the events have been quiet for the delay, each key once with its newest job', async () => {
    const clock = new ManualClock();
    const r = recorder();
    const q = queueWith(clock, r);
    q.add('a', 'a1');
    await clock.advance(60);
    q.add('b', 'b1');
    await clock.advance(60);
    q.add('a', 'a2');
    await clock.advance(99);
    assert.deepEqual(r.batches, [], 'nothing runs while events keep coming within the delay');
    await clock.advance(1);
    assert.deepEqual(r.batches, [['b1', 'a2']]);
    r.finish();
    await settle();
    assert.deepEqual(q.state, { pending: 0, running: false, held: false });
  });

  it('never waits longer than the longest delay while events keep coming', async () => {
    const clock = new ManualClock();
    const r = recorder();
    const q = queueWith(clock, r);
    for (let t = 0; t < 1000; t += 50) {
      q.add(`k${t}`, `j${t}`);
      await clock.advance(50);
    }
    assert.equal(r.batches.length, 1, 'a burst of events longer than the longest delay still runs');
    assert.equal(r.batches[0]?.length, 20);
  });

  it('one batch at a time: jobs added while one runs make the next batch', async () => {
    const clock = new ManualClock();
    const r = recorder();
    const q = queueWith(clock, r);
    q.add('a', 'a1');
    await clock.advance(100);
    q.add('a', 'a2');
    q.add('b', 'b1');
    await clock.advance(500);
    assert.equal(r.batches.length, 1, 'a second batch started while the first ran');
    r.finish();
    await settle();
    await clock.advance(100);
    assert.deepEqual(r.batches, [['a1'], ['a2', 'b1']]);
  });

  it('a hold stops the running batch, puts its jobs back, and runs them after the release', async () => {
    const clock = new ManualClock();
    const r = recorder();
    const errors: unknown[] = [];
    const q = queueWith(clock, r, errors);
    q.add('a', 'a1');
    q.add('b', 'b1');
    await clock.advance(100);
    const release = q.hold();
    await settle();
    assert.equal(r.signals[0]?.aborted, true);
    assert.deepEqual(q.state, { pending: 2, running: false, held: true });
    q.add('b', 'b2');
    await clock.advance(5000);
    assert.equal(r.batches.length, 1, 'a batch ran while held');
    release();
    release(); // a second call does not release another hold
    await clock.advance(100);
    assert.deepEqual(r.batches[1], ['a1', 'b2'], 'the stopped jobs come back, replaced by newer ones of their key');
    assert.deepEqual(errors, [], 'a stopped batch is not an error');
  });

  it('idle resolves only when nothing waits and nothing runs', async () => {
    const clock = new ManualClock();
    const r = recorder();
    const q = queueWith(clock, r);
    let idle = false;
    q.add('a', 'a1');
    void q.idle().then(() => (idle = true));
    await clock.advance(100);
    await settle();
    assert.equal(idle, false, 'idle while a batch runs');
    r.finish();
    await settle();
    assert.equal(idle, true);
  });

  it('a failed batch is reported and its jobs dropped; dispose stops the running batch and drops the rest', async () => {
    const clock = new ManualClock();
    const errors: unknown[] = [];
    const failing = new IndexQueue<string>({ delayMs: 10, maxDelayMs: 100, clock, run: () => Promise.reject(new Error('disk full')), onError: (e) => errors.push(e) });
    failing.add('a', 'a1');
    await clock.advance(10);
    assert.equal((errors[0] as Error | undefined)?.message, 'disk full');
    assert.equal(failing.state.pending, 0);

    const r = recorder();
    const q = queueWith(clock, r);
    q.add('a', 'a1');
    await clock.advance(100);
    q.add('b', 'b1');
    q.dispose();
    await settle();
    assert.equal(r.signals[0]?.aborted, true);
    await q.idle();
    q.add('c', 'c1');
    await clock.advance(1000);
    assert.equal(r.batches.length, 1, 'a disposed queue runs nothing more');
  });
});
