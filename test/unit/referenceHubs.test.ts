// Reference relevance goes from each unit to the names it uses and on to their definers (references.ts), not along an
// edge from every unit that names something to every definer of it. That must not change a rank: these tests
// compare with the plain personalised PageRank over direct edges, written out here from its definition, on random
// programs where common names (`get`, `run`) have dozens of definers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitionIndex, referenceScores } from '../../src/engine/relevance/references';
import { identifierCounts } from '../../src/engine/relevance/identifierScan';
import { weightQuery, type WeightedQuery } from '../../src/engine/relevance/query';
import { referenceKey } from '../../src/engine/segment/declaration';
import type { Unit } from '../../src/engine/types';

interface Item {
  unit: Unit;
  fileIndex: number;
}

/** The definition of the ranks: an edge from each unit (and the query) to every unit defining a name it uses. */
function directRanks(items: readonly Item[], query: WeightedQuery): number[] {
  const n = items.length;
  const damping = 0.3;
  const popularity = 0.4;
  const defs = definitionIndex(items);
  const edges: { from: number; to: number; w: number }[] = [];
  const add = (from: number, id: string, w: number, own: string | undefined): void => {
    const list = defs.get(id);
    if (id === own || !list) return;
    const each = w * (list.length > 3 ? 0.1 / list.length : 1);
    for (const to of list) if (to !== from) edges.push({ from, to, w: each });
  };
  items.forEach((it, i) => {
    for (const [id, c] of identifierCounts(it.unit.text)) add(i, id, Math.sqrt(c), referenceKey(it.unit.name));
  });
  for (const [id, w] of query.identifiers) add(n, id, w, undefined);
  const out = new Array<number>(n + 1).fill(0);
  for (const e of edges) out[e.from] = (out[e.from] ?? 0) + e.w;
  const sources = out.slice(0, n).filter((w) => w > 0).length;
  const restart = out.map((w, i) => (i === n ? 1 - popularity : w > 0 ? popularity / sources : 0));
  let rank = restart.slice();
  for (let step = 0; step < 24; step++) {
    const next = new Array<number>(n + 1).fill(0);
    let lost = 1 - damping;
    rank.forEach((r, u) => {
      if ((out[u] ?? 0) === 0) lost += damping * r;
    });
    for (const e of edges) next[e.to] = (next[e.to] ?? 0) + (damping * (rank[e.from] ?? 0) * e.w) / (out[e.from] ?? 1);
    rank = next.map((v, i) => v + lost * (restart[i] ?? 0));
  }
  return rank.slice(0, n);
}

/** A small deterministic generator (tests must give the same programs on every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Functions named from a small pool (so that `get` and `run` get many definers), each calling a few names. */
function program(seed: number, units: number): Item[] {
  const next = random(seed);
  const names = ['get', 'run', 'parse', 'emit', 'close', ...Array.from({ length: 40 }, (_, i) => `helper${i}`)];
  const pick = (): string => names[Math.floor(Math.pow(next(), 2) * names.length)] ?? 'get';
  return Array.from({ length: units }, (_, i) => {
    const name = pick();
    const calls = Array.from({ length: 1 + Math.floor(next() * 6) }, () => `${pick()}(x);`).join(' ');
    const text = `function ${name}(x) { ${calls} }\n`;
    return { unit: { kind: 'function', name, startLine: i + 1, endLine: i + 1, text, depth: 0 }, fileIndex: Math.floor(i / 10) };
  });
}

describe('reference relevance through name nodes', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the ranks of direct edges to every definer (random program ${seed})`, () => {
      const items = program(seed, 300);
      const defs = definitionIndex(items);
      assert.ok([...defs.values()].some((l) => l.length > 20), 'the program has no name with many definers: the hubs are not exercised');
      const query = weightQuery('const y = get(run(parse(x)));\nhelper3(y);\nemit(y);\n');
      const got = referenceScores(items, query);
      const want = directRanks(items, query);
      assert.equal(got.length, want.length);
      const scale = Math.max(...want);
      assert.ok(scale > 0);
      got.forEach((g, i) => assert.ok(Math.abs(g - (want[i] ?? 0)) <= 1e-12 * scale + 1e-15, `unit ${i}: ${g} against ${want[i]}`));
    });
  }
});

describe('referenceKey', () => {
  it('gives the last identifier of a name once type arguments are left out', () => {
    assert.equal(referenceKey('ns::Foo<T>'), 'Foo');
    assert.equal(referenceKey('Map<K, V>'), 'Map');
    // A C++ method defined outside its class template is referred to by the method's name, not the class's.
    assert.equal(referenceKey('lexer<BasicJsonType, InputAdapterType>::get_token'), 'get_token');
    assert.equal(referenceKey('basic_json<std::map<K, V>, std::vector>::parse'), 'parse');
    assert.equal(referenceKey('operator<'), 'operator');
    assert.equal(referenceKey('Display for Point'), undefined);
    assert.equal(referenceKey(undefined), undefined);
  });
});
