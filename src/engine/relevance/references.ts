import { referenceKey } from '../segment/declaration';
import type { Unit } from '../types';
import { Occurrences } from './occurrences';
import { storedNames } from './storedFacts';
import type { WeightedQuery } from './query';
import { WordTable } from './wordTable';

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

/**
 * Identifiers as numbers, for the graph: each unit's references are kept as two typed arrays (see UnitRefs) while
 * the unit lives, so a request builds its graph by indexing arrays, not by looking strings up (at 17 MB of code,
 * building the graph from string lookups was ~0.2 s of every request).
 */
const names = new WordTable();

/** What a unit names, by number, with the weight of each (the square root of how often: repeating a call says less). */
export interface UnitRefs {
  readonly generation: number;
  readonly ids: Int32Array;
  readonly weights: Float64Array;
  /** The unit's own name: naming itself is no reference. -1 when it has none. */
  readonly own: number;
}

const refsOf = new WeakMap<Unit, UnitRefs>();
/** Counts of the unit being read (one at a time). */
const refScratch = new Occurrences();

/** The identifiers of a text as numbers in `names`, with the square root of each one's count, in the order first met. */
function countedNames(text: string): { ids: Int32Array; counts: Float64Array } {
  refScratch.addIdentifiers(text, (id) => names.idOf(id));
  return refScratch.take(Float64Array, Math.sqrt);
}

/** A unit's references: from the index's stored facts when it has them (see storedFacts), else read from its text. */
export function unitRefs(unit: Unit): UnitRefs {
  const kept = refsOf.get(unit);
  if (kept && kept.generation === names.generation) return kept;
  const generation = names.generation;
  const { ids, counts: weights } = storedNames(unit, names) ?? countedNames(unit.text);
  const own = referenceKey(unit.name);
  const refs: UnitRefs = { generation, ids, weights, own: own !== undefined ? names.idOf(own) : -1 };
  // The table started again meanwhile: these numbers mix two tables; numbered again in the new one.
  if (names.generation !== generation) return unitRefs(unit);
  refsOf.set(unit, refs);
  return refs;
}

/** Whether a unit can be a definition references reach: not a class's closing lines, an import or a plain block. */
function canDefine(it: ReferenceInput): boolean {
  return it.follows === undefined && it.unit.kind !== 'import' && it.unit.kind !== 'block';
}

/** Units that define a name, by the identifier they are referred to by. */
export function definitionIndex(items: readonly ReferenceInput[]): Map<string, number[]> {
  const defs = new Map<string, number[]>();
  items.forEach((it, i) => {
    if (!canDefine(it)) return;
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

/** Each unit's references, numbered in one generation of the name table (all again if it started over meanwhile). */
function allRefs(items: readonly ReferenceInput[]): (UnitRefs | undefined)[] {
  for (;;) {
    const generation = names.generation;
    const refs = items.map((it) => (it.follows === undefined ? unitRefs(it.unit) : undefined));
    if (names.generation === generation) return refs;
  }
}

/**
 * The graph a request ranks over, with a node per defined name between the units: a unit points at the names it
 * uses, a name at the units defining it. The same ranks as an edge from every unit naming a name to each of its
 * definers (test/unit/referenceHubs.test.ts checks it against that definition), with far fewer edges: names like
 * `get` or `new` have hundreds of definers (17 MB of code: 6.7M such edges).
 */
interface NameGraph {
  /** Units 0…n-1 and the query (n): their edges to names are refStart[u]…refStart[u+1]. */
  readonly refStart: Int32Array;
  readonly refName: Int32Array;
  readonly refWeight: Float64Array;
  /** Sum of a node's edge weights times what each edge hands on to all the name's definers. */
  readonly outWeight: Float64Array;
  /** Names 0…m-1: their definers are defStart[j]…defStart[j+1] of defUnit, each getting `perDefiner[j]` of a flow. */
  readonly defStart: Int32Array;
  readonly defUnit: Int32Array;
  readonly perDefiner: Float64Array;
}

function nameGraph(items: readonly ReferenceInput[], query: WeightedQuery): NameGraph | undefined {
  const generation = names.generation;
  const graph = buildNameGraph(items, query);
  // The name table started again while the graph was built: its numbers mix two tables; built again.
  return names.generation === generation ? graph : nameGraph(items, query);
}

function buildNameGraph(items: readonly ReferenceInput[], query: WeightedQuery): NameGraph | undefined {
  const n = items.length;
  // Defined names, numbered 0…m-1 in order of first definer; definers in item order (a counting sort: no array
  // per name).
  const definedIds = new Int32Array(n);
  items.forEach((it, i) => {
    const name = canDefine(it) ? definedName(it.unit) : undefined;
    definedIds[i] = name !== undefined ? names.idOf(name) : -1;
  });
  const nameOf = new Int32Array(names.size).fill(-1);
  const definerCounts: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = definedIds[i]!;
    if (id < 0) continue;
    let j = nameOf[id]!;
    if (j < 0) {
      j = nameOf[id] = definerCounts.length;
      definerCounts.push(0);
    }
    definerCounts[j]!++;
  }
  const m = definerCounts.length;
  const defStart = new Int32Array(m + 1);
  const defUnit = new Int32Array(n);
  const perDefiner = new Float64Array(m);
  /** What one unit of weight on an edge into name j hands out in all (to all its definers together). */
  const handedOut = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const d = definerCounts[j]!;
    defStart[j + 1] = defStart[j]! + d;
    // A name with a few definers reaches each of them fully (which one a call means is unknown); one with many
    // is nearly ignored: its definers share AMBIGUOUS_WEIGHT.
    perDefiner[j] = d > AMBIGUOUS_DEFINITIONS ? AMBIGUOUS_WEIGHT / d : 1;
    handedOut[j] = perDefiner[j]! * d;
  }
  const filled = defStart.slice(0, m);
  for (let i = 0; i < n; i++) {
    const id = definedIds[i]!;
    if (id >= 0) defUnit[filled[nameOf[id]!]!++] = i;
  }

  const outWeight = new Float64Array(n + 1);
  const refStart = new Int32Array(n + 2);
  /** The name an identifier number stands for, or -1 when nothing here defines it. */
  const nameAt = (id: number): number => (id >= 0 && id < nameOf.length ? nameOf[id]! : -1);
  // The query's edges first: when it names nothing defined here every rank is 0 and no graph is needed.
  const queryNames: number[] = [];
  const queryWeights: number[] = [];
  let queryOut = 0;
  for (const [id, w] of query.identifiers) {
    const k = names.known(id);
    const j = k !== undefined ? nameAt(k) : -1;
    if (j < 0) continue;
    queryNames.push(j);
    queryWeights.push(w);
    queryOut += w * handedOut[j]!;
  }
  if (queryOut === 0) return undefined;
  outWeight[n] = queryOut;
  // The units' edges straight into typed arrays sized for all of them (~1M at 17 MB of code), then cut to length.
  const refs = allRefs(items);
  let most = queryNames.length;
  for (const r of refs) if (r) most += r.ids.length;
  const refName = new Int32Array(most);
  const refWeight = new Float64Array(most);
  let e = 0;
  for (let i = 0; i < n; i++) {
    refStart[i] = e;
    const r = refs[i];
    if (!r) continue;
    let out = 0;
    for (let k = 0; k < r.ids.length; k++) {
      const id = r.ids[k]!;
      if (id === r.own) continue;
      const j = nameAt(id);
      if (j < 0) continue;
      const w = r.weights[k]!;
      refName[e] = j;
      refWeight[e++] = w;
      out += w * handedOut[j]!;
    }
    outWeight[i] = out;
  }
  refStart[n] = e;
  for (let k = 0; k < queryNames.length; k++) {
    refName[e] = queryNames[k]!;
    refWeight[e++] = queryWeights[k]!;
  }
  refStart[n + 1] = e;
  return { refStart, refName: refName.subarray(0, e), refWeight: refWeight.subarray(0, e), outWeight, defStart, defUnit, perDefiner };
}

export function referenceScores(items: readonly ReferenceInput[], query: WeightedQuery, options: ReferenceOptions = {}): number[] {
  const n = items.length;
  const damping = options.damping ?? DAMPING;
  const popularity = options.popularity ?? POPULARITY;
  const g = nameGraph(items, query);
  if (!g) return new Array<number>(n).fill(0);
  const { refStart, refName, refWeight, outWeight, defStart, defUnit, perDefiner } = g;
  const m = perDefiner.length;

  // Restart: mostly at the query, a little at every unit that references anything (plain popularity).
  let sources = 0;
  for (let i = 0; i < n; i++) if (outWeight[i]! > 0) sources++;
  const restart = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) if (outWeight[i]! > 0) restart[i] = popularity / sources;
  restart[n] = sources > 0 ? 1 - popularity : 1;
  let rank = Float64Array.from(restart);
  let next = new Float64Array(n + 1);
  const nameIn = new Float64Array(m);
  for (let iter = 0; iter < ITERATIONS; iter++) {
    next.fill(0);
    nameIn.fill(0);
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
      const end = refStart[u + 1]!;
      for (let e = refStart[u]!; e < end; e++) nameIn[refName[e]!]! += f * refWeight[e]!;
    }
    for (let j = 0; j < m; j++) {
      const flow = nameIn[j]!;
      if (flow === 0) continue;
      const each = flow * perDefiner[j]!;
      const end = defStart[j + 1]!;
      for (let e = defStart[j]!; e < end; e++) next[defUnit[e]!]! += each;
    }
    for (let i = 0; i <= n; i++) next[i]! += lost * restart[i]!;
    [rank, next] = [next, rank];
  }
  return Array.from(rank.subarray(0, n));
}
