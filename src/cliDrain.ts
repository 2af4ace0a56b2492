import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Resolves once a stream that refused a write has drained, or has closed (the reader went away). The wait for the
 * event that did not come is called off: left pending, each wait kept a 'close' and an 'error' listener on the
 * socket, dozens per run for a large JSON output through a --daemon connection (Node's MaxListenersExceededWarning).
 */
export async function drainedOrClosed(stream: Writable): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(stream, 'drain', { signal: done.signal }), once(stream, 'close', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}
