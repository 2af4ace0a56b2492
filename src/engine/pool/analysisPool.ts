import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LanguageId } from '../segment/languages';
import type { FileAnalysis } from './fileAnalysis';
import type { SecretFinding } from '../secrets/types';
import type { WorkerInit, WorkerJob, WorkerReply } from './protocol';

/** Workers at most, whatever the machine: beyond this, reading and planning on the main thread dominate. */
const MAX_WORKERS = 8;
/** Workers that fail before their first answer before the pool gives up (a missing script, a broken install). */
const BROKEN_AFTER = 2;
/** Workers idle this long are stopped (a long-lived host gets its memory back between first builds). */
const IDLE_MS = 30_000;

export interface PoolOptions {
  /** The bundled worker script (dist/analysisWorker.js). */
  readonly script: string;
  readonly init: WorkerInit;
  /** Workers to run (at least one); default: defaultPoolSize(), or one on a single core. */
  readonly size?: number;
  /** How long workers wait idle before they stop (default IDLE_MS; 0: as soon as the last job is answered). */
  readonly idleMs?: number;
}

interface Pending {
  readonly job: WorkerJob;
  readonly resolve: (answer: WorkerAnswer) => void;
  readonly reject: (err: Error) => void;
}

/** What a job's reply carries: an analysis, or a scan's findings. */
type WorkerAnswer = FileAnalysis | readonly SecretFinding[] | undefined;

interface Slot {
  readonly worker: Worker;
  /** Jobs sent and not answered, oldest first (the worker runs them in that order). */
  readonly inFlight: Pending[];
}

/**
 * Jobs a worker holds at once: the one it runs and the next, so that it starts the next as soon as it answers
 * instead of idling while this thread handles the answer and sends another (~0.35 ms a job, ~0.7 s a worker over a
 * 17 MB first build's 4,000 scans and analyses, measured by profiling the workers).
 */
const JOBS_PER_WORKER = 2;

/**
 * The number of workers a pool runs by default on this machine: one per core, at most MAX_WORKERS; none on one
 * core, where a single worker only adds the cost of handing files over (measured: 17.9 s of analysis in one
 * worker against 13.9 s in place on a 17 MB tree; 10.8 s in two workers on two cores).
 */
export function defaultPoolSize(): number {
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, MAX_WORKERS);
}

/**
 * Files analysed in worker threads, at most JOBS_PER_WORKER jobs per worker at a time, in the order asked (the
 * results do not depend on which worker ran them). Workers start on the first job and stop after IDLE_MS without one; a worker that
 * dies fails its job (the caller analyses that file itself) and is replaced on the next.
 */
export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Workers that died before answering anything: after BROKEN_AFTER, the pool refuses work (the caller does it). */
  private deadOnArrival = 0;
  /** Holds that keep idle workers running (see hold). */
  private holds = 0;
  readonly size: number;

  constructor(private readonly options: PoolOptions) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
  }

  /** Workers running now (started, not stopped). */
  get running(): number {
    return this.slots.length;
  }

  /** Jobs queued and not yet sent to a worker. */
  get waiting(): number {
    return this.queue.length;
  }

  analyse(text: string, language: LanguageId, density: boolean): Promise<FileAnalysis | undefined> {
    return this.submit({ kind: 'analyse', id: this.nextId++, text, language, density }) as Promise<FileAnalysis | undefined>;
  }

  /** The secrets in a file, as findSecrets finds them in place (the same rules, run on a worker). */
  findSecrets(text: string, path: string): Promise<readonly SecretFinding[]> {
    return this.submit({ kind: 'secrets', id: this.nextId++, text, path }) as Promise<readonly SecretFinding[]>;
  }

  /**
   * Keeps the workers running until the returned function is called, idle or not: a host that scans a first
   * build's files here holds them until it has queued their analysis, so that the time between the two (reading
   * the index) does not stop workers only to start them again (the CLI stops idle workers at once).
   */
  hold(): () => void {
    this.holds++;
    clearTimeout(this.idleTimer);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.dispatch();
    };
  }

  private submit(job: WorkerJob): Promise<WorkerAnswer> {
    if (this.deadOnArrival >= BROKEN_AFTER) return Promise.reject(new Error('the analysis workers cannot start'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /** Drops the jobs not started yet (a cancelled request); those running finish and are ignored by their caller. */
  clearQueue(reason: Error): void {
    for (const p of this.queue.splice(0)) p.reject(reason);
  }

  /** Stops every worker; jobs still queued or running fail. */
  async dispose(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.clearQueue(new Error('the analysis pool was stopped'));
    const slots = this.slots.splice(0);
    for (const s of slots) for (const p of s.inFlight.splice(0)) p.reject(new Error('the analysis pool was stopped'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length > 0) {
      const slot = this.slotWithRoom();
      if (!slot) return;
      const next = this.queue.shift() as Pending;
      slot.inFlight.push(next);
      slot.worker.ref();
      slot.worker.postMessage(next.job);
    }
    if (this.holds === 0 && this.slots.every((s) => s.inFlight.length === 0)) this.idleTimer = setTimeout(() => void this.dispose(), this.options.idleMs ?? IDLE_MS).unref();
  }

  /** An idle worker, else a new one while the pool has room, else the least busy one with room for another job. */
  private slotWithRoom(): Slot | undefined {
    const idle = this.slots.find((s) => s.inFlight.length === 0);
    if (idle) return idle;
    if (this.slots.length < this.size) return this.start();
    let best: Slot | undefined;
    for (const s of this.slots) if (s.inFlight.length < JOBS_PER_WORKER && (!best || s.inFlight.length < best.inFlight.length)) best = s;
    return best;
  }

  private start(): Slot {
    const worker = new Worker(this.options.script, { workerData: this.options.init });
    const slot: Slot = { worker, inFlight: [] };
    let answered = false;
    worker.on('message', (reply: WorkerReply) => {
      const at = slot.inFlight.findIndex((p) => p.job.id === reply.id);
      if (at < 0) return;
      const [done] = slot.inFlight.splice(at, 1) as [Pending];
      answered = true;
      // An idle worker must not keep a CLI process alive.
      if (slot.inFlight.length === 0) worker.unref();
      if ('error' in reply) done.reject(new Error(reply.error));
      else done.resolve('findings' in reply ? reply.findings : reply.analysis);
      this.dispatch();
    });
    const fail = (err: Error): void => {
      const at = this.slots.indexOf(slot);
      if (at < 0) return; // stopped by dispose, or already failed
      this.slots.splice(at, 1);
      if (!answered) this.deadOnArrival++;
      if (this.deadOnArrival >= BROKEN_AFTER) this.clearQueue(err);
      for (const p of slot.inFlight.splice(0)) p.reject(err);
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`an analysis worker stopped (exit code ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}
