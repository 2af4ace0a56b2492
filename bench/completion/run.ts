import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import type { TokenCounter } from '../../src/engine/tokenize/tokenCounter';
import type { BenchOptions } from './args';
import { buildCases, CorpusIndex, type Case } from './cases';
import { buildQuestions } from './questions';
import { CORPORA, loadCorpus } from './corpora';
import { score } from './metrics';
import type { Method } from './methods/method';
import type { DefinitionKind } from './segments';

export interface Row {
  /** Completion at a cursor, or a question in words (questions.ts). */
  readonly set: CaseSet;
  readonly caseId: string;
  readonly lang: string;
  readonly method: string;
  readonly budget: number;
  readonly tokens: number;
  readonly overBudget: boolean;
  readonly signatureRecall: number;
  readonly bodyRecall: number;
  readonly querySurvives: boolean;
  /** Per kind of definition: gold signatures kept, and how many there were. */
  readonly signatureKinds: Partial<Record<DefinitionKind, readonly [number, number]>>;
  /** This call's time plus the method's once-per-case preparation (repomix's child process, chunking, ranking). */
  readonly ms: number;
}

export type CaseSet = 'completion' | 'question';

/** Baselines that answer a question too: repomix is left out (it ranks nothing, and costs a process per case). */
const QUESTION_METHODS: ReadonlySet<string> = new Set(['ours', 'truncation', 'bm25', 'repomap', 'mix25', 'mix50', 'mix75', 'oracle']);

export interface CaseInfo {
  readonly set: CaseSet;
  readonly id: string;
  readonly lang: string;
  readonly corpus: string;
  readonly target: string;
  readonly bodyLines: number;
  readonly files: number;
  readonly inputTokens: number;
  readonly goldSignatures: readonly string[];
  readonly goldBodies: readonly { readonly path: string; readonly name: string; readonly score: number; readonly lines: number }[];
  readonly question?: string;
}

export interface RunOutput {
  readonly cases: CaseInfo[];
  readonly rows: Row[];
  readonly caseBuildMs: Record<string, number>;
}

function info(c: Case): CaseInfo {
  return {
    set: c.question !== undefined ? 'question' : 'completion',
    ...(c.question !== undefined ? { question: c.question } : {}),
    id: c.id,
    lang: c.lang,
    corpus: c.corpus,
    target: `${c.targetPath}:${c.targetName}`,
    bodyLines: c.bodyLines,
    files: c.files.length,
    inputTokens: c.inputTokens,
    goldSignatures: c.gold.signatures.map((s) => `${s.path}:${s.line} [${s.kind}] ${s.core.join(' ')}`),
    goldBodies: c.gold.bodies.map((b) => ({ path: b.path, name: b.name, score: Number(b.score.toFixed(3)), lines: b.lines.length })),
  };
}

export async function runBenchmark(repoRoot: string, options: BenchOptions, methods: readonly Method[], runtime: TreeSitterRuntime, counter: TokenCounter, log: (line: string) => void): Promise<RunOutput> {
  const cases: CaseInfo[] = [];
  const rows: Row[] = [];
  const caseBuildMs: Record<string, number> = {};
  for (const spec of CORPORA) {
    if (options.langs.length > 0 && !options.langs.includes(spec.lang)) continue;
    const t0 = performance.now();
    const index = new CorpusIndex(spec, loadCorpus(repoRoot, spec), runtime, counter);
    const built = await buildCases(index, options.casesPerLang, options.seed, runtime, counter);
    const questions = options.questionsPerLang > 0 ? await buildQuestions(index, options.questionsPerLang, options.seed, runtime, counter) : [];
    caseBuildMs[spec.lang] = Math.round(performance.now() - t0);
    log(`${spec.lang} (${spec.label}): ${built.length} cases and ${questions.length} questions built in ${((caseBuildMs[spec.lang] ?? 0) / 1000).toFixed(1)} s`);
    for (const c of [...built, ...questions]) {
      const set: CaseSet = c.question !== undefined ? 'question' : 'completion';
      cases.push(info(c));
      const dump = options.dumpDir !== undefined ? path.join(options.dumpDir, c.id.replace(/[^A-Za-z0-9._-]+/g, '_')) : undefined;
      if (dump) {
        mkdirSync(dump, { recursive: true });
        writeFileSync(path.join(dump, 'gold.json'), JSON.stringify({ ...info(c), gold: c.gold, tail: c.tail }, null, 1));
      }
      const line: string[] = [];
      for (const m of methods) {
        if (set === 'question' && !QUESTION_METHODS.has(m.name)) continue;
        const tp = performance.now();
        await m.prepare(c);
        const prepareMs = performance.now() - tp;
        for (const budget of options.budgets) {
          const tr = performance.now();
          const text = await m.run(c, budget);
          const ms = performance.now() - tr + prepareMs;
          const tokens = counter.count(text);
          const s = score(c, text);
          if (dump) writeFileSync(path.join(dump, `${m.name}-${budget}.txt`), text);
          rows.push({ set, caseId: c.id, lang: c.lang, method: m.name, budget, tokens, overBudget: tokens > budget, ...s, ms: Math.round(ms) });
        }
        m.finish(c);
        const mine = rows.filter((r) => r.caseId === c.id && r.method === m.name);
        line.push(`${m.name} ${(mine.reduce((a, r) => a + r.signatureRecall, 0) / mine.length).toFixed(2)}/${(mine.reduce((a, r) => a + r.bodyRecall, 0) / mine.length).toFixed(2)}`);
      }
      log(`  ${c.id} (${c.inputTokens} tok, ${c.gold.signatures.length} sigs): ${line.join('  ')}`);
    }
  }
  return { cases, rows, caseBuildMs };
}
