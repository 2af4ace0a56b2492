/**
 * Writes to disk that no result waits for (the stored result of a request, the secret scanner's findings), run a
 * moment after the requests are over rather than while one runs or while its result is being shown. In a long-lived
 * host they were the biggest thing between a result and the editor showing it: packing a 17 MB tree's stored result
 * took ~150 ms of the extension host's thread, and ran while the command waited on VS Code to open the document.
 * `flush` runs whatever is pending at once (the CLI before it exits, tests before they compare).
 */
/** Writes kept waiting at most (each may hold a whole result: 44k slots for a 17 MB tree). */
const MAX_PENDING = 8;

export class DeferredWrites {
  /** Pending writes by key: a later write of the same thing replaces the one still waiting. */
  private pending = new Map<string, () => Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The writes started so far, one after another. */
  private running: Promise<void> = Promise.resolve();
  /** Requests now running: pending writes wait until none is. */
  private holds = 0;

  constructor(private readonly delayMs: number) {}

  /**
   * Queues a write, run delayMs after the last request ends (or at flush); `key` names what it writes, so that a
   * newer write of the same thing replaces one still waiting. Requests that never pause (a script in a loop) do not
   * pile writes up in memory: past MAX_PENDING they start at once. A write's failure is its own to report.
   */
  add(key: string, write: () => Promise<void>): void {
    this.pending.delete(key);
    this.pending.set(key, write);
    if (this.pending.size > MAX_PENDING) this.start();
    else this.arm();
  }

  /** A request starts: nothing pending is written until it ends (release). */
  hold(): void {
    this.holds++;
    this.disarm();
  }

  release(): void {
    this.holds = Math.max(0, this.holds - 1);
    this.arm();
  }

  /** Starts everything pending now and resolves once every write started so far has ended. */
  async flush(): Promise<void> {
    this.disarm();
    this.start();
    await this.running;
  }

  private arm(): void {
    this.disarm();
    if (this.holds > 0 || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, this.delayMs);
    // A process with nothing else to do exits without waiting for it (the CLI flushes first; a cache may lose a write).
    this.timer.unref?.();
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    const writes = [...this.pending.values()];
    this.pending.clear();
    for (const write of writes) this.running = this.running.then(write).catch(() => undefined);
  }
}
