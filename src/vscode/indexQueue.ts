/**
 * The background indexer's schedule, apart from VS Code so that plain Node tests can drive it: jobs are added
 * as editor and file-system events arrive, wait until the events have been quiet for `delayMs` (never longer
 * than `maxDelayMs` while they keep coming), then run as one batch, one batch at a time. A job added again
 * before it runs replaces the older one (one job per key: a file typed into a hundred times is analysed once).
 * `hold` stops the running batch and puts its jobs back (a compression has the CPU first); `dispose` stops all.
 */

/** The clock the queue waits on; tests pass one they move by hand. */
export interface QueueClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: QueueClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface IndexQueueOptions<T> {
  /** Quiet time after the last event before a batch starts. */
  readonly delayMs: number;
  /** The longest a job waits while events keep coming. */
  readonly maxDelayMs: number;
  /** Runs one batch; `signal` fires when the queue is held or disposed (the batch's jobs then go back, or are dropped). */
  run(jobs: readonly T[], signal: AbortSignal): Promise<void>;
  /** A batch that failed (not one stopped by `signal`): reported, and its jobs dropped. */
  onError(err: unknown): void;
  readonly clock?: QueueClock;
}

export interface QueueState {
  /** Jobs waiting for their batch. */
  readonly pending: number;
  /** Whether a batch is running. */
  readonly running: boolean;
  /** Whether a hold keeps batches from starting. */
  readonly held: boolean;
}

export class IndexQueue<T> {
  private readonly clock: QueueClock;
  private readonly pendingJobs = new Map<string, T>();
  private firstPendingAt: number | undefined;
  private timer: unknown;
  private current: { controller: AbortController; jobs: Map<string, T>; done: Promise<void> } | undefined;
  private holds = 0;
  private disposed = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: IndexQueueOptions<T>) {
    this.clock = options.clock ?? systemClock;
  }

  get state(): QueueState {
    return { pending: this.pendingJobs.size, running: this.current !== undefined, held: this.holds > 0 };
  }

  /** Adds (or replaces) the job under `key`, and waits for the events to go quiet before running it. */
  add(key: string, job: T): void {
    if (this.disposed) return;
    this.pendingJobs.delete(key); // the newest job of a key runs last in its batch
    this.pendingJobs.set(key, job);
    this.firstPendingAt ??= this.clock.now();
    this.schedule();
  }

  /**
   * Stops the running batch and keeps batches from starting until the returned function is called (each hold
   * once); the stopped batch's jobs wait again, behind none of the newer ones for the same keys.
   */
  hold(): () => void {
    this.holds++;
    this.clearTimer();
    const current = this.current;
    if (current) current.controller.abort();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.schedule();
      this.notify();
    };
  }

  /** Resolves once nothing waits and nothing runs (a hold that keeps jobs waiting keeps it unresolved). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops every waiting job and stops the running batch for good. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.pendingJobs.clear();
    this.firstPendingAt = undefined;
    this.current?.controller.abort();
    this.notify();
  }

  private isIdle(): boolean {
    return this.current === undefined && (this.pendingJobs.size === 0 || this.disposed);
  }

  private notify(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.clearTimer();
    if (this.disposed || this.holds > 0 || this.current || this.pendingJobs.size === 0) return;
    const waited = this.clock.now() - (this.firstPendingAt ?? this.clock.now());
    const delay = Math.max(0, Math.min(this.options.delayMs, this.options.maxDelayMs - waited));
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, delay);
  }

  private start(): void {
    if (this.disposed || this.holds > 0 || this.current || this.pendingJobs.size === 0) return;
    const jobs = new Map(this.pendingJobs);
    this.pendingJobs.clear();
    this.firstPendingAt = undefined;
    const controller = new AbortController();
    const done = this.options.run([...jobs.values()], controller.signal).then(
      () => undefined,
      (err: unknown) => {
        if (!controller.signal.aborted) this.options.onError(err);
      },
    );
    const current = { controller, jobs, done };
    this.current = current;
    void done.then(() => this.finish(current));
  }

  private finish(batch: { controller: AbortController; jobs: Map<string, T> }): void {
    this.current = undefined;
    if (batch.controller.signal.aborted && !this.disposed) {
      // Held: the batch's jobs wait again, unless a newer job of the same key came in meanwhile.
      const newer = new Map(this.pendingJobs);
      this.pendingJobs.clear();
      for (const [key, job] of batch.jobs) this.pendingJobs.set(key, newer.get(key) ?? job);
      for (const [key, job] of newer) this.pendingJobs.set(key, job);
      if (this.pendingJobs.size > 0) this.firstPendingAt ??= this.clock.now();
    }
    this.schedule();
    this.notify();
  }
}
