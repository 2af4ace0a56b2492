import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { drainedOrClosed } from '../../src/cliDrain';

test('waiting for a drain many times leaves no listener behind; a close ends the wait too', async () => {
  const sink = new Writable({ highWaterMark: 4, write: (_chunk, _enc, done) => setImmediate(done) });
  const before = [sink.listenerCount('close'), sink.listenerCount('error'), sink.listenerCount('drain')];
  for (let i = 0; i < 30; i++) {
    assert.equal(sink.write('more than four bytes'), false);
    await drainedOrClosed(sink);
  }
  assert.deepEqual([sink.listenerCount('close'), sink.listenerCount('error'), sink.listenerCount('drain')], before);
  // A reader that goes away: the wait ends on the close, with no drain.
  const stuck = new Writable({ highWaterMark: 4, write: () => undefined });
  stuck.write('more than four bytes');
  const waiting = drainedOrClosed(stuck);
  stuck.destroy();
  await waiting;
  assert.equal(stuck.listenerCount('drain'), 0);
});
