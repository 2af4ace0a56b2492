/**
 * Secret redaction (issue 20): the catch rate of our own rules, of secretlint's recommended preset alone, and
 * of both together, on the corpus of fake secrets the unit tests generate (one case per format, several
 * seeds), and the false positives of each on real code. Writes bench/results/secrets.md.
 * Run with `npm run bench:secrets`; `--seeds N` (default 5). The false-positive count covers the completion
 * benchmark's corpora when `bash bench/corpora/fetch.sh` has fetched them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { redactText, type ScannerChoice } from '../src/engine/secrets';
import { fakeSecretCorpus, leaked } from '../test/unit/helpers/fakeSecrets';
import { findRepoRoot } from './repoRoot';

const SCANNERS: readonly ScannerChoice[] = ['own', 'secretlint', 'both'];
const LABEL: Readonly<Record<ScannerChoice, string>> = { own: 'ours', secretlint: 'secretlint 13.1 (preset-recommend)', both: 'both (what the product runs)' };

interface Tally {
  secrets: number;
  caught: number;
  cases: number;
  casesCaught: number;
  ms: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.wasm') && !e.name.endsWith('.bin'))
    .map((e) => path.join(e.parentPath, e.name));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seedsAt = args.indexOf('--seeds');
  const seeds = seedsAt >= 0 ? Number(args[seedsAt + 1]) : 5;
  const repoRoot = findRepoRoot(__dirname);
  const tally = new Map<ScannerChoice, Tally>(SCANNERS.map((s) => [s, { secrets: 0, caught: 0, cases: 0, casesCaught: 0, ms: 0 }]));
  const missedBy = new Map<ScannerChoice, Map<string, number>>(SCANNERS.map((s) => [s, new Map()]));
  let formats = 0;
  for (let k = 0; k < seeds; k++) {
    const corpus = fakeSecretCorpus(1000 + k);
    formats = corpus.length;
    for (const c of corpus) {
      for (const scanner of SCANNERS) {
        const t = tally.get(scanner) as Tally;
        const t0 = performance.now();
        const r = await redactText(c.text, c.path, scanner);
        t.ms += performance.now() - t0;
        const caught = c.secrets.filter((s) => !leaked(r.text, s)).length;
        t.secrets += c.secrets.length;
        t.caught += caught;
        t.cases++;
        if (caught === c.secrets.length) t.casesCaught++;
        else missedBy.get(scanner)?.set(c.format, (missedBy.get(scanner)?.get(c.format) ?? 0) + 1);
      }
    }
  }

  // False positives: every redaction in real code is one (these trees hold no secrets).
  // The completion benchmark's corpora (Go, JDK, nlohmann/json, CPython, RxJS, three.js, tokio) when fetched.
  const realDirs = ['test/fixtures/real', 'src', '.cache/bench/corpora'];
  const fp = new Map<ScannerChoice, { files: number; redactions: number; bytes: number; ms: number; where: string[] }>(SCANNERS.map((s) => [s, { files: 0, redactions: 0, bytes: 0, ms: 0, where: [] }]));
  for (const dir of realDirs) {
    const abs = path.join(repoRoot, dir);
    let files: string[];
    try {
      files = sourceFiles(abs);
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (text.includes('\u0000')) continue;
      const rel = path.relative(repoRoot, file);
      for (const scanner of SCANNERS) {
        const f = fp.get(scanner);
        if (!f) continue;
        const t0 = performance.now();
        const r = await redactText(text, rel, scanner);
        f.ms += performance.now() - t0;
        f.files++;
        f.bytes += text.length;
        if (r.count > 0) {
          f.redactions += r.count;
          if (f.where.length < 40) f.where.push(`${rel} (${Object.entries(r.kinds).map(([kind, n]) => `${n} ${kind}`).join(', ')})`);
        }
      }
    }
  }

  const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)} %`;
  const lines = [
    '# Secret redaction: catch rate and false positives',
    '',
    `Corpus: ${formats} formats of fake secrets generated at run time (test/unit/helpers/fakeSecrets.ts), ${seeds} seeds (1000…${1000 + seeds - 1}): ` +
      `${(tally.get('own') as Tally).secrets} secrets in ${(tally.get('own') as Tally).cases} files. A secret counts as caught when no 12 characters of it in a row survive.`,
    '',
    '| scanner | secrets caught | files fully clean | ms per file |',
    '| --- | --- | --- | --- |',
    ...SCANNERS.map((s) => {
      const t = tally.get(s) as Tally;
      return `| ${LABEL[s]} | ${t.caught} / ${t.secrets} (${pct(t.caught, t.secrets)}) | ${t.casesCaught} / ${t.cases} | ${(t.ms / t.cases).toFixed(2)} |`;
    }),
    '',
    ...SCANNERS.map((s) => {
      const m = [...(missedBy.get(s) ?? new Map<string, number>()).keys()];
      return `Formats missed at least once by ${LABEL[s]} (${m.length}): ${m.length ? m.join(', ') : 'none'}.`;
    }),
    '',
    `False positives on real code (${realDirs.join(', ')}; no secrets there, so every redaction is a false positive):`,
    '',
    '| scanner | files | redactions | MB/s |',
    '| --- | --- | --- | --- |',
    ...SCANNERS.map((s) => {
      const f = fp.get(s);
      return f ? `| ${LABEL[s]} | ${f.files} | ${f.redactions} | ${(f.bytes / 1e6 / (f.ms / 1000)).toFixed(2)} |` : '';
    }),
    '',
    ...SCANNERS.map((s) => `Redacted by ${LABEL[s]}: ${fp.get(s)?.where.join('; ') || 'nothing'}.`),
    '',
  ];
  const out = path.join(repoRoot, 'bench/results/secrets.md');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
