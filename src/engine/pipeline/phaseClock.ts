/** The phases a request's timings are reported by (StageTimings, less gather and total). */
export type Phase = 'segment' | 'tokenize' | 'score' | 'plan' | 'render';

/** Wall time per phase of one request. */
export class PhaseClock {
  private readonly ms: Record<Phase, number> = { segment: 0, tokenize: 0, score: 0, plan: 0, render: 0 };

  async time<T>(phase: Phase, run: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await run();
    } finally {
      this.ms[phase] += performance.now() - t;
    }
  }

  totals(): Record<Phase, number> {
    return { ...this.ms };
  }
}
