import type { TokenCounter } from '../../../src/engine/tokenize/tokenCounter';
import type { Case } from '../cases';
import { CaseLines, fitPieces, type Piece } from '../render';
import type { Method } from './method';

/**
 * The ceiling: it knows the gold. Gold signature lines first, then the gold similar functions whole, then as much
 * of the query's file before the reserved tail as still fits.
 */
export class OracleMethod implements Method {
  readonly name = 'oracle';
  private lines: CaseLines | undefined;

  constructor(private readonly counter: TokenCounter) {}

  async prepare(c: Case): Promise<void> {
    this.lines = new CaseLines(c, this.counter);
  }

  async run(c: Case, budget: number): Promise<string> {
    const lines = this.lines ?? new CaseLines(c, this.counter);
    const ranked: Piece[] = [
      ...c.gold.signatures.map((s) => ({ path: s.path, from: s.line, to: s.lastLine })),
      ...c.gold.bodies.map((b) => ({ path: b.path, from: b.unitStart, to: b.unitEnd })),
      // A body too big for what is left still gives its body lines when its signature is already in.
      ...c.gold.bodies.map((b) => ({ path: b.path, from: b.from, to: b.to })),
    ];
    for (let n = c.tailStartLine - 1; n >= 1; n--) ranked.push({ path: c.targetPath, from: n, to: n });
    return fitPieces(lines, ranked, budget, this.counter);
  }

  finish(): void {
    this.lines = undefined;
  }
}
