import type { TokenCounter } from '../../src/engine/tokenize/tokenCounter';
import type { Case } from './cases';
import { splitKeepEnds } from './text';

/**
 * Every baseline renders in the layout ours uses for Qwen2.5-Coder (`<|repo_name|>`, `<|file_sep|>path`), so
 * that the comparison is about what is kept, not about how headers are spelled.
 */
export const REPO_NAME = 'workspace';
/** Stands for lines left out between two kept pieces of a file (as repomix and aider's map do). */
export const GAP = '⋮\n';

export interface Section {
  readonly path: string;
  readonly body: string;
}

export function renderSections(sections: readonly Section[]): string {
  let out = `<|repo_name|>${REPO_NAME}\n`;
  for (const s of sections) out += `<|file_sep|>${s.path}\n${s.body}`;
  return out;
}

/** A range of lines of one input file (1-based, inclusive). */
export interface Piece {
  readonly path: string;
  readonly from: number;
  readonly to: number;
}

/** The lines of each input and their token counts, computed once per case. */
export class CaseLines {
  private readonly lines = new Map<string, string[]>();
  private readonly tokens = new Map<string, number[]>();

  constructor(readonly c: Case, private readonly counter: TokenCounter) {
    for (const f of c.files) this.lines.set(f.path, splitKeepEnds(f.text));
  }

  of(path: string): readonly string[] {
    return this.lines.get(path) ?? [];
  }

  /** Token count of a piece, as the sum of its lines' (BPE does not merge across a newline, so this is close). */
  cost(p: Piece): number {
    let t = this.tokens.get(p.path);
    if (!t) {
      t = this.of(p.path).map((l) => this.counter.count(l));
      this.tokens.set(p.path, t);
    }
    let n = 0;
    for (let i = p.from; i <= p.to; i++) n += t[i - 1] ?? 0;
    return n;
  }

  /** The query's tail: every method keeps it, last, where the completion continues. */
  tailPiece(): Piece {
    return { path: this.c.targetPath, from: this.c.tailStartLine, to: this.c.prefixLines };
  }

  /** Renders the union of the pieces' lines, files in input order, gaps marked. */
  render(pieces: readonly Piece[]): string {
    const chosen = new Map<string, Set<number>>();
    for (const p of [...pieces, this.tailPiece()]) {
      let set = chosen.get(p.path);
      if (!set) chosen.set(p.path, (set = new Set()));
      for (let i = p.from; i <= p.to; i++) set.add(i);
    }
    const sections: Section[] = [];
    for (const f of this.c.files) {
      const set = chosen.get(f.path);
      if (!set || set.size === 0) continue;
      const lines = this.of(f.path);
      const sorted = [...set].sort((a, b) => a - b);
      let body = sorted[0] !== 1 ? GAP : '';
      let prev = 0;
      for (const n of sorted) {
        if (prev !== 0 && n !== prev + 1) body += GAP;
        const line = lines[n - 1] ?? '';
        body += line.endsWith('\n') ? line : `${line}\n`;
        prev = n;
      }
      sections.push({ path: f.path, body });
    }
    return renderSections(sections);
  }
}

export interface FitOptions {
  /** Stop at the first piece that does not fit (keeps a contiguous cut) instead of trying smaller ones after it. */
  readonly contiguous?: boolean;
}

/** Pieces taken in priority order while an estimate of the rendered size stays within the budget. */
export function choosePieces(lines: CaseLines, ranked: readonly Piece[], budget: number, counter: TokenCounter, options: FitOptions = {}): Piece[] {
  const headerCost = (path: string) => counter.count(`<|file_sep|>${path}\n`);
  const gapCost = counter.count(GAP);
  const chosen = new Map<string, Set<number>>();
  const tail = lines.tailPiece();
  chosen.set(tail.path, new Set(Array.from({ length: tail.to - tail.from + 1 }, (_, i) => tail.from + i)));
  let estimate = counter.count(lines.render([]));
  const taken: Piece[] = [];
  for (const p of ranked) {
    const set = chosen.get(p.path);
    // Only lines not yet in count; a piece touching one already taken opens no new gap.
    let cost = set ? 0 : headerCost(p.path);
    for (let n = p.from; n <= p.to; n++) if (!set?.has(n)) cost += lines.cost({ path: p.path, from: n, to: n });
    if (!set?.has(p.from - 1) && !set?.has(p.to + 1)) cost += gapCost;
    if (estimate + cost > budget) {
      if (options.contiguous) break;
      continue;
    }
    taken.push(p);
    const s = set ?? new Set<number>();
    for (let n = p.from; n <= p.to; n++) s.add(n);
    chosen.set(p.path, s);
    estimate += cost;
  }
  return taken;
}

/**
 * Takes pieces in the given (priority) order while an estimate of the rendered size stays within the budget, then
 * drops the last taken until the exact count of the rendered text fits: never over the budget.
 */
export function fitPieces(lines: CaseLines, ranked: readonly Piece[], budget: number, counter: TokenCounter, options: FitOptions = {}): string {
  const taken = choosePieces(lines, ranked, budget, counter, options);
  let text = lines.render(taken);
  while (counter.count(text) > budget && taken.length > 0) {
    taken.pop();
    text = lines.render(taken);
  }
  return text;
}
