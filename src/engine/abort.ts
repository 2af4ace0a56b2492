/** Raised when the caller cancels (an AbortSignal fires); callers treat it as a quiet stop, not a failure. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Gives the event loop a turn so that a cancellation (or the UI) can get in during long synchronous work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How long synchronous work runs before it gives the event loop a turn (see timeSlicer). */
const SLICE_MS = 20;

/**
 * A check to call between small pieces of long work (a unit of a large file): every SLICE_MS it gives the event
 * loop a turn, so that a cancellation from the host (VS Code's Cancel, a new request) is delivered, and throws
 * CancelledError once the signal has fired. Between turns it costs a clock read.
 */
export function timeSlicer(signal: AbortSignal | undefined): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await yieldToEventLoop();
    throwIfAborted(signal);
    since = performance.now();
  };
}
