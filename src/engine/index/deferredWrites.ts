/**
 * Writes to disk that no result waits for (the stored result of a request, the secret scanner's findings), run a
 * moment after the requests are over rather than while one runs or while its result is being shown. In a long-lived
 * host they were the biggest thing between a result and the editor showing it: packing a 17 MB tree's stored result
 * took ~150 ms of the extension host's thread, and ran while the command waited on VS Code to open the document.
 * `flush` runs whatever is pending at once (the CLI before it exits, tests before they compare).
 */
export class DeferredWrites {
  private pending: (() => Promise<void>)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The writes started so far, one after another. */
  private running: Promise<void> = Promise.resolve();
  /** Requests now running: pending writes wait until none is. */
  private holds = 0;

  constructor(private readonly delayMs: number) {}

  /** Queues a write, run delayMs after the last request ends (or at flush). A write's failure is its own to report. */
  add(write: () => Promise<void>): void {
    this.pending.push(write);
    this.arm();
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
    if (this.holds > 0 || this.pending.length === 0) return;
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
    const writes = this.pending;
    this.pending = [];
    for (const write of writes) this.running = this.running.then(write).catch(() => undefined);
  }
}
