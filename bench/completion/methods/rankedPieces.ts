import type { TokenCounter } from '../../../src/engine/tokenize/tokenCounter';
import type { Case } from '../cases';
import { CaseLines, fitPieces, type FitOptions, type Piece } from '../render';
import type { Method } from './method';

/**
 * A baseline that ranks line ranges of the inputs once per case (whatever the budget) and takes them in that
 * order while they fit (fitPieces). Subclasses say only how they rank.
 */
export abstract class RankedPiecesMethod implements Method {
  abstract readonly name: string;
  private state: { lines: CaseLines; ranked: readonly Piece[] } | undefined;

  constructor(protected readonly counter: TokenCounter, private readonly fit: FitOptions = {}) {}

  /** The pieces in the order they should be kept. Public so that a method can combine two rankings (mix.ts). */
  abstract rank(c: Case, lines: CaseLines): Piece[];

  async prepare(c: Case): Promise<void> {
    const lines = new CaseLines(c, this.counter);
    this.state = { lines, ranked: this.rank(c, lines) };
  }

  async run(c: Case, budget: number): Promise<string> {
    if (!this.state) await this.prepare(c);
    const { lines, ranked } = this.state as { lines: CaseLines; ranked: readonly Piece[] };
    return fitPieces(lines, ranked, budget, this.counter, this.fit);
  }

  finish(): void {
    this.state = undefined;
  }
}
