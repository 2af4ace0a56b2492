import type { Unit } from '../../src/engine/types';
import { bodySpan, type Definition, type DefinitionKind } from './segments';
import { identifiers, isTrivialLine, signatureCore, splitKeepEnds, subTokens } from './text';

/** A definition the real body uses: its signature line must survive intact. */
export interface GoldSignature {
  readonly path: string;
  readonly name: string;
  readonly line: number;
  readonly lastLine: number;
  /** What must start consecutive output lines, trimmed (see signatureCore); blank lines skipped. */
  readonly core: readonly string[];
  readonly kind: DefinitionKind;
}

/** A function whose body resembles the real body: the code a completion would imitate. */
export interface GoldBody {
  readonly path: string;
  readonly name: string;
  /** 1-based inclusive lines of the body in the input file. */
  readonly from: number;
  readonly to: number;
  /** The whole function's lines (signature and closing included). */
  readonly unitStart: number;
  readonly unitEnd: number;
  /** Its non-trivial lines, trimmed: what line recall counts. */
  readonly lines: readonly string[];
  readonly score: number;
}

export interface Gold {
  readonly signatures: readonly GoldSignature[];
  readonly bodies: readonly GoldBody[];
}

/** Names defined in more places than this are too ambiguous to resolve by name (`get`, `__init__`, `value`). */
export const MAX_DEFINITIONS_PER_NAME = 3;
export const SIMILAR_BODIES = 3;
const MIN_SIMILAR_BODY_LINES = 3;
/** Longer "functions" are namespaces or classes the grammar reports as functions (C++ macros), not examples. */
const MAX_SIMILAR_BODY_LINES = 120;

export interface InputUnits {
  readonly path: string;
  readonly units: readonly Unit[];
  readonly text: string;
}

/**
 * The definitions the body refers to: each identifier of the real body resolved by name to the definitions in
 * the inputs, skipping names defined more than MAX_DEFINITIONS_PER_NAME times and the target's own name.
 */
export function goldSignatures(body: string, targetName: string, defs: readonly Definition[]): GoldSignature[] {
  const byKey = new Map<string, Definition[]>();
  for (const d of defs) {
    const list = byKey.get(d.key) ?? [];
    list.push(d);
    byKey.set(d.key, list);
  }
  const out: GoldSignature[] = [];
  const seen = new Set<string>();
  for (const id of new Set(identifiers(body))) {
    if (id === targetName || id.length < 2) continue;
    const found = byKey.get(id);
    if (!found || found.length > MAX_DEFINITIONS_PER_NAME) continue;
    for (const d of found) {
      const core = d.signature.map((l, i) => (i === d.signature.length - 1 ? signatureCore(l) : l.trim())).filter((l) => l.length > 0);
      const key = core.join('\n');
      if (key.length < 4 || seen.has(key)) continue;
      seen.add(key);
      out.push({ path: d.path, name: d.key, line: d.line, lastLine: d.lastLine, core, kind: d.kind });
    }
  }
  return out;
}

interface Candidate {
  readonly path: string;
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly unitStart: number;
  readonly unitEnd: number;
  readonly text: string;
  readonly tokens: Set<string>;
}

/**
 * The SIMILAR_BODIES function bodies in the inputs most like the real body: IDF-weighted Jaccard overlap of
 * identifier sub-tokens, IDF over all candidate bodies of the case.
 */
export function goldBodies(body: string, inputs: readonly InputUnits[], exclude: (path: string, unit: Unit) => boolean): GoldBody[] {
  const candidates: Candidate[] = [];
  for (const input of inputs) {
    const lines = splitKeepEnds(input.text);
    for (const unit of input.units) {
      if ((unit.kind !== 'function' && unit.kind !== 'method') || unit.name?.includes(' ') || exclude(input.path, unit)) continue;
      const span = bodySpan(unit);
      if (!span || span.to < span.from || span.to - span.from >= MAX_SIMILAR_BODY_LINES) continue;
      const text = lines.slice(span.from - 1, span.to).join('');
      // A one-line body (`return x;`) is nothing to imitate.
      if (splitKeepEnds(text).filter((l) => !isTrivialLine(l)).length < MIN_SIMILAR_BODY_LINES) continue;
      candidates.push({ path: input.path, name: unit.name ?? '?', from: span.from, to: span.to, unitStart: unit.startLine, unitEnd: unit.endLine, text, tokens: new Set(subTokens(text)) });
    }
  }
  const df = new Map<string, number>();
  for (const c of candidates) for (const t of c.tokens) df.set(t, (df.get(t) ?? 0) + 1);
  const n = candidates.length;
  const idf = (t: string) => Math.log(1 + n / ((df.get(t) ?? 0) + 1));
  const target = new Set(subTokens(body));
  const scored = candidates.map((c) => {
    let shared = 0;
    let union = 0;
    for (const t of target) {
      const w = idf(t);
      union += w;
      if (c.tokens.has(t)) shared += w;
    }
    for (const t of c.tokens) if (!target.has(t)) union += idf(t);
    return { c, score: union > 0 ? shared / union : 0 };
  });
  // Ties broken by place, so the gold is the same on every run.
  scored.sort((a, b) => b.score - a.score || a.c.path.localeCompare(b.c.path) || a.c.from - b.c.from);
  return scored
    .filter((s) => s.score > 0)
    .slice(0, SIMILAR_BODIES)
    .map(({ c, score }) => ({
      path: c.path,
      name: c.name,
      from: c.from,
      to: c.to,
      unitStart: c.unitStart,
      unitEnd: c.unitEnd,
      score,
      lines: splitKeepEnds(c.text).filter((l) => !isTrivialLine(l)).map((l) => l.trim()),
    }));
}
