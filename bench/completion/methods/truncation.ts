import type { TokenCounter } from '../../../src/engine/tokenize/tokenCounter';
import type { Case } from '../cases';
import type { CaseLines, Piece } from '../render';
import { RankedPiecesMethod } from './rankedPieces';

/**
 * Plain left truncation: the inputs concatenated (other files in path order, the query's file last) and cut
 * from the front at the budget, so what stays is the query's file tail and the files just before it.
 */
export class TruncationMethod extends RankedPiecesMethod {
  readonly name = 'truncation';

  constructor(counter: TokenCounter) {
    super(counter, { contiguous: true });
  }

  rank(c: Case, lines: CaseLines): Piece[] {
    const backwards: Piece[] = [];
    for (let fi = c.files.length - 1; fi >= 0; fi--) {
      const f = c.files[fi];
      if (!f) continue;
      const last = f.path === c.targetPath ? c.tailStartLine - 1 : lines.of(f.path).length;
      for (let n = last; n >= 1; n--) backwards.push({ path: f.path, from: n, to: n });
    }
    return backwards;
  }
}
