import type { Encoder, EncoderCalibration, EncoderInfo, TokenScores } from './encoder';

/**
 * A model-backed encoder that lets go of its model after a stretch without scoring, and loads it again on the
 * next score: a neural or GGUF model holds hundreds of MB to GBs (weights, KV cache, GPU memory) that an editor
 * left open all day should not keep. The idle time is read each time the timer is armed, so a setting changes it
 * without a reload; 0 or undefined keeps the model. A release never happens while a score is in flight, and
 * the timer does not keep a process alive.
 */
export class IdleReleasingEncoder implements Encoder {
  readonly info: EncoderInfo;
  private current: Promise<Encoder> | undefined;
  private calibrationOnce: Promise<EncoderCalibration | undefined> | undefined;
  private inflight = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** How many times the model was released and loaded again (for the log and the tests). */
  reloads = 0;

  constructor(
    first: Encoder,
    private readonly load: () => Promise<Encoder>,
    private readonly idleMs: () => number | undefined,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.info = first.info;
    this.current = Promise.resolve(first);
    this.arm();
  }

  /** True while the model is held (a release drops it; the next score loads it). */
  get loaded(): boolean {
    return this.current !== undefined;
  }

  calibration(): Promise<EncoderCalibration | undefined> {
    // Read once: it does not change with a reload, and asking must not load a released model.
    this.calibrationOnce ??= this.model().then((m) => m.calibration());
    return this.calibrationOnce;
  }

  async score(sequences: readonly (readonly number[])[], signal?: AbortSignal): Promise<TokenScores[]> {
    this.inflight++;
    this.disarm();
    try {
      return await (await this.model()).score(sequences, signal);
    } finally {
      this.inflight--;
      this.arm();
    }
  }

  drainNotices(): string[] {
    return [];
  }

  dispose(): void {
    this.disposed = true;
    this.disarm();
    this.drop();
  }

  private model(): Promise<Encoder> {
    if (this.disposed) return Promise.reject(new Error(`The encoder ${this.info.id} was disposed.`));
    if (!this.current) {
      this.reloads++;
      this.log(`Loading ${this.info.id} again (it was released when idle).`);
      const loading = this.load();
      this.current = loading;
      // A failed load is not kept: the next score tries again.
      loading.catch(() => {
        if (this.current === loading) this.current = undefined;
      });
    }
    return this.current;
  }

  private arm(): void {
    const ms = this.idleMs();
    if (this.disposed || !ms || ms <= 0 || this.inflight > 0 || !this.current) return;
    this.disarm();
    this.timer = setTimeout(() => this.release(ms), ms);
    this.timer.unref?.();
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private release(ms: number): void {
    this.timer = undefined;
    if (this.inflight > 0 || !this.current) return;
    this.log(`Released ${this.info.id} after ${Math.round(ms / 1000)} s without scoring; the next run loads it again.`);
    this.drop();
  }

  private drop(): void {
    const held = this.current;
    this.current = undefined;
    void held?.then((m) => m.dispose?.()).catch(() => undefined);
  }
}
