import { referenceKey } from '../segment/declaration';
import type { Unit } from '../types';
import { identifierCounts, type WeightedQuery } from './query';

export interface ReferenceInput {
  readonly unit: Unit;
  readonly fileIndex: number;
  /** Closing lines of classes declare nothing. */
  readonly follows?: number;
}

/** Names defined in more places than this are resolved only weakly: `get`, `__init__`, `new` say little. */
const AMBIGUOUS_DEFINITIONS = 3;
const AMBIGUOUS_WEIGHT = 0.1;
/** Share of a unit's rank that flows on to what it references (the rest restarts): the decay per hop. */
const DAMPING = 0.3;
const ITERATIONS = 24;
const POPULARITY = 0.4;

/** Headings that name something defined elsewhere (`impl Foo`, `mod io`, `namespace detail`): no definition. */
const RESTATING = /^\s*(pub(\([^)]*\))?\s+)?((unsafe\s+)?impl|mod)\b|^\s*(inline\s+)?namespace\b/;

/** Each unit's identifiers and how often it names each, kept while the unit lives (the extension re-ranks the same units). */
const identifiersOf = new WeakMap<Unit, Map<string, number>>();

function unitIdentifiers(unit: Unit): Map<string, number> {
  let counts = identifiersOf.get(unit);
  if (!counts) identifiersOf.set(unit, (counts = identifierCounts(unit.text)));
  return counts;
}

/** Units that define a name, by the identifier they are referred to by. */
export function definitionIndex(items: readonly ReferenceInput[]): Map<string, number[]> {
  const defs = new Map<string, number[]>();
  items.forEach((it, i) => {
    if (it.follows !== undefined || it.unit.kind === 'import' || it.unit.kind === 'block') return;
    const key = definedName(it.unit);
    if (key === undefined) return;
    const list = defs.get(key);
    if (list) list.push(i);
    else defs.set(key, [i]);
  });
  return defs;
}

/** The name a unit defines as references find it, or undefined (none, too short, or a heading that restates one). */
const definedNames = new WeakMap<Unit, string | null>();

function definedName(unit: Unit): string | undefined {
  let name = definedNames.get(unit);
  if (name === undefined) {
    const key = referenceKey(unit.name);
    name = key !== undefined && key.length >= 2 && !RESTATING.test(lineOf(unit.text, (unit.declaration?.startLine ?? unit.startLine) - unit.startLine)) ? key : null;
    definedNames.set(unit, name);
  }
  return name ?? undefined;
}

/** Line `k` (0-based) of a text, found without splitting the whole text (units can be long). */
function lineOf(text: string, k: number): string {
  if (k < 0) return '';
  let start = 0;
  for (let i = 0; i < k; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end);
}

/**
 * How strongly each unit is a definition the query's code needs: a personalised PageRank over the reference
 * graph, restarting at the query. The query's identifiers (weighted by nearness to the cursor) point at the
 * units defining them; each unit's identifiers point on at theirs, so rank decays by DAMPING per hop. A name
 * with a few definitions points at each of them (which one a call means is unknown); one with many is nearly
 * ignored. Part of the restart goes to every unit alike, so that what the inputs use everywhere ranks too.
 * Returns one rank per item (all 0 without a query that names anything).
 */
export interface ReferenceOptions {
  readonly damping?: number;
  /** Share of the restart that goes to every unit alike rather than to the query: how much plain popularity counts. */
  readonly popularity?: number;
}

export function referenceScores(items: readonly ReferenceInput[], query: WeightedQuery, options: ReferenceOptions = {}): number[] {
  const n = items.length;
  const damping = options.damping ?? DAMPING;
  const popularity = options.popularity ?? POPULARITY;
  const defs = definitionIndex(items);
  // A name defined in many places is reached through a hub of its own (node n + 1 + h) that hands on what flows
  // into it to its definers in equal shares, in the same step: the same ranks as an edge from every unit that
  // names it to every definer, without those edges (17 MB of code: 6.7M edges, of which all but ~1M ran to names
  // like `get` or `new`; 24 steps over them were ~2 s of a request).
  const hubOf = new Map<string, number>();
  const hubDefiners: (readonly number[])[] = [];
  // What a reference to each defined name is worth, worked out once per name.
  const shares = new Map<string, number>();
  const share = (key: string, d: number): number => {
    let w = shares.get(key);
    if (w === undefined) shares.set(key, (w = d > AMBIGUOUS_DEFINITIONS ? AMBIGUOUS_WEIGHT / d : 1));
    return w;
  };

  // Edges as flat arrays: from each unit (and the query, node n), to the units defining what it names (or to the
  // name's hub).
  const edgeStart = new Int32Array(n + 2);
  const targets: number[] = [];
  const weights: number[] = [];
  const outWeight = new Float64Array(n + 1);
  const addEdge = (from: number, id: string, w: number, own: string | undefined): void => {
    if (id === own) return;
    const list = defs.get(id);
    if (!list || list.length === 0) return;
    const each = w * share(id, list.length);
    if (list.length > AMBIGUOUS_DEFINITIONS) {
      let hub = hubOf.get(id);
      if (hub === undefined) {
        hub = hubDefiners.length;
        hubOf.set(id, hub);
        hubDefiners.push(list);
      }
      // A unit never reaches itself by a name: its own name is skipped above, and definers are keyed by their name.
      targets.push(n + 1 + hub);
      weights.push(each * list.length);
      outWeight[from] = (outWeight[from] ?? 0) + each * list.length;
      return;
    }
    for (const to of list) {
      if (to === from) continue;
      targets.push(to);
      weights.push(each);
      outWeight[from] = (outWeight[from] ?? 0) + each;
    }
  };
  // The query's edges first: when it names nothing defined here every rank is 0, and the units' edges are not needed.
  for (const [id, w] of query.identifiers) addEdge(n, id, w, undefined);
  if ((outWeight[n] ?? 0) === 0) return new Array<number>(n).fill(0);
  // They go last, after every unit's (node n is the last node).
  const queryTargets = targets.slice();
  const queryWeights = weights.slice();
  targets.length = 0;
  weights.length = 0;
  for (let i = 0; i < n; i++) {
    edgeStart[i] = targets.length;
    const it = items[i];
    if (!it || it.follows !== undefined) continue;
    const own = referenceKey(it.unit.name);
    for (const [id, c] of unitIdentifiers(it.unit)) addEdge(i, id, Math.sqrt(c), own);
  }
  edgeStart[n] = targets.length;
  for (let k = 0; k < queryTargets.length; k++) {
    targets.push(queryTargets[k] ?? 0);
    weights.push(queryWeights[k] ?? 0);
  }
  edgeStart[n + 1] = targets.length;
  const to = Int32Array.from(targets);
  const weight = Float64Array.from(weights);

  // Restart: mostly at the query, a little at every unit that references anything (plain popularity).
  let sources = 0;
  for (let i = 0; i < n; i++) if ((outWeight[i] ?? 0) > 0) sources++;
  const restart = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) if ((outWeight[i] ?? 0) > 0) restart[i] = sources > 0 ? popularity / sources : 0;
  restart[n] = sources > 0 ? 1 - popularity : 1;
  let rank = Float64Array.from(restart);
  const hubIn = new Float64Array(hubDefiners.length);
  for (let iter = 0; iter < ITERATIONS; iter++) {
    const next = new Float64Array(n + 1);
    hubIn.fill(0);
    let lost = 1 - damping;
    for (let u = 0; u <= n; u++) {
      const r = rank[u]!;
      if (r === 0) continue;
      const total = outWeight[u]!;
      if (total === 0) {
        lost += damping * r; // nothing to follow: restart
        continue;
      }
      const f = (damping * r) / total;
      const end = edgeStart[u + 1]!;
      for (let e = edgeStart[u]!; e < end; e++) {
        const v = to[e]!;
        if (v > n) hubIn[v - n - 1]! += f * weight[e]!;
        else next[v]! += f * weight[e]!;
      }
    }
    for (let h = 0; h < hubDefiners.length; h++) {
      const flow = hubIn[h]!;
      if (flow === 0) continue;
      const definers = hubDefiners[h]!;
      const each = flow / definers.length;
      for (const d of definers) next[d]! += each;
    }
    for (let i = 0; i <= n; i++) next[i]! += lost * restart[i]!;
    rank = next;
  }
  return Array.from(rank.subarray(0, n));
}
