import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancelledError, timeSlicer } from '../../src/engine/abort';

/** About a millisecond of synchronous work, as counting one unit of a large file is. */
function busy(): void {
  const end = performance.now() + 1;
  while (performance.now() < end);
}

test('long synchronous work gives a cancellation its turn between pieces, not only at the end', async () => {
  const controller = new AbortController();
  // Delivered only when the event loop gets a turn: without the slicer, after all 1,000 pieces.
  setImmediate(() => controller.abort());
  const slice = timeSlicer(controller.signal);
  let done = 0;
  await assert.rejects(async () => {
    for (let i = 0; i < 1000; i++) {
      busy();
      done++;
      await slice();
    }
  }, CancelledError);
  assert.ok(done < 1000, `stopped after ${done} of 1000 pieces`);
});
