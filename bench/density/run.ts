// Density-warning benchmark: precision, recall and F1 of the Problems panel's dense-code detector on a labelled set
// of real files (bench/density/corpus.ts, fetched by bench/density/fetch.sh), at the file level (a file is flagged
// if any region is) and the region level, for all files, per language, per kind, and on the held-out packages.
// Usage: npm run bench:density [-- --errors] [-- --held-out]   (--held-out adds the held-out packages' figures; --errors lists the tuning set's false positives and misses; never
// the held-out ones). Writes the set list to bench/density/set.tsv and the figures to bench/results/density.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Compressor, languageOfPath } from '../../src/engine';
import { scoreFileDenseRegions } from '../../src/engine/density/fileRegions';
import type { DenseRegion } from '../../src/engine/density/regions';
import { buildSet, type SetFile } from './corpus';
import { findRepoRoot } from '../repoRoot';

const DECODER = 'qwen2.5-coder-7b';

interface Outcome {
  readonly file: SetFile;
  readonly language: string;
  readonly regions: readonly DenseRegion[];
  /** Predicted regions that overlap a dense span, and dense spans some region overlaps. */
  readonly regionTp: number;
  readonly regionFp: number;
  readonly truthFound: number;
  readonly truthTotal: number;
}

function overlaps(a: readonly [number, number], b: { startLine: number; endLine: number }): boolean {
  return a[0] <= b.endLine && b.startLine <= a[1];
}

function lineCount(text: string): number {
  return text.split('\n').length;
}

function outcome(file: SetFile, text: string, regions: readonly DenseRegion[]): Omit<Outcome, 'file' | 'language' | 'regions'> {
  if (file.label === 'plain') return { regionTp: 0, regionFp: regions.length, truthFound: 0, truthTotal: 0 };
  const truth = file.regions ?? [[1, lineCount(text)] as const];
  const regionTp = regions.filter((r) => truth.some((t) => overlaps(t, r))).length;
  const truthFound = truth.filter((t) => regions.some((r) => overlaps(t, r))).length;
  return { regionTp, regionFp: regions.length - regionTp, truthFound, truthTotal: truth.length };
}

interface Figures {
  files: number;
  dense: number;
  precision: number;
  recall: number;
  f1: number;
  regionPrecision: number;
  regionRecall: number;
  entriesPerDenseFile: number;
  maxEntriesPerFile: number;
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : Number.NaN;
}

function figures(outcomes: readonly Outcome[]): Figures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let rtp = 0;
  let rfp = 0;
  let found = 0;
  let total = 0;
  let denseEntries = 0;
  let dense = 0;
  let maxEntries = 0;
  for (const o of outcomes) {
    const flagged = o.regions.length > 0;
    if (o.file.label === 'dense') {
      dense++;
      denseEntries += o.regions.length;
      // A file with labelled spans is found only by a warning on one of them, not by one elsewhere in it.
      if (o.file.regions ? o.regionTp > 0 : flagged) tp++;
      else fn++;
    } else if (flagged) fp++;
    rtp += o.regionTp;
    rfp += o.regionFp;
    found += o.truthFound;
    total += o.truthTotal;
    maxEntries = Math.max(maxEntries, o.regions.length);
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    files: outcomes.length,
    dense,
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall),
    regionPrecision: ratio(rtp, rtp + rfp),
    regionRecall: ratio(found, total),
    entriesPerDenseFile: ratio(denseEntries, dense),
    maxEntriesPerFile: maxEntries,
  };
}

const fmt = (x: number): string => (Number.isNaN(x) ? '   – ' : x.toFixed(3));

function row(name: string, f: Figures): string {
  return `${name.padEnd(26)} ${String(f.files).padStart(5)} ${String(f.dense).padStart(5)}  ${fmt(f.precision)}  ${fmt(f.recall)}  ${fmt(f.f1)}   ${fmt(f.regionPrecision)}  ${fmt(f.regionRecall)}  ${f.entriesPerDenseFile.toFixed(2).padStart(5)} ${String(f.maxEntriesPerFile).padStart(4)}`;
}

function groupBy(outcomes: readonly Outcome[], key: (o: Outcome) => string): Map<string, Outcome[]> {
  const out = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const k = key(o);
    out.set(k, [...(out.get(k) ?? []), o]);
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

async function main(): Promise<void> {
  const root = findRepoRoot(__dirname);
  const showErrors = process.argv.includes('--errors');
  const showHeldOut = process.argv.includes('--held-out');
  const set = buildSet(path.join(root, '.cache/bench/density/pkgs'));
  const compressor = new Compressor(
    {
      wasmDir: path.join(root, 'dist/assets/wasm'),
      tokenizersDir: path.join(root, 'dist/assets/tokenizers'),
      encoders: { builtinDir: path.join(root, 'dist/assets/models/builtin'), repoRoot: root },
    },
    { info() {}, warn() {}, error() {}, debug() {} },
  );
  const outcomes: Outcome[] = [];
  const t0 = performance.now();
  for (const file of set) {
    const text = readFileSync(file.abs, 'utf8');
    const relPath = `${file.package}/${file.file}`;
    const language = languageOfPath(relPath);
    const regions = await scoreFileDenseRegions(text, () => compressor.densityOf({ path: relPath, text }, DECODER));
    outcomes.push({ file, language: language === 'text' ? path.extname(file.file).slice(1) || 'text' : language, regions, ...outcome(file, text, regions) });
  }
  const seconds = (performance.now() - t0) / 1000;

  const header = `${'group'.padEnd(26)} files dense  prec.  recall  F1      reg.P  reg.R  entries/dense max`;
  const lines: string[] = [header];
  const tuning = outcomes.filter((o) => !o.file.heldOut);
  const heldOut = outcomes.filter((o) => o.file.heldOut);
  // Held-out figures are shown only on request, so tuning runs never see them.
  // "all" includes the held-out packages, so it too is shown (and written) only with --held-out.
  const groups = groupBy(heldOut, (o) => o.file.group ?? 'held-out');
  const groupRows = [...groups].map(([name, os]) => row(name, figures(os)));
  lines.push(...(showHeldOut ? [row('all', figures(outcomes))] : []), row('tuning packages', figures(tuning)), ...(showHeldOut ? [row('held-out packages', figures(heldOut)), ...groupRows] : []), '');
  const shown = showHeldOut ? outcomes : tuning;
  for (const [lang, os] of groupBy(shown, (o) => o.language)) lines.push(row(`lang ${lang}`, figures(os)));
  lines.push('');
  for (const [kind, os] of groupBy(shown, (o) => `${o.file.label === 'dense' ? '+' : '-'} ${o.file.kind}`)) lines.push(row(`kind ${kind}`, figures(os)));
  const packages = new Set(set.map((f) => f.package));
  console.log(`density bench: ${set.length} files from ${packages.size} packages (${new Set(outcomes.map((o) => o.language)).size} languages), ${seconds.toFixed(1)} s`);
  console.log(lines.join('\n'));

  if (showErrors) {
    // Held-out errors only with --held-out: for the report after the measurement, never while tuning.
    console.log(showHeldOut ? '\nErrors, all packages:' : '\nTuning-set errors (held-out packages are listed only with --held-out):');
    for (const o of showHeldOut ? outcomes : tuning) {
      const flagged = o.regions.length > 0;
      if (o.file.label === 'plain' && flagged) console.log(`  FP ${o.file.package}/${o.file.file}: ${o.regions.map((r) => `L${r.startLine}-${r.endLine} ${r.reasons.map((x) => x.code).join(',')}${r.percentile !== undefined ? ` p${r.percentile.toFixed(1)}` : ''}`).join(' | ')}`);
      if (o.file.label === 'dense' && (o.file.regions ? o.regionTp === 0 : !flagged)) console.log(`  FN ${o.file.package}/${o.file.file} (${o.file.kind})`);
      if (o.file.label === 'dense' && o.regionFp > 0) console.log(`  region FP ${o.file.package}/${o.file.file}: ${o.regionFp}`);
    }
  }

  writeFileSync(
    path.join(root, 'bench/density/set.tsv'),
    ['package\tfile\tlabel\tkind\theld_out\tregions\twhy', ...set.map((f) => [f.package, f.file, f.label, f.kind, f.heldOut ? 'yes' : 'no', f.regions?.map(([a, b]) => `${a}-${b}`).join(',') ?? '', f.why].join('\t'))].join('\n') + '\n',
  );
  const sources = [...packages].map((p) => readFileSync(path.join(root, '.cache/bench/density/pkgs', p, 'SOURCE'), 'utf8').trim());
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    path.join(root, 'bench/results/density.json'),
    JSON.stringify({ files: set.length, seconds, ...(showHeldOut ? { all: figures(outcomes) } : {}), tuning: figures(tuning), ...(showHeldOut ? { heldOut: figures(heldOut), heldOutGroups: Object.fromEntries([...groups].map(([name, os]) => [name, figures(os)])) } : {}), sources }, null, 2) + '\n',
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exit(1);
});
