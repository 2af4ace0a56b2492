import type { Level, Unit } from '../types';

export interface PlanItem {
  readonly fileIndex: number;
  /** Position of the unit within its file's units. */
  readonly indexInFile: number;
  readonly unit: Unit;
  readonly pinned: boolean;
  readonly relevance: number;
  readonly verbatimTokens: number;
  /** Undefined when the unit has no skeleton. */
  readonly skeletonTokens: number | undefined;
  /**
   * Index of the item this one follows (a class's closing line follows its header): it is never chosen on
   * its own, it is kept exactly when its leader is, and its tokens are counted in the leader's.
   */
  readonly follows?: number;
  /** High information density: may be kept verbatim, as a skeleton or omitted, never token-pruned. */
  readonly dense?: boolean;
}

export interface PlanCosts {
  /** Tokens of a file's header, paid once when anything of the file is kept. */
  readonly headerTokens: (fileIndex: number) => number;
  /** Tokens of one "lines omitted" marker. */
  readonly markerTokens: number;
  /** Units per file, to know where a file starts and ends. */
  readonly unitsPerFile: readonly number[];
}

/** How much of a unit's worth each representation keeps: a skeleton keeps the signature and the doc. */
const SKELETON_VALUE = 0.6;

interface Upgrade {
  readonly item: number;
  readonly to: Level;
  readonly gain: number;
}

/**
 * Chooses a representation for every unit so that the estimated total stays within `budget`: pinned units
 * verbatim first, then the upgrade (omitted → skeleton → verbatim, or straight to verbatim) with the best
 * value per token, re-pricing lazily as neighbours change (a kept unit next to omitted ones costs markers).
 * The caller checks the exact rendered size and calls `shrink` if the estimate was short.
 */
export class Planner {
  readonly levels: Level[];
  private readonly kept: boolean[][];
  private readonly keptCount: number[];
  private readonly followerOf = new Map<number, number>();
  private used = 0;
  /** The order in which non-pinned units were upgraded, to undo the least valuable first. */
  private readonly history: { item: number; from: Level }[] = [];

  constructor(private readonly items: readonly PlanItem[], private readonly costs: PlanCosts) {
    this.levels = items.map(() => 'omitted');
    this.kept = costs.unitsPerFile.map((n) => new Array<boolean>(n).fill(false));
    this.keptCount = costs.unitsPerFile.map(() => 0);
    items.forEach((item, i) => {
      if (item.follows !== undefined) this.followerOf.set(item.follows, i);
    });
  }

  get estimatedTokens(): number {
    return this.used;
  }

  plan(budget: number): Level[] {
    for (let i = 0; i < this.items.length; i++) {
      const item = this.items[i];
      if (item?.pinned) this.apply(i, 'verbatim', false);
    }
    const heap = new MaxHeap<Upgrade & { ratio: number }>((a, b) => a.ratio - b.ratio || b.item - a.item);
    const push = (i: number): void => {
      for (const up of this.upgradesOf(i)) {
        const cost = this.costOf(i, up.to);
        heap.push({ ...up, ratio: up.gain / Math.max(cost, 1) });
      }
    };
    for (let i = 0; i < this.items.length; i++) {
      const item = this.items[i];
      if (item && !item.pinned && item.follows === undefined) push(i);
    }
    while (heap.size > 0) {
      const top = heap.pop();
      if (!top || this.levels[top.item] === top.to || !this.isUpgrade(top.item, top.to)) continue;
      const cost = this.costOf(top.item, top.to);
      const ratio = top.gain / Math.max(cost, 1);
      const next = heap.peek();
      if (ratio < top.ratio - 1e-12 && next && next.ratio > ratio) {
        heap.push({ ...top, ratio }); // its price went up since it was queued: re-queue at the new price
        continue;
      }
      if (this.used + cost > budget) continue;
      this.apply(top.item, top.to, true);
      push(top.item);
    }
    return this.levels;
  }

  /** Undoes the last (least valuable) upgrade; false when nothing is left to undo. */
  shrink(): boolean {
    const last = this.history.pop();
    if (!last) return false;
    this.apply(last.item, last.from, false);
    return true;
  }

  private upgradesOf(i: number): Upgrade[] {
    const item = this.items[i];
    if (!item) return [];
    const current = this.levels[i];
    const out: Upgrade[] = [];
    // Worth grows faster than relevance: one unit that answers the query beats many that mention it.
    const worth = item.relevance * item.relevance;
    const hasSkeleton = item.skeletonTokens !== undefined && item.skeletonTokens < item.verbatimTokens;
    if (current === 'omitted') {
      out.push({ item: i, to: 'verbatim', gain: worth });
      if (hasSkeleton) out.push({ item: i, to: 'skeleton', gain: worth * SKELETON_VALUE });
    } else if (current === 'skeleton') {
      out.push({ item: i, to: 'verbatim', gain: worth * (1 - SKELETON_VALUE) });
    }
    return out;
  }

  private isUpgrade(i: number, to: Level): boolean {
    const current = this.levels[i];
    return current === 'omitted' ? to !== 'omitted' : current === 'skeleton' && to === 'verbatim';
  }

  private tokensAt(i: number, level: Level): number {
    const item = this.items[i];
    if (!item || level === 'omitted') return 0;
    return level === 'skeleton' ? (item.skeletonTokens ?? item.verbatimTokens) : item.verbatimTokens;
  }

  /** Extra tokens of moving unit i to `to`, including its file header and the change in markers. */
  private costOf(i: number, to: Level): number {
    const item = this.items[i];
    if (!item) return Infinity;
    const from = this.levels[i] ?? 'omitted';
    let cost = this.tokensAt(i, to) - this.tokensAt(i, from);
    if (from === 'omitted' && to !== 'omitted') cost += this.structureDelta(item.fileIndex, item.indexInFile, true);
    if (from !== 'omitted' && to === 'omitted') cost += this.structureDelta(item.fileIndex, item.indexInFile, false);
    return cost;
  }

  /**
   * Header and marker tokens gained (or saved) by keeping or dropping unit `index` of a file. Only its
   * neighbours matter: keeping a unit inside an omitted run splits the run (one more marker), keeping the
   * last omitted unit between two kept ones removes a marker, and the first kept unit brings the header.
   */
  private structureDelta(file: number, index: number, keep: boolean): number {
    const row = this.kept[file];
    if (!row) return 0;
    const n = row.length;
    const leftOmitted = index > 0 && !row[index - 1];
    const rightOmitted = index < n - 1 && !row[index + 1];
    const edgeRuns = (index > 0 ? 1 : 0) + (index < n - 1 ? 1 : 0);
    const count = this.keptCount[file] ?? 0;
    const { markerTokens } = this.costs;
    if (keep) {
      if (count === 0) return this.costs.headerTokens(file) + edgeRuns * markerTokens;
      return (leftOmitted && rightOmitted ? 1 : !leftOmitted && !rightOmitted ? -1 : 0) * markerTokens;
    }
    if (count === 1) return -(this.costs.headerTokens(file) + edgeRuns * markerTokens);
    return (leftOmitted && rightOmitted ? -1 : !leftOmitted && !rightOmitted ? 1 : 0) * markerTokens;
  }

  private apply(i: number, to: Level, record: boolean): void {
    const item = this.items[i];
    if (!item) return;
    const from = this.levels[i] ?? 'omitted';
    this.used += this.costOf(i, to);
    this.levels[i] = to;
    const row = this.kept[item.fileIndex];
    const wasKept = from !== 'omitted';
    const isKept = to !== 'omitted';
    if (row) row[item.indexInFile] = isKept;
    if (wasKept !== isKept) this.keptCount[item.fileIndex] = (this.keptCount[item.fileIndex] ?? 0) + (isKept ? 1 : -1);
    if (record) this.history.push({ item: i, from });
    const follower = this.followerOf.get(i);
    if (follower !== undefined) this.setFollower(follower, isKept);
  }

  /** A follower's tokens are in its leader's price; only its presence (for markers) changes. */
  private setFollower(i: number, kept: boolean): void {
    const item = this.items[i];
    if (!item) return;
    const was = this.levels[i] !== 'omitted';
    if (was === kept) return;
    this.used += this.structureDelta(item.fileIndex, item.indexInFile, kept);
    this.levels[i] = kept ? 'verbatim' : 'omitted';
    const row = this.kept[item.fileIndex];
    if (row) row[item.indexInFile] = kept;
    this.keptCount[item.fileIndex] = (this.keptCount[item.fileIndex] ?? 0) + (kept ? 1 : -1);
  }
}

/** A binary max-heap; small and local because the planner is its only user. */
class MaxHeap<T> {
  private readonly data: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}
  get size(): number {
    return this.data.length;
  }
  peek(): T | undefined {
    return this.data[0];
  }
  push(value: T): void {
    const d = this.data;
    d.push(value);
    let i = d.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(d[i] as T, d[parent] as T) <= 0) break;
      [d[i], d[parent]] = [d[parent] as T, d[i] as T];
      i = parent;
    }
  }
  pop(): T | undefined {
    const d = this.data;
    const top = d[0];
    const last = d.pop();
    if (d.length > 0 && last !== undefined) {
      d[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < d.length && this.compare(d[l] as T, d[best] as T) > 0) best = l;
        if (r < d.length && this.compare(d[r] as T, d[best] as T) > 0) best = r;
        if (best === i) break;
        [d[i], d[best]] = [d[best] as T, d[i] as T];
        i = best;
      }
    }
    return top;
  }
}
