import type { TokenCounter } from '../../../src/engine/tokenize/tokenCounter';
import type { Case } from '../cases';
import { CaseLines, fitPieces, type Piece } from '../render';
import type { Method } from './method';

/**
 * Plain left truncation: the inputs concatenated (other files in path order, the query's file last) and cut
 * from the front at the budget, so what stays is the query's file tail and the files just before it.
 */
export class TruncationMethod implements Method {
  readonly name = 'truncation';
  private lines: CaseLines | undefined;

  constructor(private readonly counter: TokenCounter) {}

  async prepare(c: Case): Promise<void> {
    this.lines = new CaseLines(c, this.counter);
  }

  async run(c: Case, budget: number): Promise<string> {
    const lines = this.lines ?? new CaseLines(c, this.counter);
    const backwards: Piece[] = [];
    for (let fi = c.files.length - 1; fi >= 0; fi--) {
      const f = c.files[fi];
      if (!f) continue;
      const last = f.path === c.targetPath ? c.tailStartLine - 1 : lines.of(f.path).length;
      for (let n = last; n >= 1; n--) backwards.push({ path: f.path, from: n, to: n });
    }
    return fitPieces(lines, backwards, budget, this.counter, { contiguous: true });
  }

  finish(): void {
    this.lines = undefined;
  }
}
