import { parseArgs } from 'node:util';

export interface BenchOptions {
  readonly casesPerLang: number;
  /** Question cases per language (questions.ts); 0 for none. */
  readonly questionsPerLang: number;
  readonly budgets: readonly number[];
  /** Language codes to run (all when empty). */
  readonly langs: readonly string[];
  readonly methods: readonly string[];
  readonly seed: number;
  readonly speed: boolean;
  readonly outDir: string;
  /** When set, every output and each case's gold are written under this folder, for inspection. */
  readonly dumpDir: string | undefined;
}

export const ALL_METHODS = ['ours', 'truncation', 'bm25', 'repomap', 'mix25', 'mix50', 'mix75', 'repomix', 'oracle'] as const;

const USAGE = `Usage: node out/bench/completion.js [options]
  --cases N          cases per language (default 12)
  --questions N      question cases per language (default: as many as --cases; 0 for none)
  --budgets LIST     token budgets, comma-separated (default 1000,2000,4000,8000)
  --langs LIST       languages: ts,js,py,go,rs,java,cpp (default all)
  --methods LIST     ${ALL_METHODS.join(',')} (default all)
  --seed N           case selection seed (default 1)
  --no-speed         skip the 1 MB speed comparison
  --out DIR          where completion.json and completion.md go (default bench/results)
  --dump DIR         also write every output and each case's gold there (to see what a method kept)`;

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      cases: { type: 'string' },
      questions: { type: 'string' },
      budgets: { type: 'string' },
      langs: { type: 'string' },
      methods: { type: 'string' },
      seed: { type: 'string' },
      'no-speed': { type: 'boolean' },
      out: { type: 'string' },
      dump: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 'help';
  }
  const budgets = list(values.budgets ?? '1000,2000,4000,8000').map(Number);
  if (budgets.some((b) => !Number.isInteger(b) || b < 64)) throw new Error(`--budgets needs whole numbers ≥ 64, got ${values.budgets}`);
  const methods = list(values.methods);
  const unknown = methods.filter((m) => !(ALL_METHODS as readonly string[]).includes(m));
  if (unknown.length > 0) throw new Error(`Unknown method(s): ${unknown.join(', ')}\n${USAGE}`);
  return {
    casesPerLang: Number(values.cases ?? 12),
    questionsPerLang: Number(values.questions ?? values.cases ?? 12),
    budgets,
    langs: list(values.langs),
    methods: methods.length > 0 ? methods : [...ALL_METHODS],
    seed: Number(values.seed ?? 1),
    speed: !values['no-speed'],
    outDir: values.out ?? 'bench/results',
    dumpDir: values.dump,
  };
}
