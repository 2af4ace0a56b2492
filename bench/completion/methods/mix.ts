import type { TokenCounter } from '../../../src/engine/tokenize/tokenCounter';
import type { Case } from '../cases';
import { CaseLines, choosePieces, fitPieces, type Piece } from '../render';
import { Bm25Method } from './bm25';
import type { Method } from './method';
import { RepoMapMethod } from './repomap';

/**
 * The two specialists combined, as someone would combine them by hand: the repository map's signature lines
 * up to a share of the budget, then BM25's chunks in the rest. Run at a few shares, it traces what any split
 * of their two rankings can reach: the line ours has to beat on both metrics at once.
 */
export class MixMethod implements Method {
  readonly name: string;
  private readonly map: RepoMapMethod;
  private readonly bm25: Bm25Method;
  private state: { lines: CaseLines; map: readonly Piece[]; bm25: readonly Piece[] } | undefined;

  constructor(private readonly counter: TokenCounter, private readonly mapShare: number) {
    if (!(mapShare > 0 && mapShare < 1)) throw new Error(`mix: the map's share must be between 0 and 1, got ${mapShare}`);
    this.name = `mix${Math.round(mapShare * 100)}`;
    this.map = new RepoMapMethod(counter);
    this.bm25 = new Bm25Method(counter);
  }

  async prepare(c: Case): Promise<void> {
    const lines = new CaseLines(c, this.counter);
    this.state = { lines, map: this.map.rank(c), bm25: this.bm25.rank(c, lines) };
  }

  async run(c: Case, budget: number): Promise<string> {
    if (!this.state) await this.prepare(c);
    const { lines, map, bm25 } = this.state as NonNullable<typeof this.state>;
    const signatures = choosePieces(lines, map, Math.floor(budget * this.mapShare), this.counter);
    return fitPieces(lines, [...signatures, ...bm25], budget, this.counter);
  }

  finish(): void {
    this.state = undefined;
  }
}
