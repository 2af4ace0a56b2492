import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Compressor } from '../../src/engine';
import { Planner, type PlanItem } from '../../src/engine/plan/planner';
import { pruneBody, type LineSurprisal } from '../../src/engine/plan/prune';
import type { Unit } from '../../src/engine/types';
import { CachedEncoder, type Encoder } from '../../src/engine/encoder/encoder';
import { analyzeUnits } from '../../src/engine/density/analyzeUnits';
import { lineSurprisal } from '../../src/engine/density/lineSurprisal';
import { prunedForms } from '../../src/engine/density/prunedForms';
import { loadTokenCounter } from '../../src/engine/tokenize/tokenCounter';

const root = path.resolve(__dirname, '../../..');
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

/** A function at line 10: doc (10-11), declaration (12), body (13-20, one blank), closing brace (21). */
const lines = [
  '/** Sums the weights of the\n',
  ' * items that are enabled. */\n',
  'function total(items: Item[]): number {\n',
  '  let sum = 0;\n', // 13
  '  for (const item of items) {\n', // 14
  '    if (!item.enabled) continue;\n', // 15
  '    sum += item.weight * item.scale;\n', // 16
  '  }\n', // 17
  '\n', // 18
  '  logger.debug(`total ${sum} over ${items.length}`);\n', // 19
  '  return sum;\n', // 20
  '}\n', // 21
];
const unit: Unit = { kind: 'function', name: 'total', startLine: 10, endLine: 21, text: lines.join(''), depth: 0, declaration: { startLine: 12, endLine: 12 }, body: { startLine: 13, endLine: 20 } };
/** Bits per token chosen so that 17, 13, 20, 14, 15 are the most predictable (in that order) and 16, 19 the least. */
const bitsPerToken = [9, 9, 4, 1, 3, 5, 8, 0.5, 0, 7, 1.5, 0.5];
const tokens = [6, 6, 9, 5, 8, 9, 11, 2, 1, 14, 4, 1];
const surprisal: LineSurprisal[] = tokens.map((t, i) => ({ tokens: t, bits: t * (bitsPerToken[i] ?? 0) }));

describe('Pruning inside bodies by surprisal', () => {
  it('drops the most predictable whole lines first, keeps the declaration and the closing line, numbers the gaps', () => {
    const p = pruneBody(unit, surprisal);
    assert.ok(p);
    const out = p.text.split('\n').slice(0, -1);
    assert.equal(out[0], 'function total(items: Item[]): number {', 'starts at the declaration, the doc left out');
    assert.equal(out.at(-1), '}');
    // Dropped until at most half the body's 54 tokens remain: 17, 13, 20, 14, 15 (and the blank line 18 goes with
    // 17); kept: the least predictable lines, 16 and 19.
    for (const kept of [16, 19]) assert.ok(out.includes((lines[kept - 10] ?? '').replace(/\n$/, '')), `line ${kept} should be kept:\n${p.text}`);
    for (const gone of [13, 14, 15, 17, 20]) assert.ok(!out.includes((lines[gone - 10] ?? '').replace(/\n$/, '')), `line ${gone} should be dropped:\n${p.text}`);
    assert.ok(!out.includes(''), 'the blank line next to a dropped one is dropped with it');
    // Every numbered marker names the source line that follows it.
    out.forEach((l, k) => {
      const m = /^⋮L(\d+)$/.exec(l);
      if (m) assert.equal(`${out[k + 1]}\n`, lines[Number(m[1]) - 10], `${l} is not followed by line ${m[1]}`);
    });
    assert.ok(out.some((l) => /^⋮L\d+$/.test(l)));
    assert.equal(out.at(-2), '⋮', 'the marker before a closing line is bare');
    // It keeps about half the body's tokens and most of its information.
    const bodyTokens = tokens.slice(3, 11).reduce((a, b) => a + b, 0);
    const keptTokens = [16, 19].reduce((a, l) => a + (tokens[l - 10] ?? 0), 0);
    assert.ok(keptTokens <= bodyTokens * 0.6 && keptTokens >= bodyTokens * 0.4, `${keptTokens} of ${bodyTokens}`);
    assert.ok(p.keptInformation > 0.6 && p.keptInformation < 1, String(p.keptInformation));
    assert.deepEqual(pruneBody(unit, surprisal), p, 'deterministic');
  });

  it('keeps every head line between the declaration and the body (template heads, return types, the brace)', () => {
    const head = ['template<typename T>\n', 'auto apply(T& target, int times)\n', '    -> decltype(target.step())\n', '{\n'];
    const body = Array.from({ length: 8 }, (_, k) => `    target.step(${k});\n`);
    const text = [...head, ...body, '}\n'];
    const u: Unit = { kind: 'function', name: 'apply', startLine: 1, endLine: text.length, text: text.join(''), depth: 0, declaration: { startLine: 1, endLine: 1 }, body: { startLine: 5, endLine: 12 } };
    // The head lines look very predictable: they must stay anyway.
    const scores = text.map((_, i) => ({ tokens: 6, bits: i < 4 ? 0.1 : 6 + i }));
    const p = pruneBody(u, scores);
    assert.ok(p);
    assert.ok(p.text.startsWith(head.join('')), p.text);
    assert.ok(p.text.endsWith('}\n'));
  });

  it('drops runs of blank lines around dropped lines whole, before and after them, and keeps those between kept lines', () => {
    // Body: kept line, 3 blanks, dropped line, 40,000 blanks (a hostile file: a loop to a fixpoint was quadratic
    // here), dropped line, 2 blanks, kept line.
    const blanks = (n: number): string[] => Array.from({ length: n }, () => '\n');
    const body = ['  keepA();\n', ...blanks(3), '  dropB();\n', ...blanks(40_000), '  dropC();\n', ...blanks(2), '  keepD();\n'];
    const text = ['function f() {\n', ...body, '}\n'];
    const u: Unit = { kind: 'function', name: 'f', startLine: 1, endLine: text.length, text: text.join(''), depth: 0, declaration: { startLine: 1, endLine: 1 }, body: { startLine: 2, endLine: text.length - 1 } };
    const scores = text.map((l) => (l === '\n' ? { tokens: 0, bits: 0 } : { tokens: 10, bits: l.includes('keep') ? 90 : 1 }));
    const p = pruneBody(u, scores);
    assert.ok(p);
    // Every blank line touches a dropped line through other blanks, so all go: 2 dropped lines and 40,005 blanks.
    assert.equal(p.droppedLines, 2 + 3 + 40_000 + 2);
    assert.equal(p.text, `function f() {\n  keepA();\n${'⋮L' + (text.length - 1)}\n  keepD();\n}\n`);
  });

  it('leaves small bodies and mismatched line scores alone', () => {
    const small: Unit = { ...unit, endLine: 14, text: lines.slice(0, 4).join('') + '}\n', body: { startLine: 13, endLine: 13 } };
    assert.equal(pruneBody(small, surprisal.slice(0, 5)), undefined);
    assert.equal(pruneBody(unit, surprisal.slice(1)), undefined);
  });

  it('never plans a pruned form for dense code', () => {
    const item = (dense: boolean): PlanItem => ({
      fileIndex: 0,
      indexInFile: 0,
      unit,
      pinned: false,
      relevance: 1,
      verbatimTokens: 80,
      skeletonTokens: undefined,
      prunedTokens: 40,
      ...(dense ? { dense: true } : {}),
      values: { verbatim: 2, pruned: 1.9, signature: 0.1 },
    });
    for (const dense of [false, true]) {
      const planner = new Planner([item(dense)], { headerTokens: () => 4, markerTokens: 2, unitsPerFile: [1] });
      // Room for the pruned form, not for the whole unit.
      assert.deepEqual(planner.plan(50), [dense ? 'omitted' : 'pruned']);
    }
  });

  it('prunes a similar function under a tight budget with the built-in encoder, within the budget', async () => {
    const compressor = new Compressor(
      { wasmDir: path.join(root, 'dist/assets/wasm'), tokenizersDir: path.join(root, 'dist/assets/tokenizers'), encoders: { builtinDir: path.join(root, 'dist/assets/models/builtin') } },
      quiet,
    );
    const body = (name: string, field: string) =>
      [
        `export function ${name}(orders: Order[], region: string): Summary {`,
        '  const summary: Summary = { count: 0, total: 0, largest: undefined };',
        '  for (const order of orders) {',
        `    if (order.region !== region || order.${field} === undefined) continue;`,
        '    summary.count += 1;',
        `    summary.total += order.${field} * order.quantity;`,
        `    if (!summary.largest || order.${field} > summary.largest.${field}) summary.largest = order;`,
        '  }',
        `  audit.record('${name}', region, summary.count, summary.total);`,
        '  return summary;',
        '}',
        '',
      ].join('\n');
    const lib = { path: 'src/reports.ts', text: [body('summarizePrices', 'price'), body('summarizeWeights', 'weight'), body('summarizeVolumes', 'volume')].join('\n') };
    const query = 'export function summarizeDiscounts(orders: Order[], region: string): Summary {\n  const summary: Summary = { count: 0, total: 0, largest: undefined };\n';
    const target = { path: 'src/discounts.ts', text: query };
    let pruned = 0;
    for (const budget of [120, 160, 200, 260]) {
      const r = await compressor.compress({ files: [lib, target], budget, decoder: 'qwen2.5-coder-7b', query });
      assert.ok(r.stats.compressedTokens <= budget, `${r.stats.compressedTokens} > ${budget}`);
      for (const s of r.slots.filter((x) => x.level === 'pruned')) {
        pruned++;
        assert.match(s.text, /^export function summarize\w+\(orders: Order\[\], region: string\): Summary \{\n/);
        assert.ok(r.text.includes(s.text));
        const source = lib.text.split('\n');
        for (const m of s.text.matchAll(/^⋮L(\d+)\n(.*)$/gm)) assert.equal(m[2], source[Number(m[1]) - 1]);
      }
    }
    assert.ok(pruned > 0, 'no budget chose a pruned form');
  });
});

describe('Line surprisal for pruning', () => {
  it('reuses the scores of the density pass (same token sequence, a cache hit) and splits them by line', async () => {
    const counter = await loadTokenCounter(path.join(root, 'dist/assets/tokenizers'), 'qwen2.5');
    const scored: number[] = [];
    // Surprisal of token k = k mod 7 + 1 bits: any deterministic value lets the per-line sums be checked.
    const inner: Encoder = {
      info: { id: 'counting', family: 'test', domain: 'code', tokenizer: 'qwen2.5', device: 'cpu', contextTokens: 4096 },
      calibration: async () => undefined,
      score: async (sequences) => {
        for (const s of sequences) scored.push(s.length);
        return sequences.map((s) => ({ surprisal: Float32Array.from(s, (_, k) => (k % 7) + 1) }));
      },
    };
    const encoder = new CachedEncoder(inner);
    const text = lines.join('');
    await analyzeUnits(encoder, (t) => counter.encode(t), [{ text }], { language: 'typescript' });
    assert.equal(scored.length, 1, 'the density pass scored the unit once');
    const [perLine] = await lineSurprisal(encoder, counter, [text]);
    assert.equal(scored.length, 1, 'the line pass scored nothing new');
    assert.ok(perLine);
    assert.equal(perLine.length, lines.length);
    const ids = counter.encode(text);
    assert.equal(perLine.reduce((n, l) => n + l.tokens, 0), ids.length, 'every token counted once');
    const total = ids.reduce((b, _, k) => b + (k % 7) + 1, 0);
    assert.ok(Math.abs(perLine.reduce((b, l) => b + l.bits, 0) - total) < 1e-6, 'every bit counted once');
    perLine.forEach((l, i) => assert.equal(l.tokens, lines[i] === '\n' ? 0 : counter.encode(lines[i] ?? '').length, `line ${i + 1}: ${JSON.stringify(lines[i])}`));
  });
});

describe('Pruned forms across requests', () => {
  it('works out a unit\'s pruned form once per encoder, and gives the same form when asked again', async () => {
    const counter = await loadTokenCounter(path.join(root, 'dist/assets/tokenizers'), 'qwen2.5');
    let scoredSequences = 0;
    const counting = (id: string): Encoder => ({
      info: { id, family: 'test', domain: 'code', tokenizer: 'qwen2.5', device: 'cpu', contextTokens: 4096 },
      calibration: async () => undefined,
      score: async (sequences) => {
        scoredSequences += sequences.length;
        return sequences.map((s) => ({ surprisal: Float32Array.from(s, (_, k) => bitsPerToken[k % bitsPerToken.length] ?? 1) }));
      },
    });
    const item: PlanItem = { fileIndex: 0, indexInFile: 0, unit, pinned: false, relevance: 1, verbatimTokens: counter.count(unit.text), skeletonTokens: undefined };
    const encoder = counting('a');
    const first = await prunedForms(encoder, counter, [item], [0]);
    assert.equal(scoredSequences, 1);
    const again = await prunedForms(encoder, counter, [item], [0]);
    assert.equal(scoredSequences, 1, 'the unit was scored again');
    assert.deepEqual([...again], [...first]);
    await prunedForms(counting('b'), counter, [item], [0]);
    assert.equal(scoredSequences, 2, 'another encoder must score the unit itself');
  });
});
