/**
 * The completion benchmark's bound (issue 4): whether any split between a signature ranking and a body ranking can
 * meet the bar — signatures at least the repository map's, bodies above BM25's — even choosing the split per case
 * with hindsight. Pairs the engine's rankings and the baselines' (map, BM25); writes bench/results/bound.md. Run
 * with `npm run bench:bound`; takes the completion benchmark's --cases, --budgets, --langs, --seed and --out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TreeSitterRuntime } from '../src/engine/segment/treeSitter';
import { loadTokenCounter } from '../src/engine/tokenize/tokenCounter';
import { parseBenchArgs } from './completion/args';
import { bestBodyWithSignatures, hindsightFrontier, ruledOutBy, type SplitPoint } from './completion/bound';
import { buildCases, CorpusIndex } from './completion/cases';
import { CORPORA, loadCorpus } from './completion/corpora';
import { Bm25Method } from './completion/methods/bm25';
import { RepoMapMethod } from './completion/methods/repomap';
import { score } from './completion/metrics';
import { oursRankings } from './completion/oursRankings';
import { CaseLines, choosePieces, fitPieces, type Piece } from './completion/render';
import { findRepoRoot } from './repoRoot';

/** Shares of the budget for signature lines: 0, 5 %, …, 100 %. */
const SHARES = Array.from({ length: 21 }, (_, k) => k / 20);
const PAIRS = ['map + BM25', 'ours + ours', 'ours + BM25', 'map + ours'] as const;
type Pair = (typeof PAIRS)[number];

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options === 'help') return;
  const repoRoot = findRepoRoot(__dirname);
  const counter = await loadTokenCounter(path.join(repoRoot, 'dist/assets/tokenizers'), 'qwen2.5');
  const runtime = new TreeSitterRuntime(path.join(repoRoot, 'dist/assets/wasm'));
  // points[pair][budget][case][share]
  const points = new Map<Pair, Map<number, SplitPoint[][]>>(PAIRS.map((p) => [p, new Map(options.budgets.map((b) => [b, []]))]));
  let cases = 0;
  const t0 = performance.now();
  for (const spec of CORPORA) {
    if (options.langs.length > 0 && !options.langs.includes(spec.lang)) continue;
    const index = new CorpusIndex(spec, loadCorpus(repoRoot, spec), runtime, counter);
    for (const c of await buildCases(index, options.casesPerLang, options.seed, runtime, counter)) {
      cases++;
      const lines = new CaseLines(c, counter);
      const ours = oursRankings(c);
      const map = new RepoMapMethod(counter).rank(c);
      const bm25 = new Bm25Method(counter).rank(c, lines);
      const rankings: Record<Pair, [Piece[], Piece[]]> = { 'map + BM25': [map, bm25], 'ours + ours': [ours.signatures, ours.bodies], 'ours + BM25': [ours.signatures, bm25], 'map + ours': [map, ours.bodies] };
      for (const pair of PAIRS) {
        const [signatures, bodies] = rankings[pair];
        for (const budget of options.budgets) {
          const row = SHARES.map((share) => {
            const kept = share > 0 ? choosePieces(lines, signatures, Math.floor(budget * share), counter) : [];
            const s = score(c, fitPieces(lines, share < 1 ? [...kept, ...bodies] : kept, budget, counter));
            return { sig: s.signatureRecall, body: s.bodyRecall };
          });
          points.get(pair)?.get(budget)?.push(row);
        }
      }
    }
    process.stderr.write(`${spec.lang}: ${cases} cases so far\n`);
  }
  const pct = (x: number | undefined) => (x === undefined ? '–' : (100 * x).toFixed(1));
  const out: string[] = [
    '# Completion benchmark: how far any split can go',
    '',
    `Command: \`npm run bench:bound${options.seed !== 1 ? ` -- --seed ${options.seed}` : ''}\` · ${cases} cases, seed ${options.seed} · ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    '',
    'Each case is rendered at 21 shares of the budget (0, 5 %, …, 100 %) given to one ranking\'s signature lines, the rest',
    'to another ranking\'s whole units, and scored as in `completion.md`. "Hindsight" lets every case take its best share',
    'for sig + λ·body (it knows the gold); any planner that picks a share per case ends inside that frontier. The bar is',
    'the issue\'s: signatures at least the map\'s (share 100 % of "map + BM25"), bodies above BM25\'s (share 0 %). "Ruled',
    'out" gives a λ at which the bar\'s corner lies on or beyond the frontier: no choice of shares, per case, meets it.',
    '',
  ];
  for (const budget of options.budgets) {
    const base = points.get('map + BM25')?.get(budget) ?? [];
    const mean = (k: number, key: 'sig' | 'body') => base.reduce((s, row) => s + (row[k]?.[key] ?? 0), 0) / Math.max(base.length, 1);
    const mapSig = mean(SHARES.length - 1, 'sig');
    const bm25Body = mean(0, 'body');
    out.push(`## ${budget} tokens: bar = signatures ≥ ${pct(mapSig)}, bodies > ${pct(bm25Body)}`, '');
    out.push('| signatures + bodies | fixed shares 20 / 40 / 60 / 80 % (sig / body) | hindsight: most signatures | hindsight: best bodies with signatures ≥ bar | bar |', '|---|---|---:|---:|---|');
    for (const pair of PAIRS) {
      const rows = points.get(pair)?.get(budget) ?? [];
      const fixed = [4, 8, 12, 16].map((k) => {
        const s = rows.reduce((a, r) => a + (r[k]?.sig ?? 0), 0) / Math.max(rows.length, 1);
        const b = rows.reduce((a, r) => a + (r[k]?.body ?? 0), 0) / Math.max(rows.length, 1);
        return `${pct(s)} / ${pct(b)}`;
      });
      const frontier = hindsightFrontier(rows);
      const most = Math.max(...frontier.map((p) => p.sig));
      const lambda = ruledOutBy(frontier, mapSig, bm25Body);
      out.push(`| ${pair} | ${fixed.join(' · ')} | ${pct(most)} | ${pct(bestBodyWithSignatures(frontier, mapSig))} | ${lambda === undefined ? 'not ruled out' : `ruled out (λ = ${lambda})`} |`);
    }
    out.push('');
  }
  const outDir = path.resolve(repoRoot, options.outDir);
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'bound.md');
  writeFileSync(file, `${out.join('\n')}\n`);
  process.stderr.write(`wrote ${file}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
