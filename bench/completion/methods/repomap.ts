import type { Case } from '../cases';
import type { Piece } from '../render';
import { definitionsOf, type Definition } from '../segments';
import { identifiers, splitKeepEnds } from '../text';
import { BM25_QUERY_LINES } from './bm25';
import { RankedPiecesMethod } from './rankedPieces';

const DAMPING = 0.85;
const ITERATIONS = 30;

/**
 * A repository map in the manner of aider (aider/repomap.py): files are nodes, a reference from file A to a name
 * defined in file B is an edge A→B weighted by √(references), ×10 when the query mentions the name, ×0.1 for
 * private (`_x`) names and for names defined in more than five files; PageRank personalised to the query's file;
 * each file's rank is shared out along its edges to the definitions it references. Every definition's signature
 * line, in rank order, under the budget; no bodies.
 */
export class RepoMapMethod extends RankedPiecesMethod {
  readonly name = 'repomap';

  rank(c: Case): Piece[] {
    const paths = c.files.map((f) => f.path);
    const defs: Definition[] = c.files.flatMap((f) => definitionsOf(f.path, c.units.get(f.path) ?? []));
    const definers = new Map<string, Set<string>>();
    for (const d of defs) {
      const set = definers.get(d.key) ?? new Set<string>();
      set.add(d.path);
      definers.set(d.key, set);
    }
    const mentioned = new Set(identifiers(splitKeepEnds(c.prefix).slice(-BM25_QUERY_LINES).join('')));

    interface Edge {
      readonly from: string;
      readonly to: string;
      readonly key: string;
      readonly weight: number;
    }
    const edges: Edge[] = [];
    for (const f of c.files) {
      const refs = new Map<string, number>();
      for (const id of identifiers(f.text)) if (definers.has(id)) refs.set(id, (refs.get(id) ?? 0) + 1);
      for (const [key, n] of refs) {
        const targets = definers.get(key) ?? new Set<string>();
        let mul = mentioned.has(key) ? 10 : 1;
        if (key.startsWith('_')) mul *= 0.1;
        if (targets.size > 5) mul *= 0.1;
        for (const to of targets) edges.push({ from: f.path, to, key, weight: mul * Math.sqrt(n) });
      }
    }
    const outWeight = new Map<string, number>();
    for (const e of edges) outWeight.set(e.from, (outWeight.get(e.from) ?? 0) + e.weight);
    const personal = (p: string) => (p === c.targetPath ? 1 : 0);
    let rank = new Map(paths.map((p) => [p, 1 / paths.length]));
    for (let it = 0; it < ITERATIONS; it++) {
      const next = new Map(paths.map((p) => [p, (1 - DAMPING) * personal(p)]));
      let dangling = 0;
      for (const p of paths) if (!outWeight.get(p)) dangling += rank.get(p) ?? 0;
      for (const p of paths) next.set(p, (next.get(p) ?? 0) + DAMPING * dangling * personal(p));
      for (const e of edges) next.set(e.to, (next.get(e.to) ?? 0) + (DAMPING * (rank.get(e.from) ?? 0) * e.weight) / (outWeight.get(e.from) ?? 1));
      rank = next;
    }
    const defRank = new Map<string, number>();
    for (const e of edges) {
      const k = `${e.to}\0${e.key}`;
      defRank.set(k, (defRank.get(k) ?? 0) + ((rank.get(e.from) ?? 0) * e.weight) / (outWeight.get(e.from) ?? 1));
    }
    const order = new Map(paths.map((p, i) => [p, i]));
    return defs
      .filter((d) => !(d.path === c.targetPath && d.line >= c.tailStartLine))
      .map((d) => ({ d, r: defRank.get(`${d.path}\0${d.key}`) ?? 0 }))
      .sort((a, b) => b.r - a.r || (order.get(a.d.path) ?? 0) - (order.get(b.d.path) ?? 0) || a.d.line - b.d.line)
      .map(({ d }) => ({ path: d.path, from: d.line, to: d.lastLine }));
  }
}
