import { scoreUnits } from '../../src/engine/relevance';
import { lexicalScores } from '../../src/engine/relevance/lexical';
import { weightQuery } from '../../src/engine/relevance/query';
import type { Case } from './cases';
import type { Piece } from './render';

/**
 * The engine's two rankings as line ranges, for the bound (bound.ts): declarations by what the planner thinks a
 * signature is worth (reference relevance and the structural prior), and whole units by lexical relevance to the
 * code before the cursor. The query's reserved tail is left out of both (every method keeps it).
 */
export function oursRankings(c: Case): { signatures: Piece[]; bodies: Piece[] } {
  const items = c.files.flatMap((f, fileIndex) =>
    (c.units.get(f.path) ?? []).map((unit) => ({ unit, fileIndex, path: f.path, pinned: f.path === c.targetPath && unit.endLine >= c.tailStartLine })),
  );
  const free = items.map((_, i) => i).filter((i) => !items[i]?.pinned && (items[i]?.unit.text.trim().length ?? 0) > 0);
  const { values } = scoreUnits(items, c.prefix);
  const worth = (i: number) => values[i]?.signature ?? 0;
  const signatures = free
    .filter((i) => items[i]?.unit.kind !== 'import' && items[i]?.unit.kind !== 'block')
    .sort((a, b) => worth(b) - worth(a) || a - b)
    .map((i) => {
      const it = items[i] as (typeof items)[number];
      const decl = it.unit.declaration ?? { startLine: it.unit.startLine, endLine: it.unit.startLine };
      return { path: it.path, from: decl.startLine, to: decl.endLine };
    });
  const lex = lexicalScores(items, weightQuery(c.prefix));
  const bodies = free
    .filter((i) => (lex[i] ?? 0) > 0)
    .sort((a, b) => (lex[b] ?? 0) - (lex[a] ?? 0) || a - b)
    .map((i) => {
      const it = items[i] as (typeof items)[number];
      const to = it.path === c.targetPath ? Math.min(it.unit.endLine, c.tailStartLine - 1) : it.unit.endLine;
      return { path: it.path, from: it.unit.startLine, to };
    })
    .filter((p) => p.to >= p.from);
  return { signatures, bodies };
}
