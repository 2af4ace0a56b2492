import type { Case } from '../cases';
import type { CaseLines, Piece } from '../render';
import { splitKeepEnds, subTokens } from '../text';
import { RankedPiecesMethod } from './rankedPieces';

/** Lines at the end of the prefix used as the retrieval query (the usual RAG window before the cursor). */
export const BM25_QUERY_LINES = 40;
const K1 = 1.2;
const B = 0.75;

/**
 * The RAG baseline: the tree-sitter units of every input (functions, methods, class headers, other top-level
 * code) as chunks, ranked by BM25 over identifier sub-tokens against the prefix's last lines, taken in score
 * order until the budget is full.
 */
export class Bm25Method extends RankedPiecesMethod {
  readonly name = 'bm25';

  rank(c: Case, lines: CaseLines): Piece[] {
    const query = new Set(subTokens(splitKeepEnds(c.prefix).slice(-BM25_QUERY_LINES).join('')));
    const chunks: { piece: Piece; tf: Map<string, number>; length: number }[] = [];
    for (const f of c.files) {
      for (const u of c.units.get(f.path) ?? []) {
        // The reserved tail is kept anyway; a unit running into it contributes its lines before it.
        const to = f.path === c.targetPath ? Math.min(u.endLine, c.tailStartLine - 1) : u.endLine;
        if (to < u.startLine || u.text.trim().length === 0) continue;
        const words = subTokens(lines.of(f.path).slice(u.startLine - 1, to).join(''));
        const tf = new Map<string, number>();
        for (const w of words) if (query.has(w)) tf.set(w, (tf.get(w) ?? 0) + 1);
        chunks.push({ piece: { path: f.path, from: u.startLine, to }, tf, length: words.length });
      }
    }
    const df = new Map<string, number>();
    for (const ch of chunks) for (const w of ch.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
    const n = chunks.length;
    const avg = chunks.reduce((s, ch) => s + ch.length, 0) / Math.max(n, 1) || 1;
    const scored = chunks.map((ch, i) => {
      let score = 0;
      for (const [w, f] of ch.tf) {
        const d = df.get(w) ?? 0;
        const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
        score += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * ch.length) / avg));
      }
      return { piece: ch.piece, score, i };
    });
    scored.sort((a, b) => b.score - a.score || a.i - b.i);
    return scored.filter((s) => s.score > 0).map((s) => s.piece);
  }
}
