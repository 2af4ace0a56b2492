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
