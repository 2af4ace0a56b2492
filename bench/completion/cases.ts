import type { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import type { TokenCounter } from '../../src/engine/tokenize/tokenCounter';
import type { SourceFile, Unit } from '../../src/engine/types';
import type { CorpusFile, CorpusSpec } from './corpora';
import { goldBodies, goldSignatures, MAX_DEFINITIONS_PER_NAME, type Gold, type InputUnits } from './gold';
import { bodySpan, definitionsOf, segmentText, type Definition } from './segments';
import { hashString, identifiers, prng, shuffled, splitKeepEnds } from './text';

/** Lines at the end of the query that every method must keep (reserved first). */
export const QUERY_TAIL_LINES = 10;
export const MIN_BODY_LINES = 5;
export const MAX_BODY_LINES = 60;
/** Inputs are filled to about this many tokens, never above the cap, and a case below the floor is dropped. */
const TARGET_INPUT_TOKENS = 48_000;
const MAX_INPUT_TOKENS = 80_000;
const MIN_INPUT_TOKENS = 20_000;
const MIN_GOLD_SIGNATURES = 2;

export interface Case {
  readonly id: string;
  readonly corpus: string;
  readonly lang: string;
  readonly targetPath: string;
  readonly targetName: string;
  /** The hidden body's line count (never shown to any method). */
  readonly bodyLines: number;
  /** The inputs every method gets: other files in path order, then the target file's prefix (the query). */
  readonly files: readonly SourceFile[];
  readonly prefix: string;
  /** The last QUERY_TAIL_LINES lines of the prefix, and where they start (1-based). */
  readonly tail: string;
  readonly tailStartLine: number;
  readonly prefixLines: number;
  readonly inputTokens: number;
  /** Segmentation of every input (the target's prefix as given), for baselines that chunk. */
  readonly units: ReadonlyMap<string, readonly Unit[]>;
  readonly gold: Gold;
  /**
   * Set on a question case (questions.ts): the question asked in words, which is also `prefix`. No file is at a
   * cursor (`targetPath` is empty, the tail too), nothing is pinned, and the gold is the answer's body.
   */
  readonly question?: string;
}

/** Segments and counts a corpus lazily and once. */
export class CorpusIndex {
  private readonly unitsCache = new Map<string, readonly Unit[]>();
  private readonly tokensCache = new Map<string, number>();
  private defs: Definition[] | undefined;

  constructor(readonly spec: CorpusSpec, readonly files: readonly CorpusFile[], private readonly runtime: TreeSitterRuntime, private readonly counter: TokenCounter) {}

  async units(file: CorpusFile): Promise<readonly Unit[]> {
    let u = this.unitsCache.get(file.path);
    if (!u) {
      u = await segmentText(file.text, file.path, this.runtime);
      this.unitsCache.set(file.path, u);
    }
    return u;
  }

  tokens(file: CorpusFile): number {
    let n = this.tokensCache.get(file.path);
    if (n === undefined) {
      n = this.counter.count(file.text);
      this.tokensCache.set(file.path, n);
    }
    return n;
  }

  async definitions(): Promise<Definition[]> {
    if (!this.defs) {
      const all: Definition[] = [];
      for (const f of this.files) all.push(...definitionsOf(f.path, await this.units(f)));
      this.defs = all;
    }
    return this.defs;
  }
}

function dirDistance(a: string, b: string): number {
  const pa = a.split('/').slice(0, -1);
  const pb = b.split('/').slice(0, -1);
  let common = 0;
  while (common < pa.length && common < pb.length && pa[common] === pb[common]) common++;
  return pa.length - common + (pb.length - common);
}

/**
 * The files given beside the one at `path` (which has `ownTokens`): those in `first` first, then by folder
 * distance, then in a seeded order, until about TARGET_INPUT_TOKENS (never above MAX_INPUT_TOKENS), sorted by
 * path; undefined when they stay under MIN_INPUT_TOKENS.
 */
export function otherFiles(index: CorpusIndex, path: string, ownTokens: number, first: ReadonlySet<string>, seed: number): { chosen: CorpusFile[]; total: number } | undefined {
  const others = index.files
    .filter((f) => f.path !== path)
    .map((f) => ({ f, first: first.has(f.path) ? 0 : 1, distance: dirDistance(f.path, path), tie: hashString(`${seed}:${f.path}`) }))
    .sort((a, b) => a.first - b.first || a.distance - b.distance || a.tie - b.tie);
  let total = ownTokens;
  const chosen: CorpusFile[] = [];
  for (const { f } of others) {
    if (total >= TARGET_INPUT_TOKENS) break;
    const t = index.tokens(f);
    if (total + t > MAX_INPUT_TOKENS) continue;
    chosen.push(f);
    total += t;
  }
  if (total < MIN_INPUT_TOKENS) return undefined;
  chosen.sort((a, b) => a.path.localeCompare(b.path));
  return { chosen, total };
}

interface Target {
  readonly file: CorpusFile;
  readonly unit: Unit;
  readonly prefix: string;
  readonly body: string;
  readonly bodyLines: number;
}

/** The file cut right after the target's signature: everything before its body, the body itself hidden. */
function cutAt(file: CorpusFile, unit: Unit): Target | undefined {
  const span = bodySpan(unit);
  // A name with a space is not a function's (`namespace detail` behind a C++ macro the grammar misreads).
  if (!span || !unit.name || unit.name.includes(' ')) return undefined;
  const n = span.to - span.from + 1;
  if (n < MIN_BODY_LINES || n > MAX_BODY_LINES) return undefined;
  const lines = splitKeepEnds(file.text);
  const before = lines.slice(0, unit.startLine - 1).join('');
  // Braced: the head ends just before the body's `{`; indented (Python): the head ends after the docstring line.
  const prefix = span.braced ? `${before}${span.head}{\n` : `${before}${span.head}`;
  const body = lines.slice(span.from - 1, span.to).join('');
  return { file, unit, prefix, body, bodyLines: n };
}

/**
 * Builds up to `count` cases from a corpus, deterministically for a seed: files in a seeded order, one target per
 * file, kept when the inputs reach MIN_INPUT_TOKENS and the body uses at least MIN_GOLD_SIGNATURES definitions
 * from the inputs.
 */
export async function buildCases(index: CorpusIndex, count: number, seed: number, runtime: TreeSitterRuntime, counter: TokenCounter): Promise<Case[]> {
  const random = prng(seed ^ hashString(index.spec.id));
  const allDefs = await index.definitions();
  const defCount = new Map<string, number>();
  for (const d of allDefs) defCount.set(d.key, (defCount.get(d.key) ?? 0) + 1);
  const cases: Case[] = [];
  for (const file of shuffled(index.files, random)) {
    if (cases.length >= count) break;
    const eligible = (await index.units(file)).filter((u) => (u.kind === 'function' || u.kind === 'method') && cutAt(file, u) !== undefined);
    if (eligible.length === 0) continue;
    const unit = eligible[Math.floor(random() * eligible.length)];
    const target = unit ? cutAt(file, unit) : undefined;
    if (!target) continue;
    const c = await buildCase(index, target, defCount, seed, runtime, counter);
    if (c) cases.push(c);
  }
  return cases;
}

async function buildCase(index: CorpusIndex, target: Target, defCount: ReadonlyMap<string, number>, seed: number, runtime: TreeSitterRuntime, counter: TokenCounter): Promise<Case | undefined> {
  const prefixTokens = counter.count(target.prefix);
  if (prefixTokens > MAX_INPUT_TOKENS) return undefined;
  // Other files: those defining a name the body uses first (as a developer would have them open), then by
  // folder distance, then in a seeded order. The order given to the methods is by path, so it tells them nothing.
  const used = new Set(identifiers(target.body).filter((id) => (defCount.get(id) ?? 0) > 0 && (defCount.get(id) ?? 0) <= MAX_DEFINITIONS_PER_NAME));
  const defining = new Set((await index.definitions()).filter((d) => used.has(d.key)).map((d) => d.path));
  const filled = otherFiles(index, target.file.path, prefixTokens, defining, seed);
  if (!filled) return undefined;
  const { chosen, total } = filled;

  const prefixUnits = await segmentText(target.prefix, target.file.path, runtime);
  const prefixLines = splitKeepEnds(target.prefix).length;
  const inputs: InputUnits[] = [];
  for (const f of chosen) inputs.push({ path: f.path, units: await index.units(f), text: f.text });
  inputs.push({ path: target.file.path, units: prefixUnits, text: target.prefix });

  // The target's own (cut) unit and its overloads are not "elsewhere".
  const name = target.unit.name ?? '';
  const isTargetItself = (p: string, u: Unit) => p === target.file.path && (u.endLine >= target.unit.startLine || u.name === name);
  const defs = inputs.flatMap((i) => definitionsOf(i.path, i.units)).filter((d) => !isTargetItself(d.path, d.unit));
  const signatures = goldSignatures(target.body, definitionsKey(name), defs);
  if (signatures.length < MIN_GOLD_SIGNATURES) return undefined;
  const bodies = goldBodies(target.body, inputs, isTargetItself);
  if (bodies.length === 0) return undefined;

  const lines = splitKeepEnds(target.prefix);
  const tailStart = Math.max(0, lines.length - QUERY_TAIL_LINES);
  return {
    id: `${index.spec.id}:${target.file.path}:${target.unit.startLine}`,
    corpus: index.spec.id,
    lang: index.spec.lang,
    targetPath: target.file.path,
    targetName: name,
    bodyLines: target.bodyLines,
    files: [...chosen.map((f) => ({ path: f.path, text: f.text })), { path: target.file.path, text: target.prefix }],
    prefix: target.prefix,
    tail: lines.slice(tailStart).join(''),
    tailStartLine: tailStart + 1,
    prefixLines,
    inputTokens: total,
    units: new Map(inputs.map((i) => [i.path, i.units])),
    gold: { signatures, bodies },
  };
}

function definitionsKey(name: string): string {
  return identifiers(name.replace(/<.*$/s, '')).pop() ?? name;
}
