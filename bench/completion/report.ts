import type { Row } from './run';
import { DEFINITION_KINDS, type DefinitionKind } from './segments';

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

/**
 * The question set's tables: share of the answer's body lines kept, per budget and per language (each question's
 * answer is one function, its doc comment removed; no signatures are scored).
 */
export function questionTables(rows: readonly Row[], budgets: readonly number[], methods: readonly string[], langs: readonly string[], questionsPerLang: Record<string, number>): string {
  const asked = methods.filter((m) => rows.some((r) => r.method === m));
  const byMB = cells(rows, (r) => `${r.method}@${r.budget}`);
  const out: string[] = ['### Questions, all languages: answer-body line recall (%)\n'];
  out.push(table(['method', ...budgets.map((b) => `${b / 1000}k`)], asked.map((m) => [m, ...budgets.map((b) => {
    const c = byMB.get(`${m}@${b}`);
    return c ? pct(c.bodyRecall) : '–';
  })])));
  const byLMB = cells(rows, (r) => `${r.lang}:${r.method}@${r.budget}`);
  out.push('\n### Questions per language: answer-body line recall (%), ours / bm25\n');
  out.push(table(['budget', ...langs.map((l) => `${l} (${questionsPerLang[l] ?? 0})`)], budgets.map((b) => [`${b / 1000}k`, ...langs.map((l) => {
    const ours = byLMB.get(`${l}:ours@${b}`);
    const bm25 = byLMB.get(`${l}:bm25@${b}`);
    return ours && bm25 ? `${pct(ours.bodyRecall)} / ${pct(bm25.bodyRecall)}` : '–';
  })])));
  return out.join('\n');
}

/** The tables of the summary: overall per budget, then per language. */
export function markdownTables(input: MarkdownInput): string {
  const { budgets, methods, langs } = input;
  const rows = input.rows.filter((r) => r.set === 'completion');
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
  out.push(kindTables(rows, budgets, methods, langs));
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

/** Gold signatures of a kind kept over all rows, and how many there were (pooled: a kind is rare in most cases). */
function kindRecall(rows: readonly Row[], kind: DefinitionKind): { kept: number; total: number } {
  let kept = 0;
  let total = 0;
  for (const r of rows) {
    const c = r.signatureKinds[kind];
    if (!c) continue;
    kept += c[0];
    total += c[1];
  }
  return { kept, total };
}

/** Gold signatures of each kind, in the rows of one method at one budget (the same for every method and budget). */
function kindTotals(rows: readonly Row[]): Map<DefinitionKind, number> {
  const first = rows[0];
  const one = first ? rows.filter((r) => r.method === first.method && r.budget === first.budget) : [];
  return new Map(DEFINITION_KINDS.map((k) => [k, kindRecall(one, k).total]));
}

/**
 * Signature recall per kind of definition (pooled over cases) at each budget, and per kind and language at one
 * budget for the methods that matter most there: what a compressor keeps of constants, fields, macros... and not
 * just of functions.
 */
export function kindTables(rows: readonly Row[], budgets: readonly number[], methods: readonly string[], langs: readonly string[]): string {
  const totals = kindTotals(rows);
  const kinds = DEFINITION_KINDS.filter((k) => (totals.get(k) ?? 0) > 0);
  const out: string[] = [];
  for (const b of budgets) {
    out.push(`\n### Per kind of definition at ${b / 1000}k: signature recall (%), pooled over cases (gold count)\n`);
    out.push(table(['method', ...kinds.map((k) => `${k} (${totals.get(k) ?? 0})`)], methods.map((m) => {
      const mine = rows.filter((r) => r.method === m && r.budget === b);
      return [m, ...kinds.map((k) => {
        const { kept, total } = kindRecall(mine, k);
        return total > 0 ? pct(kept / total) : '–';
      })];
    })));
  }
  const shown = KIND_BY_LANGUAGE_METHODS.filter((m) => methods.includes(m));
  for (const b of budgets) {
    out.push(`\n### Per kind and language at ${b / 1000}k: signature recall (%), ${shown.join(' / ')} (gold count)\n`);
    out.push(table(['kind', ...langs], kinds.map((k) => [k, ...langs.map((l) => {
      const inLang = rows.filter((r) => r.lang === l && r.budget === b);
      const total = kindRecall(inLang.filter((r) => r.method === shown[0]), k).total;
      if (total === 0) return '–';
      return `${shown.map((m) => pct(kindRecall(inLang.filter((r) => r.method === m), k).kept / total)).join(' / ')} (${total})`;
    })])));
  }
  return out.join('\n');
}

/** Ours, the map (which keeps every definition's line), BM25 and their even split, in the per-kind-and-language tables. */
const KIND_BY_LANGUAGE_METHODS = ['ours', 'repomap', 'bm25', 'mix50'];

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
