import type { Case } from '../cases';

/** One way of turning a case's inputs into a context of at most `budget` tokens. */
export interface Method {
  readonly name: string;
  /** Work done once per case whatever the budget (timed, and its time added to every budget's). */
  prepare(c: Case): Promise<void>;
  run(c: Case, budget: number): Promise<string>;
  /** Releases what prepare kept for the case. */
  finish(c: Case): void;
}
