import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { Compressor } from '../../src/engine';
import type { SourceFile } from '../../src/engine';
import { Planner, type PlanItem } from '../../src/engine/plan/planner';
import { CancelledError } from '../../src/engine/abort';
import { scoreUnits } from '../../src/engine/relevance';
import { render } from '../../src/engine/render/render';
import { frameFor } from '../../src/engine/render/format';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/tokenize/tokenCounter';
import type { Unit } from '../../src/engine/types';

const root = path.resolve(__dirname, '../../..');
const assets = { wasmDir: path.join(root, 'dist/assets/wasm'), tokenizersDir: path.join(root, 'dist/assets/tokenizers') };
const silent = { info() {}, warn() {}, error() {}, debug() {} };

/** A library file of `n` documented functions, each with a body long enough to be worth eliding. */
function library(prefix: string, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`/**\n * ${prefix} helper number ${i}: does its own thing with the values it is given.\n */`);
    out.push(`export function ${prefix}Helper${i}(values: number[], scale: number): number {`);
    out.push('  let total = 0;');
    out.push('  for (const v of values) {');
    out.push(`    total += v * scale + ${i};`);
    out.push('  }');
    out.push('  return total;');
    out.push('}\n');
  }
  return out.join('\n');
}

const checksum = [
  '/**',
  ' * The checksum of a buffer: the sum of its bytes, folded into 16 bits.',
  ' * Used by the writer before every frame.',
  ' */',
  'export function computeChecksum(buffer: Uint8Array, seed: number): number {',
  '  let sum = seed;',
  '  for (const b of buffer) {',
  '    sum = (sum + b) & 0xffff;',
  '  }',
  '  return sum;',
  '}',
  '',
].join('\n');

const query = [
  "import { computeChecksum } from './checksum';",
  '',
  'export function writeFrame(out: number[], payload: Uint8Array): void {',
  '  const sum = computeChecksum(payload, 7);',
].join('\n');


/**
 * Random files of function units for the planner (one every ten lines), a class's closing line now and then
 * (`closerOdds`: one in that many), each unit's sizes and values from `make`.
 */
function randomItems(rand: (n: number) => number, perFile: readonly number[], closerOdds: number, make: (k: number, line: number) => Omit<PlanItem, 'fileIndex' | 'indexInFile' | 'follows'>): PlanItem[] {
  const items: PlanItem[] = [];
  perFile.forEach((n, fileIndex) => {
    for (let k = 0; k < n; k++) {
      const isCloser = k > 0 && rand(closerOdds) === 0 && items[items.length - 1]?.follows === undefined;
      items.push({ fileIndex, indexInFile: k, ...make(k, k * 10 + 1), ...(isCloser ? { follows: items.length - 1 } : {}) });
    }
  });
  return items;
}

describe('Query-aware planning', () => {
  let compressor: Compressor;
  let counter: TokenCounter;
  const files: SourceFile[] = [
    { path: 'src/alpha.ts', text: library('alpha', 12) },
    { path: 'src/checksum.ts', text: `${library('beta', 6)}\n${checksum}${library('gamma', 6)}` },
    { path: 'src/zeta.ts', text: library('zeta', 12) },
    { path: 'src/writer.ts', text: `${query}\n` },
  ];

  before(async () => {
    compressor = new Compressor(assets, silent);
    counter = await loadTokenCounter(assets.tokenizersDir, 'qwen2.5');
  });

  it('keeps the definition the query references before unreferenced ones at a tight budget', async () => {
    const r = await compressor.compress({ files, budget: 160, decoder: 'qwen2.5-coder-7b', query });
    assert.ok(counter.count(r.text) <= 160);
    assert.ok(r.text.includes('export function computeChecksum(buffer: Uint8Array, seed: number): number {'), r.text);
    assert.ok(!/Helper\d+\(/.test(r.text), `an unreferenced helper was kept before the referenced definition:\n${r.text}`);
    const slot = r.slots.find((s) => s.name === 'computeChecksum');
    assert.ok(slot && slot.level !== 'omitted');
  });

  it('scores referenced definitions above unreferenced ones, transitively with decay', () => {
    const units = (text: string): Unit[] =>
      text.split('\n').map((line, i) => ({ kind: 'function' as const, name: /function (\w+)/.exec(line)?.[1] ?? `x${i}`, startLine: i + 1, endLine: i + 1, text: `${line}\n`, depth: 0 }));
    const lib = units('function direct() { return indirect(); }\nfunction indirect() { return 1; }\nfunction unrelated() { return 2; }');
    const items = lib.map((unit) => ({ unit, fileIndex: 0, pinned: false }));
    const { values } = scoreUnits(items, 'const x = direct();');
    const sig = values.map((v) => v.signature ?? 0);
    assert.ok((sig[0] ?? 0) > (sig[1] ?? 0), `direct ${sig[0]} should beat indirect ${sig[1]}`);
    assert.ok((sig[1] ?? 0) > (sig[2] ?? 0), `indirect ${sig[1]} should beat unrelated ${sig[2]}`);
  });

  it('renders a declaration alone with markers for its doc and body, line numbers exact', async () => {
    // Room for the query and the declaration, not for its doc: the one-line mention.
    const r = await compressor.compress({ files, budget: 110, decoder: 'qwen2.5-coder-7b', query });
    assert.ok(counter.count(r.text) <= 110);
    const slot = r.slots.find((s) => s.name === 'computeChecksum');
    assert.equal(slot?.level, 'signature', r.text);
    assert.ok(slot);
    assert.equal(slot.text, 'export function computeChecksum(buffer: Uint8Array, seed: number): number {\n');
    const lines = files[1]?.text.split('\n') ?? [];
    const decl = lines.findIndex((l) => l.startsWith('export function computeChecksum')) + 1;
    // The doc above is covered by a bare marker (a mention follows: its name and slot say where it is); the body
    // below by a marker too, numbered with the line the code resumes at when kept code follows.
    assert.ok(decl > 1);
    const at = r.text.indexOf(slot.text);
    assert.ok(at > 0, r.text);
    assert.equal(r.text.slice(0, at).split('\n').at(-2), '⋮', r.text);
    const below = /^⋮(?:L(\d+))?$/.exec(r.text.slice(at + slot.text.length).split('\n')[0] ?? '');
    assert.ok(below, `no marker right below L${decl}:\n${r.text}`);
    if (below[1] !== undefined) assert.ok(Number(below[1]) > decl + 1, r.text);
  });

  it('drops the doc above a kept body before the body itself, and keeps it when there is room', async () => {
    const lines = files[1]?.text.split('\n') ?? [];
    const decl = lines.findIndex((l) => l.startsWith('export function computeChecksum')) + 1;
    const levels = new Map<number, string>();
    for (let budget = 100; budget <= 600; budget += 10) {
      const r = await compressor.compress({ files, budget, decoder: 'qwen2.5-coder-7b', query });
      assert.ok(counter.count(r.text) <= budget, `over budget ${budget}`);
      const slot = r.slots.find((s) => s.name === 'computeChecksum');
      levels.set(budget, slot?.level ?? 'none');
      if (slot?.level !== 'code') continue;
      // The whole function from its declaration, the doc replaced by a marker naming the line the code resumes at.
      assert.equal(slot.text, lines.slice(decl - 1, decl + 6).join('\n') + '\n', r.text);
      const at = r.text.indexOf(slot.text);
      assert.equal(r.text.slice(0, at).split('\n').at(-2), `⋮L${decl}`, r.text);
      assert.ok(!r.text.includes('The checksum of a buffer'), r.text);
    }
    const seen = [...levels.values()];
    assert.ok(seen.includes('code'), `never kept without its doc: ${[...levels].join(' ')}`);
    // Before the doc, the body: no budget keeps the doc of a function whose body it leaves out.
    const firstCode = [...levels].find(([, l]) => l === 'code')?.[0] ?? Infinity;
    const firstVerbatim = [...levels].find(([, l]) => l === 'verbatim')?.[0] ?? Infinity;
    assert.ok(firstCode < firstVerbatim, `code at ${firstCode}, verbatim at ${firstVerbatim}`);
    assert.equal(levels.get(600), 'verbatim', 'with room to spare the doc is kept');
  });

  it('renders the signature level from unit data, deterministically', () => {
    const unit: Unit = {
      kind: 'function',
      name: 'f',
      startLine: 3,
      endLine: 7,
      text: '// doc\ndef f(a,\n      b):\n    return a\n\n',
      depth: 0,
      declaration: { startLine: 4, endLine: 5 },
    };
    const file = { file: { path: 'm.py', text: '' }, language: 'python', units: [unit] };
    const draw = () => render([file], () => ({ level: 'signature', pinned: false, relevance: 1, originalTokens: 10, tokens: 5 }), frameFor('qwen2.5-coder'), 'repo');
    const a = draw();
    assert.equal(a.text, '<|repo_name|>repo\n<|file_sep|>m.py\n⋮\ndef f(a,\n      b):\n⋮\n');
    assert.equal(a.slots[0]?.level, 'signature');
    assert.equal(a.text, draw().text);
  });

  it('numbers the marker before kept code only, with the line the code resumes at', () => {
    const unit = (name: string, startLine: number, lines: number): Unit => ({
      kind: 'function',
      name,
      startLine,
      endLine: startLine + lines - 1,
      text: Array.from({ length: lines }, (_, k) => (k === 0 ? `def ${name}():\n` : `    x${k} = ${k}\n`)).join(''),
      depth: 0,
      declaration: { startLine, endLine: startLine },
    });
    const units = [unit('a', 1, 3), unit('b', 4, 3), unit('c', 7, 3), unit('d', 10, 3), unit('e', 13, 3)];
    const levels = ['omitted', 'verbatim', 'omitted', 'signature', 'omitted'] as const;
    const file = { file: { path: 'm.py', text: '' }, language: 'python', units };
    const r = render([file], (_, ui) => ({ level: levels[ui] ?? 'omitted', pinned: false, relevance: 1, originalTokens: 10, tokens: 5 }), frameFor('qwen2.5-coder'), 'repo');
    assert.equal(r.text, '<|repo_name|>repo\n<|file_sep|>m.py\n⋮L4\ndef b():\n    x1 = 1\n    x2 = 2\n⋮\ndef d():\n⋮\n');
  });

  it('is deterministic and within budget with code as the query, at every budget', async () => {
    for (const budget of [40, 100, 160, 300, 600, 1200, 3000]) {
      const a = await compressor.compress({ files, budget, decoder: 'qwen2.5-coder-7b', query });
      const b = await new Compressor(assets, silent).compress({ files: [...files], budget, decoder: 'qwen2.5-coder-7b', query });
      assert.equal(a.text, b.text, `budget ${budget}`);
      assert.ok(counter.count(a.text) <= budget, `budget ${budget}: ${counter.count(a.text)} tokens`);
    }
  });

  it('prices markers exactly: a signature between omitted code costs its line and the markers around it', () => {
    const unit = (i: number, decl: boolean): Unit => ({
      kind: 'function',
      name: `f${i}`,
      startLine: i * 3 + 1,
      endLine: i * 3 + 3,
      text: 'a\nb\nc\n',
      depth: 0,
      ...(decl ? { declaration: { startLine: i * 3 + 2, endLine: i * 3 + 2 } } : {}),
    });
    const items: PlanItem[] = [0, 1, 2].map((i) => ({
      fileIndex: 0,
      indexInFile: i,
      unit: unit(i, i === 1),
      pinned: false,
      relevance: 0,
      verbatimTokens: 30,
      skeletonTokens: undefined,
      ...(i === 1 ? { declarationTokens: 5, declarationGaps: { before: true, after: true } } : {}),
      values: { verbatim: i === 1 ? 2 : 0.001, signature: i === 1 ? 1 : undefined },
    }));
    const planner = new Planner(items, { headerTokens: () => 4, markerTokens: 10, unitsPerFile: [3] });
    const levels = planner.plan(4 + 5 + 2 * 10);
    assert.deepEqual(levels, ['omitted', 'signature', 'omitted']);
    // header + declaration + one marker above it (unit 0 and the doc) + one below (the body and unit 2)
    assert.equal(planner.estimatedTokens, 4 + 5 + 2 * 10);
  });

  it('gives way to a cancellation while it plans a large input, and plans the same as plan() otherwise', async () => {
    const n = 200_000;
    const items: PlanItem[] = Array.from({ length: n }, (_, i) => ({
      fileIndex: 0,
      indexInFile: i,
      unit: { kind: 'function', name: `f${i}`, startLine: i + 1, endLine: i + 1, text: 'x\n', depth: 0 },
      pinned: false,
      relevance: ((i * 7919) % 1000) / 1000,
      verbatimTokens: 3 + (i % 5),
      skeletonTokens: undefined,
    }));
    const costs = { headerTokens: () => 4, markerTokens: 2, unitsPerFile: [n] };
    const controller = new AbortController();
    // Queued before planning starts: it runs at the planner's first turn of the event loop.
    setImmediate(() => controller.abort());
    await assert.rejects(new Planner(items, costs).planAsync(5000, controller.signal), CancelledError);
    const small = items.slice(0, 2000);
    const smallCosts = { ...costs, unitsPerFile: [small.length] };
    assert.deepEqual(await new Planner(small, smallCosts).planAsync(500, undefined), new Planner(small, smallCosts).plan(500));
  });

  it('never prices a move below its bound (the planner queues units at that bound and prices them when popped)', () => {
    // A deterministic pseudo-random stream, so a failure names a reproducible case.
    let seed = 12345;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const levels = ['omitted', 'signature', 'skeleton', 'pruned', 'code', 'verbatim'] as const;
    let checked = 0;
    for (let round = 0; round < 40; round++) {
      const perFile = [1 + rand(6), 1 + rand(6), 1 + rand(6)];
      const items = randomItems(rand, perFile, 5, (k, line) => ({
        unit: { kind: 'function', name: `f${k}`, startLine: line, endLine: line + 9, text: 'a\n'.repeat(10), depth: 0, declaration: { startLine: line + 2, endLine: line + 2 } },
        pinned: false,
        relevance: rand(100) / 100,
        verbatimTokens: 40 + rand(40),
        skeletonTokens: 20 + rand(15),
        prunedTokens: 30 + rand(9),
        codeTokens: 35 + rand(4),
        declarationTokens: 3 + rand(10),
        declarationGaps: { before: rand(2) === 0, after: rand(2) === 0 },
        values: { verbatim: 1, code: 0.9, pruned: 0.8, skeleton: 0.5, signature: 0.2 },
      }));
      const planner = new Planner(items, { headerTokens: () => 7, markerTokens: 5, unitsPerFile: perFile });
      const inner = planner as unknown as { levels: string[]; set(i: number, to: string): void; tokensAt(i: number, level: string): number; costOf(i: number, to: string): number; leastCostOf(i: number, to: string): number };
      items.forEach((it, i) => {
        if (it.follows === undefined) inner.set(i, levels[rand(levels.length)] as string);
      });
      items.forEach((it, i) => {
        if (it.follows !== undefined) return;
        // Upgrades only (what the planner queues): a level that costs the unit more tokens than its current one.
        const upgrades = levels.filter((to) => inner.tokensAt(i, to) > inner.tokensAt(i, inner.levels[i] ?? 'omitted'));
        for (const to of upgrades) assert.ok(inner.leastCostOf(i, to) <= inner.costOf(i, to), `round ${round}, unit ${i} to ${to}`);
        checked += upgrades.length;
      });
    }
    assert.ok(checked > 500, `${checked} moves checked`);
  });

  it('queues units lazily and sets aside what cannot fit, with the plan of queueing every unit up front', () => {
    let seed = 11;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 600; round++) {
      const perFile = [1 + rand(8), 1 + rand(8), 1 + rand(8)];
      // Tiny mentions next to large markers: moves that save more in markers than they add, lowering the total.
      const items = randomItems(rand, perFile, 6, (k, line) => ({
        unit: { kind: 'function', name: `f${k}`, startLine: line, endLine: line + 9, text: 'a\n'.repeat(10), depth: 0, declaration: { startLine: line, endLine: line } },
        pinned: rand(9) === 0,
        relevance: rand(100) / 100,
        verbatimTokens: 2 + rand(60),
        skeletonTokens: 2 + rand(20),
        declarationTokens: 1 + rand(3),
        declarationGaps: { before: rand(2) === 0, after: rand(2) === 0 },
        values: { verbatim: rand(100) / 100, skeleton: rand(60) / 100, signature: rand(30) / 100 },
      }));
      const costs = { headerTokens: () => 3, markerTokens: 8, unitsPerFile: perFile };
      for (let budget = 10; budget <= 200; budget += 7) {
        const lazy = new Planner(items, costs).plan(budget);
        const all = new Planner(items, costs, { queueAll: true }).plan(budget);
        assert.deepEqual(lazy, all, `round ${round}, budget ${budget}`);
      }
    }
  });
});
