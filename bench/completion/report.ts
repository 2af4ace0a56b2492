import type { Row } from './run';

export interface Cell {
  readonly n: number;
  readonly signatureRecall: number;
  readonly bodyRecall: number;
  readonly querySurvival: number;
  readonly meanTokens: number;
  readonly overBudget: number;
  readonly meanMs: number;
  readonly p50Ms: number;
}

export function aggregate(rows: readonly Row[]): Cell {
  const n = rows.length;
  const mean = (f: (r: Row) => number) => (n > 0 ? rows.reduce((s, r) => s + f(r), 0) / n : 0);
  const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
  return {
    n,
    signatureRecall: mean((r) => r.signatureRecall),
    bodyRecall: mean((r) => r.bodyRecall),
    querySurvival: mean((r) => (r.querySurvives ? 1 : 0)),
    meanTokens: mean((r) => r.tokens),
    overBudget: rows.filter((r) => r.overBudget).length,
    meanMs: mean((r) => r.ms),
    p50Ms: ms[Math.floor((ms.length - 1) / 2)] ?? 0,
  };
}

/** Cells keyed by method and budget (and language when given). */
export function cells(rows: readonly Row[], by: (r: Row) => string): Map<string, Cell> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = by(r);
    const g = groups.get(k) ?? [];
    g.push(r);
    groups.set(k, g);
  }
  return new Map([...groups].map(([k, g]) => [k, aggregate(g)]));
}

const pct = (x: number) => `${(100 * x).toFixed(1)}`;

function table(header: readonly string[], body: readonly (readonly string[])[]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of body) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

export interface MarkdownInput {
  readonly rows: readonly Row[];
  readonly budgets: readonly number[];
  readonly methods: readonly string[];
  readonly langs: readonly string[];
  readonly casesPerLang: Record<string, number>;
}

/** The tables of the summary: overall per budget, then per language. */
export function markdownTables(input: MarkdownInput): string {
  const { rows, budgets, methods, langs } = input;
  const byMB = cells(rows, (r) => `${r.method}@${r.budget}`);
  const out: string[] = [];
  out.push('### All languages: signature recall / similar-body line recall (%)\n');
  out.push(table(['method', ...budgets.map((b) => `${b / 1000}k`)], methods.map((m) => [m, ...budgets.map((b) => {
    const c = byMB.get(`${m}@${b}`);
    return c ? `${pct(c.signatureRecall)} / ${pct(c.bodyRecall)}` : '–';
  })])));
  out.push('\n### All languages: query tail kept (%), mean tokens used, over budget (count), median ms per case\n');
  out.push(table(['method', ...budgets.map((b) => `${b / 1000}k`)], methods.map((m) => [m, ...budgets.map((b) => {
    const c = byMB.get(`${m}@${b}`);
    return c ? `${pct(c.querySurvival)} · ${Math.round(c.meanTokens)} · ${c.overBudget} · ${Math.round(c.p50Ms)}` : '–';
  })])));
  if (methods.includes('ours')) {
    out.push('\n### Ours against the baselines (%)\n');
    out.push(standingTable(rows, budgets));
  }
  const byLMB = cells(rows, (r) => `${r.lang}:${r.method}@${r.budget}`);
  for (const b of budgets) {
    out.push(`\n### Per language at ${b / 1000}k: signature recall / similar-body line recall (%)\n`);
    out.push(table(['method', ...langs.map((l) => `${l} (${input.casesPerLang[l] ?? 0})`)], methods.map((m) => [m, ...langs.map((l) => {
      const c = byLMB.get(`${l}:${m}@${b}`);
      return c ? `${pct(c.signatureRecall)} / ${pct(c.bodyRecall)}` : '–';
    })])));
  }
  return out.join('\n');
}

/** The ceiling and ours are not baselines. */
const NOT_BASELINES = new Set(['ours', 'oracle']);
/** What a split between the map and BM25 can reach: BM25 alone, the mixes, the map alone. */
const SPECIALIST_SPLITS = ['bm25', 'mix25', 'mix50', 'mix75', 'repomap'];

/**
 * The best similar-body recall any split of the map and BM25 reaches at a given signature recall: the upper
 * envelope of the segments between the measured splits (a blend of two splits, case by case, lies on the segment
 * between them). Undefined when the signature recall is beyond every split's.
 */
export function splitFrontier(points: readonly { sig: number; body: number }[], sig: number): number | undefined {
  let best: number | undefined;
  for (const a of points) {
    if (a.sig >= sig) best = Math.max(best ?? -Infinity, a.body);
    for (const b of points) {
      if (!(a.sig < sig && sig < b.sig)) continue;
      const t = (sig - a.sig) / (b.sig - a.sig);
      best = Math.max(best ?? -Infinity, a.body + t * (b.body - a.body));
    }
  }
  return best;
}

/** Ours against the best baseline on each metric, and against the best split of the two specialists. */
export function standingTable(rows: readonly Row[], budgets: readonly number[]): string {
  const byMB = cells(rows, (r) => `${r.method}@${r.budget}`);
  const methods = [...new Set(rows.map((r) => r.method))];
  const body: string[][] = [];
  for (const b of budgets) {
    const ours = byMB.get(`ours@${b}`);
    if (!ours) continue;
    const bases = methods.filter((m) => !NOT_BASELINES.has(m)).flatMap((m) => {
      const c = byMB.get(`${m}@${b}`);
      return c ? [{ m, c }] : [];
    });
    const bestSig = bases.reduce<(typeof bases)[number] | undefined>((x, y) => (!x || y.c.signatureRecall > x.c.signatureRecall ? y : x), undefined);
    const bestBody = bases.reduce<(typeof bases)[number] | undefined>((x, y) => (!x || y.c.bodyRecall > x.c.bodyRecall ? y : x), undefined);
    const splits = SPECIALIST_SPLITS.flatMap((m) => {
      const c = byMB.get(`${m}@${b}`);
      return c ? [{ sig: c.signatureRecall, body: c.bodyRecall }] : [];
    });
    const frontier = splits.length >= 2 ? splitFrontier(splits, ours.signatureRecall) : undefined;
    body.push([
      `${b / 1000}k`,
      `${pct(ours.signatureRecall)} vs ${bestSig ? `${pct(bestSig.c.signatureRecall)} (${bestSig.m})` : '–'}`,
      `${pct(ours.bodyRecall)} vs ${bestBody ? `${pct(bestBody.c.bodyRecall)} (${bestBody.m})` : '–'}`,
      frontier !== undefined ? `${pct(ours.bodyRecall)} vs ${pct(frontier)}` : '–',
    ]);
  }
  return table(['budget', 'signatures: ours vs best baseline', 'similar bodies: ours vs best baseline', 'bodies at ours\' signature recall: ours vs best map+BM25 split'], body);
}
