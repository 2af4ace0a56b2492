import type { Level } from '../types';

const LEVEL_RANK: Readonly<Record<Level, number>> = { omitted: 0, signature: 1, skeleton: 2, pruned: 3, code: 4, verbatim: 5 };

/**
 * Which of two entries the queue gives first (positive: the first one): best ratio first, then the earlier unit,
 * then the lower level. A total order, so that which entry comes out first never depends on the order entries went
 * in (the planner queues units lazily).
 */
export function entryOrder(ratioA: number, itemA: number, toA: Level, ratioB: number, itemB: number, toB: Level): number {
  return ratioA - ratioB || itemB - itemA || LEVEL_RANK[toB] - LEVEL_RANK[toA];
}

/**
 * The planner's queue of upgrades, best value per token first (ties: the earlier unit first): a binary max-heap
 * over parallel arrays. On a large input it holds an entry per upgrade of every unit (70,000 for 32,000 units);
 * plain numbers in arrays keep each comparison a couple of loads, where objects cost an allocation per entry and
 * slow property access once their fields change representation.
 */
export class UpgradeQueue {
  private readonly ratios: number[] = [];
  private readonly items: number[] = [];
  private readonly levels: Level[] = [];

  get size(): number {
    return this.ratios.length;
  }

  /** The best entry's value per token, without taking it. */
  peekRatio(): number | undefined {
    return this.ratios[0];
  }

  /** Whether an entry would come out before the best one queued (true when the queue is empty). */
  precedesTop(ratio: number, item: number, to: Level): boolean {
    if (this.ratios.length === 0) return true;
    return entryOrder(ratio, item, to, this.ratios[0] as number, this.items[0] as number, this.levels[0] as Level) > 0;
  }

  push(item: number, to: Level, ratio: number): void {
    this.ratios.push(ratio);
    this.items.push(item);
    this.levels.push(to);
    let i = this.ratios.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(i, parent) <= 0) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Takes the best entry; undefined when empty. */
  pop(): { item: number; to: Level; ratio: number } | undefined {
    const n = this.ratios.length;
    if (n === 0) return undefined;
    const top = { item: this.items[0] as number, to: this.levels[0] as Level, ratio: this.ratios[0] as number };
    const lastRatio = this.ratios.pop() as number;
    const lastItem = this.items.pop() as number;
    const lastLevel = this.levels.pop() as Level;
    const size = n - 1;
    if (size > 0) {
      this.ratios[0] = lastRatio;
      this.items[0] = lastItem;
      this.levels[0] = lastLevel;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < size && this.compare(l, best) > 0) best = l;
        if (r < size && this.compare(r, best) > 0) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }

  private compare(a: number, b: number): number {
    return entryOrder(this.ratios[a] as number, this.items[a] as number, this.levels[a] as Level, this.ratios[b] as number, this.items[b] as number, this.levels[b] as Level);
  }

  private swap(a: number, b: number): void {
    const r = this.ratios[a] as number;
    this.ratios[a] = this.ratios[b] as number;
    this.ratios[b] = r;
    const it = this.items[a] as number;
    this.items[a] = this.items[b] as number;
    this.items[b] = it;
    const lv = this.levels[a] as Level;
    this.levels[a] = this.levels[b] as Level;
    this.levels[b] = lv;
  }
}
