import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchOptions } from './args';
import { QUERY_TAIL_LINES } from './cases';
import { corpusRoot, type CorpusSpec } from './corpora';
import { cells, markdownTables, questionTables } from './report';
import type { RunOutput } from './run';
import type { SpeedResult } from './speed';

export interface ReportInput {
  readonly outDir: string;
  readonly options: BenchOptions;
  readonly methods: readonly string[];
  readonly corpora: readonly CorpusSpec[];
  readonly result: RunOutput;
  readonly speed: SpeedResult | undefined;
  readonly totalS: number;
  readonly machine: string;
  readonly repoRoot: string;
  /** What scored the units in ours (the engine's stats.encoder), 'none' without an encoder. */
  readonly oursEncoder: string;
}

const METHOD_NOTES: Record<string, string> = {
  ours: 'the Compressor; query = the whole prefix, the query tail pinned (as the extension pins the cursor region)',
  truncation: 'inputs concatenated (other files in path order, the query file last), cut from the front',
  bm25: 'tree-sitter units as chunks, BM25 over identifier sub-tokens vs the prefix\'s last 40 lines, in score order',
  repomap: 'aider-style: every definition\'s signature line, ranked by personalised PageRank over the reference graph; no bodies',
  mix25: 'the map\'s lines in the first 25% of the budget, then BM25\'s chunks (the two specialists combined)',
  mix50: 'the same with 50% for the map',
  mix75: 'the same with 75% for the map',
  repomix: 'repomix 1.18.1 --compress on the case\'s files, re-framed, cut from the end at the budget',
  oracle: 'knows the gold: gold signature lines, then the gold similar functions, then more of the query file',
};

function commandLine(o: BenchOptions): string {
  const parts = ['npm run bench:completion'];
  const extra: string[] = [];
  if (o.casesPerLang !== 12) extra.push(`--cases ${o.casesPerLang}`);
  if (o.budgets.join(',') !== '1000,2000,4000,8000') extra.push(`--budgets ${o.budgets.join(',')}`);
  if (o.langs.length > 0) extra.push(`--langs ${o.langs.join(',')}`);
  if (o.seed !== 1) extra.push(`--seed ${o.seed}`);
  if (!o.speed) extra.push('--no-speed');
  return extra.length > 0 ? `${parts[0]} -- ${extra.join(' ')}` : parts[0] ?? '';
}

function source(repoRoot: string, id: string): string {
  const p = path.join(corpusRoot(repoRoot, id), 'SOURCE');
  return existsSync(p) ? readFileSync(p, 'utf8').trim() : '?';
}

export function writeReport(input: ReportInput): string[] {
  const { options, result, speed } = input;
  mkdirSync(input.outDir, { recursive: true });
  const casesPerLang: Record<string, number> = {};
  const questionsPerLang: Record<string, number> = {};
  for (const c of result.cases) {
    const counts = c.set === 'question' ? questionsPerLang : casesPerLang;
    counts[c.lang] = (counts[c.lang] ?? 0) + 1;
  }
  const langs = input.corpora.map((c) => c.lang);
  const completionRows = result.rows.filter((r) => r.set === 'completion');
  const questionRows = result.rows.filter((r) => r.set === 'question');
  const summary = Object.fromEntries(cells(completionRows, (r) => `${r.method}@${r.budget}`));
  const questionSummary = Object.fromEntries(cells(questionRows, (r) => `${r.method}@${r.budget}`));
  const json = {
    command: commandLine(options),
    date: new Date().toISOString(),
    machine: input.machine,
    options,
    queryTailLines: QUERY_TAIL_LINES,
    oursEncoder: input.oursEncoder,
    corpora: input.corpora.map((c) => ({ ...c, source: source(input.repoRoot, c.id) })),
    casesPerLang,
    questionsPerLang,
    caseBuildMs: result.caseBuildMs,
    totalSeconds: Math.round(input.totalS),
    summary,
    questionSummary,
    speed,
    cases: result.cases,
    rows: result.rows,
  };
  const jsonPath = path.join(input.outDir, 'completion.json');
  // One line per row and per case: readable, and a third of the size of indenting everything.
  const { rows, cases, ...head } = json;
  const lines = (items: readonly object[]) => items.map((x) => `  ${JSON.stringify(x)}`).join(',\n');
  const headText = JSON.stringify(head, null, 1).replace(/\n}$/, '');
  writeFileSync(jsonPath, `${headText},\n "cases": [\n${lines(cases)}\n ],\n "rows": [\n${lines(rows)}\n ]\n}\n`);

  const md: string[] = [];
  md.push('# Repository-level completion benchmark\n');
  md.push(`Produced by \`${commandLine(options)}\` on ${json.date.slice(0, 10)} (${input.machine}); the whole run took ${Math.round(input.totalS)} s. Seed ${options.seed}.\n`);
  md.push('Each case: a function (5–60 body lines) cut right after its signature; every method gets the same inputs —');
  md.push('the file\'s prefix (the query; the body is never shown) and other files of the repository, ~20k–80k tokens —');
  md.push(`and must keep the query's last ${QUERY_TAIL_LINES} lines. Tokens counted with the Qwen2.5 tokenizer for every method; every output in the`);
  md.push('Qwen2.5-Coder repository layout. **Signature recall**: share of the definitions the hidden body uses whose signature line');
  md.push('survives intact; **similar-body recall**: share of the non-trivial lines of the 3 bodies most similar to the hidden body');
  md.push('(IDF-weighted sub-token overlap) found in the output.\n');
  md.push('| corpus | language | source | cases |');
  md.push('|---|---|---|---:|');
  for (const c of json.corpora) md.push(`| ${c.id} | ${c.lang} | ${c.source} | ${casesPerLang[c.lang] ?? 0} |`);
  md.push('');
  md.push('Methods:');
  for (const m of input.methods) md.push(`- **${m}**: ${METHOD_NOTES[m] ?? ''}${m === 'ours' ? ` (encoder: ${input.oursEncoder})` : ''}`);
  md.push('');
  md.push(markdownTables({ rows: result.rows, budgets: options.budgets, methods: input.methods, langs, casesPerLang }));
  if (questionRows.length > 0) {
    md.push('\n## Questions in words\n');
    md.push('Each question is written by a script from a function\'s doc comment (its first sentences, comment markup and');
    md.push('the function\'s name taken out); the context is the repository as above with that doc comment removed, no file');
    md.push('at a cursor and nothing pinned; ours gets the question as its query (as Ask sends it), BM25 and the map rank');
    md.push('against it. **Answer-body recall**: share of the answer function\'s non-trivial body lines found in the output.\n');
    md.push(questionTables(questionRows, options.budgets, input.methods, langs, questionsPerLang));
  }
  if (speed) {
    md.push(`\n### Speed: ${(speed.bytes / 1e6).toFixed(2)} MB of source (${speed.files} files from ${speed.sources}) to a ${4000 / 1000}k budget\n`);
    md.push('| tool | median wall (s) | peak RSS (MB) | output tokens | command |');
    md.push('|---|---:|---:|---:|---|');
    for (const [name, t] of [['ours', speed.ours], ['repomix --compress', speed.repomix]] as const) {
      md.push(`| ${name} | ${t.medianWallS.toFixed(2)} | ${t.maxPeakRssMB} | ${t.outputTokens} | \`${t.command}\` |`);
    }
    md.push('\nrepomix has no budget: its output is the whole compressed pack (the benchmark cuts it afterwards).');
  }
  const mdPath = path.join(input.outDir, 'completion.md');
  writeFileSync(mdPath, `${md.join('\n')}\n`);
  return [jsonPath, mdPath];
}
