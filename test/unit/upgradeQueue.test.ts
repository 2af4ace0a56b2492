import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpgradeQueue } from '../../src/engine/plan/upgradeQueue';
import type { Level } from '../../src/engine/types';

describe('UpgradeQueue', () => {
  it('gives upgrades best value per token first, the earlier unit first on a tie', () => {
    const queue = new UpgradeQueue();
    const levels: Level[] = ['signature', 'skeleton', 'code', 'verbatim'];
    const entries: { item: number; to: Level; ratio: number }[] = [];
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      // Few distinct ratios, so that ties are common.
      const entry = { item: i % 97, to: levels[i % levels.length] as Level, ratio: (seed % 13) / 4 };
      entries.push(entry);
      queue.push(entry.item, entry.to, entry.ratio);
    }
    assert.equal(queue.size, entries.length);
    const popped: { item: number; ratio: number }[] = [];
    for (let e = queue.pop(); e; e = queue.pop()) popped.push({ item: e.item, ratio: e.ratio });
    const expected = entries.map(({ item, ratio }) => ({ item, ratio })).sort((a, b) => b.ratio - a.ratio || a.item - b.item);
    assert.deepEqual(popped, expected);
    assert.equal(queue.peekRatio(), undefined);
  });

  it('pops the same sequence whatever order the entries went in (the planner queues units lazily)', () => {
    const levels: Level[] = ['signature', 'skeleton', 'pruned', 'code', 'verbatim'];
    // Ties on ratio and unit, told apart only by the level.
    const entries = Array.from({ length: 300 }, (_, i) => ({ item: i % 11, to: levels[(i * 7) % levels.length] as Level, ratio: (i % 3) / 2 }));
    const drain = (order: typeof entries): string[] => {
      const queue = new UpgradeQueue();
      for (const e of order) queue.push(e.item, e.to, e.ratio);
      const out: string[] = [];
      for (let e = queue.pop(); e; e = queue.pop()) out.push(`${e.ratio}/${e.item}/${e.to}`);
      return out;
    };
    const forward = drain(entries);
    assert.deepEqual(drain([...entries].reverse()), forward);
    assert.deepEqual(drain(entries.filter((_, i) => i % 2 === 0).concat(entries.filter((_, i) => i % 2 === 1))), forward);
  });
});
