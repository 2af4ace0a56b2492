import type { Case } from '../cases';
import type { Piece } from '../render';
import { RankedPiecesMethod } from './rankedPieces';

/**
 * The ceiling: it knows the gold. Gold signature lines first, then the gold similar functions whole, then as much
 * of the query's file before the reserved tail as still fits.
 */
export class OracleMethod extends RankedPiecesMethod {
  readonly name = 'oracle';

  rank(c: Case): Piece[] {
    const ranked: Piece[] = [
      ...c.gold.signatures.map((s) => ({ path: s.path, from: s.line, to: s.lastLine })),
      ...c.gold.bodies.map((b) => ({ path: b.path, from: b.unitStart, to: b.unitEnd })),
      // A body too big for what is left still gives its body lines when its signature is already in.
      ...c.gold.bodies.map((b) => ({ path: b.path, from: b.from, to: b.to })),
    ];
    for (let n = c.tailStartLine - 1; n >= 1; n--) ranked.push({ path: c.targetPath, from: n, to: n });
    return ranked;
  }
}
