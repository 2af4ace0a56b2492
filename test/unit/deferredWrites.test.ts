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
  writes.add('a', a.write);
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
  writes.add('a', a.write);
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
  writes.add('a', a.write);
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
  writes.add('a', async () => {
    log.push('a');
    throw new Error('disk full');
  });
  writes.add('b', async () => {
    await sleep(5);
    log.push('b');
  });
  await writes.flush();
  assert.deepEqual(log, ['a', 'b']);
  await writes.flush(); // nothing pending: resolves
  assert.deepEqual(log, ['a', 'b']);
});

test('a newer write of the same thing replaces the one waiting; too many waiting start at once', async () => {
  const log: string[] = [];
  const writes = new DeferredWrites(60_000);
  writes.hold();
  writes.add('findings', async () => void log.push('findings 1'));
  writes.add('findings', async () => void log.push('findings 2'));
  await writes.flush();
  assert.deepEqual(log, ['findings 2']);
  log.length = 0;
  // Held, with a delay of a minute: only the count can start these.
  const last = recorded(log, 'result 9');
  for (let i = 1; i <= 8; i++) writes.add(`result ${i}`, async () => void log.push(`result ${i}`));
  writes.add('result 9', last.write);
  await last.ran;
  assert.deepEqual(log, ['result 1', 'result 2', 'result 3', 'result 4', 'result 5', 'result 6', 'result 7', 'result 8', 'result 9']);
});
