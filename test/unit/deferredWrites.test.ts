import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeferredWrites } from '../../src/engine/index/deferredWrites';

// The writes' timers do not keep a process alive (a CLI that forgot to flush still exits): this does, for the tests.
let keepAlive: ReturnType<typeof setInterval>;
before(() => (keepAlive = setInterval(() => {}, 1000)));
after(() => clearInterval(keepAlive));

/** A write that records that it ran, and a promise that resolves when it has. */
function recorded(log: string[], name: string): { write: () => Promise<void>; ran: Promise<void> } {
  let done!: () => void;
  const ran = new Promise<void>((resolve) => (done = resolve));
  return {
    write: async () => {
      log.push(name);
      done();
    },
    ran,
  };
}

test('a queued write waits for its delay, not for the caller', async () => {
  const log: string[] = [];
  const writes = new DeferredWrites(30);
  const a = recorded(log, 'a');
  writes.add(a.write);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(log, [], 'not started at once');
  await a.ran; // started by its timer
  assert.deepEqual(log, ['a']);
});

test('nothing is written while a request holds the writes; release lets them run', async () => {
  const log: string[] = [];
  const writes = new DeferredWrites(5);
  writes.hold();
  const a = recorded(log, 'a');
  writes.add(a.write);
  await sleep(60); // twelve times the delay: held, so still waiting
  assert.deepEqual(log, []);
  writes.release();
  await a.ran;
  assert.deepEqual(log, ['a']);
});

test('two overlapping requests: the writes wait for both to end', async () => {
  const log: string[] = [];
  const writes = new DeferredWrites(5);
  writes.hold();
  writes.hold();
  const a = recorded(log, 'a');
  writes.add(a.write);
  writes.release();
  await sleep(40);
  assert.deepEqual(log, [], 'one request still runs');
  writes.release();
  await a.ran;
});

test('flush starts what is pending at once, in order, and waits for it; a failed write does not stop the next', async () => {
  const log: string[] = [];
  const writes = new DeferredWrites(60_000);
  writes.hold(); // even while held: flush is the host's "write it now" (the CLI's exit, a test's comparison)
  writes.add(async () => {
    log.push('a');
    throw new Error('disk full');
  });
  writes.add(async () => {
    await sleep(5);
    log.push('b');
  });
  await writes.flush();
  assert.deepEqual(log, ['a', 'b']);
  await writes.flush(); // nothing pending: resolves
  assert.deepEqual(log, ['a', 'b']);
});
