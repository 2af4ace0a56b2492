import { keptShape, type ShapeFacts } from '../render/keptShape';
import type { Level, Unit } from '../types';
import { entryOrder, UpgradeQueue } from './upgradeQueue';
import { throwIfAborted, yieldToEventLoop } from '../abort';

/**
 * A unit as the planner sees it: its own tokens at each level (its text alone), what each level is worth, and
 * what its text says about the lines a level leaves out (ShapeFacts). What a level costs in the plan (its price)
 * is the planner's to work out: a class header also pays for its closing line, markers and headers are shared.
 */
export interface PlanItem extends ShapeFacts {
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
   * its own, it is kept exactly when its leader is, and its tokens are paid for in the leader's price.
   */
  readonly follows?: number;
  /** High information density: may be kept verbatim, as a skeleton or omitted, never pruned. */
  readonly dense?: boolean;
  /** Tokens of the pruned body (most predictable lines dropped); undefined when the unit has no such level. */
  readonly prunedTokens?: number;
  /** Tokens of the unit without its doc (the `code` level, inner markers included); undefined when it has none. */
  readonly codeTokens?: number;
  /** Tokens of the declaration line(s) alone (the `signature` level); undefined when there is no such level. */
  readonly declarationTokens?: number;
  /**
   * Extra tokens when the unit is kept as code (verbatim, pruned or skeleton): the marker before kept code names the
   * line it resumes at. Counted whether or not a run of omitted lines precedes it (a slight overestimate).
   */
  readonly lineNumberTokens?: number;
  /**
   * What each representation is worth (relevance × what it keeps). Without it the worth is derived from
   * `relevance`: verbatim relevance², skeleton a share of that, no signature level.
   */
  readonly values?: LevelValues;
}

export interface LevelValues {
  readonly verbatim: number;
  readonly code?: number;
  readonly pruned?: number;
  readonly skeleton?: number;
  readonly signature?: number | undefined;
}

export interface PlanCosts {
  /** Tokens of a file's header, paid once when anything of the file is kept. */
  readonly headerTokens: (fileIndex: number) => number;
  /** Tokens of one "lines omitted" marker (without a line number). */
  readonly markerTokens: number;
  /** Units per file, to know where a file starts and ends. */
  readonly unitsPerFile: readonly number[];
}

/** The most runs of omitted lines one unit's move can remove (see localRuns: within the unit, and right after it). */
const MARKER_RUNS_SAVED = 2;

/** How long planning runs between turns of the event loop (planAsync). */
const PLAN_SLICE_MS = 20;

/** How much of a unit's worth a skeleton keeps when no values are given: the signature and the doc. */
const SKELETON_VALUE = 0.6;

/**
 * Chooses a representation for every unit (a multiple-choice knapsack, solved greedily) so that the
 * estimated total stays within `budget`: pinned units verbatim first, then the upgrade (omitted → signature →
 * skeleton → pruned → code → verbatim, or any jump up that chain) with the best gain in value per token, re-pricing lazily as
 * neighbours change. Prices are exact up to BPE merges across pieces: a unit's own tokens, its file's header
 * when it is the first kept, and the change in "omitted" markers (one per run of omitted lines; a signature
 * leaves its doc and body omitted). The caller checks the rendered size and calls `shrink` if it is over.
 */
export class Planner {
  readonly levels: Level[];
  /** Item index of each (file, unit index). */
  private readonly itemAt: number[][];
  private readonly keptCount: number[];
  /** Runs of omitted lines per file, as rendered (a file with nothing kept counts one run but costs nothing). */
  private readonly runs: number[];
  private readonly followerOf = new Map<number, number>();
  private used = 0;
  private shrunk: number | undefined;
  /** The order in which non-pinned units were upgraded, to undo the least valuable first. */
  private readonly history: { item: number; from: Level }[] = [];

  /**
   * `queueAll`: every unit queued up front and nothing set aside — the plain greedy, which the lazy queue must
   * equal pop for pop (the tests compare the two).
   */
  constructor(private readonly items: readonly PlanItem[], private readonly costs: PlanCosts, private readonly options: { readonly queueAll?: boolean } = {}) {
    this.levels = items.map(() => 'omitted');
    this.itemAt = costs.unitsPerFile.map((n) => new Array<number>(n).fill(-1));
    items.forEach((item, i) => {
      const row = this.itemAt[item.fileIndex];
      if (row) row[item.indexInFile] = i;
      if (item.follows !== undefined) this.followerOf.set(item.follows, i);
    });
    this.keptCount = costs.unitsPerFile.map(() => 0);
    this.runs = costs.unitsPerFile.map((n) => (n > 0 ? 1 : 0));
  }

  get estimatedTokens(): number {
    return this.used;
  }

  plan(budget: number): Level[] {
    for (const _ of this.steps(budget));
    return this.levels;
  }

  /**
   * The same plan, giving the event loop a turn every few milliseconds so that a cancellation (Ctrl-C, a new
   * request) is honoured while a large input is planned; throws CancelledError once the signal fires.
   */
  async planAsync(budget: number, signal: AbortSignal | undefined): Promise<Level[]> {
    let since = performance.now();
    for (const _ of this.steps(budget)) {
      if (performance.now() - since < PLAN_SLICE_MS) continue;
      await yieldToEventLoop();
      throwIfAborted(signal);
      since = performance.now();
    }
    return this.levels;
  }

  /** The plan, as a sequence of steps (one per unit queued or upgrade considered) that the caller runs to the end. */
  private *steps(budget: number): Generator<void> {
    for (let i = 0; i < this.items.length; i++) {
      const item = this.items[i];
      if (item?.pinned) this.apply(i, 'verbatim', false);
    }
    const heap = new UpgradeQueue();
    const push = (i: number): void => {
      this.eachUpgrade(i, (to, gain) => heap.push(i, to, gain / Math.max(this.costOf(i, to), 1)));
    };
    // Every unit's upgrades at a bound of their value per token (their own tokens, less the most their markers can
    // save): pricing every upgrade of every unit exactly is most of the work on a large input, and most of them
    // never get near the budget. A bound is never below the true ratio, so an entry popped at its bound is priced
    // exactly then and re-queued if it fell behind (as an entry whose price rose since it was queued is).
    const bounds = this.boundedUpgrades();
    // Units enter the queue best bound first, only once their best entry would come out before the queue's best
    // (the queue's order is total: ratio, then unit, then level): the queue pops what it would have popped holding
    // every entry from the start, without the others' pushes and pops (units tied on their bound enter one by one). Once
    // the queue is empty and even the cheapest upgrade left cannot fit, no later one can: the plan is done.
    let next = 0;
    // Entries that could not fit when their unit entered: the budget only fills up, so they would be dropped when
    // popped — unless an upgrade that saves more in markers than it adds lowers the total first (see below).
    const deferred: { item: number; to: Level; ratio: number }[] = [];
    const enqueue = (): void => {
      const i = bounds.order[next++] as number;
      for (let e = bounds.start[i] as number; e < (bounds.start[i + 1] as number); e++) {
        const entry = { item: i, to: bounds.to[e] as Level, ratio: bounds.ratio[e] as number };
        if (!this.options.queueAll && this.used + (bounds.cost[e] as number) > budget) deferred.push(entry);
        else heap.push(entry.item, entry.to, entry.ratio);
      }
    };
    if (this.options.queueAll) while (next < bounds.order.length) enqueue();
    for (;;) {
      yield;
      while (next < bounds.order.length && heap.precedesTop(bounds.best[bounds.order[next] as number] as number, bounds.order[next] as number, bounds.bestTo[bounds.order[next] as number] as Level)) {
        if (heap.size === 0 && this.used + (bounds.leastAfter[next] as number) > budget) break;
        enqueue();
      }
      if (heap.size === 0) break;
      const top = heap.pop();
      if (!top || this.levels[top.item] === top.to || !this.isUpgrade(top.item, top.to)) continue;
      // Cannot fit whatever its neighbours save: dropped without pricing it (the budget only fills up).
      if (this.used + this.leastCostOf(top.item, top.to) > budget) continue;
      const gain = this.valueOf(top.item, top.to) - this.valueOf(top.item, this.levels[top.item] ?? 'omitted');
      const cost = this.costOf(top.item, top.to);
      const ratio = gain / Math.max(cost, 1);
      // The best entry after it, among those queued and those still to come (the next unit's best bound).
      const queued = heap.peekRatio();
      const toCome = next < bounds.order.length ? (bounds.best[bounds.order[next] as number] as number) : undefined;
      const following = queued === undefined ? toCome : toCome === undefined ? queued : Math.max(queued, toCome);
      if (ratio < top.ratio - 1e-12 && following !== undefined && following > ratio) {
        heap.push(top.item, top.to, ratio); // its price went up since it was queued: re-queue at the new price
        continue;
      }
      if (this.used + cost > budget) continue;
      const usedBefore = this.used;
      this.apply(top.item, top.to, true);
      push(top.item);
      if (this.used < usedBefore) {
        // The total went down: deferred entries that would not have been popped yet get their chance, as they would
        // have had in the queue; those that would have been popped already were dropped then, and stay dropped.
        const later = (d: (typeof deferred)[number]): boolean => entryOrder(d.ratio, d.item, d.to, top.ratio, top.item, top.to) < 0;
        for (const d of deferred.filter(later)) heap.push(d.item, d.to, d.ratio);
        const kept = deferred.filter((d) => !later(d));
        deferred.length = 0;
        deferred.push(...kept);
      }
    }
  }

  /**
   * Each unit's upgrades from omitted with their bound ratios and bound costs (flat arrays, a unit's entries at start[i]…start[i+1]),
   * the units in order of their best bound (ties: the earlier unit first), and the least bound cost of any upgrade
   * of the units from each place in that order on (a suffix minimum).
   */
  private boundedUpgrades(): { order: number[]; best: Float64Array; bestTo: Level[]; start: Int32Array; to: Level[]; ratio: number[]; cost: number[]; leastAfter: Float64Array } {
    const n = this.items.length;
    const start = new Int32Array(n + 1);
    const best = new Float64Array(n).fill(-Infinity);
    /** The level of each unit's best entry: of two with the best ratio, the lower (the queue gives it first). */
    const bestTo: Level[] = new Array<Level>(n).fill('omitted');
    const least = new Float64Array(n).fill(Infinity);
    const to: Level[] = [];
    const ratio: number[] = [];
    const cost: number[] = [];
    const order: number[] = [];
    for (let i = 0; i < n; i++) {
      start[i] = to.length;
      const item = this.items[i];
      if (!item || item.pinned || item.follows !== undefined) continue;
      this.eachUpgrade(i, (level, gain) => {
        const bound = this.leastCostOf(i, level);
        const r = gain / Math.max(bound, 1);
        to.push(level);
        ratio.push(r);
        cost.push(bound);
        if (r > (best[i] as number) || (r === best[i] && entryOrder(r, i, level, r, i, bestTo[i] as Level) > 0)) {
          best[i] = r;
          bestTo[i] = level;
        }
        if (bound < (least[i] as number)) least[i] = bound;
      });
      if (to.length > (start[i] as number)) order.push(i);
    }
    start[n] = to.length;
    order.sort((a, b) => (best[b] as number) - (best[a] as number) || a - b);
    const leastAfter = new Float64Array(order.length + 1).fill(Infinity);
    for (let k = order.length - 1; k >= 0; k--) leastAfter[k] = Math.min(leastAfter[k + 1] as number, least[order[k] as number] as number);
    return { order, best, bestTo, start, to, ratio, cost, leastAfter };
  }

  /** Undoes the last (least valuable) upgrade; false when nothing is left to undo. */
  shrink(): boolean {
    const last = this.history.pop();
    if (!last) return false;
    this.apply(last.item, last.from, false);
    this.shrunk = last.item;
    return true;
  }

  /** The unit the last `shrink` moved back (with its follower, in the same file): what changed since. */
  get lastShrunk(): number | undefined {
    return this.shrunk;
  }

  private valuesOf(item: PlanItem): LevelValues {
    if (item.values) return item.values;
    // Worth grows faster than relevance: one unit that answers the query beats many that mention it.
    const worth = item.relevance * item.relevance;
    return { verbatim: worth, skeleton: worth * SKELETON_VALUE };
  }

  /** Worth of unit i at a level; 0 when the unit has no such representation (or it saves nothing). */
  private valueOf(i: number, level: Level): number {
    const item = this.items[i];
    if (!item || level === 'omitted') return 0;
    return this.available(item, level) ? ((this.valuesOf(item)[level] as number | undefined) ?? 0) : 0;
  }

  private available(item: PlanItem, level: Level): boolean {
    switch (level) {
      case 'omitted':
      case 'verbatim':
        return true;
      case 'pruned':
        return !item.dense && item.prunedTokens !== undefined && item.prunedTokens < item.verbatimTokens && this.valuesOf(item).pruned !== undefined;
      case 'code':
        return item.codeTokens !== undefined && item.codeTokens < item.verbatimTokens && this.valuesOf(item).code !== undefined;
      case 'skeleton':
        return item.skeletonTokens !== undefined && item.skeletonTokens < item.verbatimTokens && this.valuesOf(item).skeleton !== undefined;
      case 'signature':
        return item.declarationTokens !== undefined && item.declarationTokens < item.verbatimTokens && this.valuesOf(item).signature !== undefined;
    }
  }

  /** Unit i's upgrades from its current level, in LEVELS order, each with its gain (a visitor: boundedUpgrades runs it for every unit). */
  private eachUpgrade(i: number, visit: (to: Level, gain: number) => void): void {
    const item = this.items[i];
    if (!item) return;
    const current = this.levels[i] ?? 'omitted';
    const now = this.valueOf(i, current);
    for (const to of LEVELS) {
      if (to === current || !this.available(item, to)) continue;
      const gain = this.valueOf(i, to) - now;
      if (gain > 0 && this.tokensAt(i, to) > this.tokensAt(i, current)) visit(to, gain);
    }
  }

  private isUpgrade(i: number, to: Level): boolean {
    const current = this.levels[i] ?? 'omitted';
    const item = this.items[i];
    return !!item && this.available(item, to) && this.valueOf(i, to) > this.valueOf(i, current) && this.tokensAt(i, to) > this.tokensAt(i, current);
  }

  /** What unit i costs at a level, before headers and markers: its price. */
  private tokensAt(i: number, level: Level): number {
    const item = this.items[i];
    if (!item || level === 'omitted' || item.follows !== undefined) return 0;
    // A class header pays for its closing line, kept verbatim exactly when the header is kept.
    const follower = this.followerOf.get(i);
    const closing = follower !== undefined ? (this.items[follower]?.verbatimTokens ?? 0) : 0;
    // Kept code pays for the numbered marker before it (see lineNumberTokens); a mention does not.
    return levelTokens(item, level) + closing + (level === 'signature' ? 0 : (item.lineNumberTokens ?? 0));
  }

  /**
   * A lower bound of costOf, without moving anything: the unit's own extra tokens less the most a move can save in
   * markers (the runs of omitted lines starting within each moved unit or right after it: at most two fewer each).
   * The file's header only adds.
   */
  private leastCostOf(i: number, to: Level): number {
    const moved = this.followerOf.has(i) ? 2 : 1; // a class header moves its closing line too
    return this.tokensAt(i, to) - this.tokensAt(i, this.levels[i] ?? 'omitted') - moved * MARKER_RUNS_SAVED * this.costs.markerTokens;
  }

  /** Extra tokens of moving unit i to `to`: its own, its file header's, and the change in markers. */
  private costOf(i: number, to: Level): number {
    const from = this.levels[i] ?? 'omitted';
    const before = this.used;
    this.set(i, to);
    const cost = this.used - before;
    this.set(i, from);
    return cost;
  }

  private apply(i: number, to: Level, record: boolean): void {
    const from = this.levels[i] ?? 'omitted';
    this.set(i, to);
    if (record) this.history.push({ item: i, from });
  }

  /** Moves unit i (and its follower, kept exactly when it is) to a level, keeping `used` exact. */
  private set(i: number, to: Level): void {
    this.setOne(i, to);
    const follower = this.followerOf.get(i);
    if (follower !== undefined) this.setOne(follower, to === 'omitted' ? 'omitted' : 'verbatim');
  }

  private setOne(i: number, to: Level): void {
    const item = this.items[i];
    if (!item) return;
    const from = this.levels[i] ?? 'omitted';
    if (from === to) return;
    const file = item.fileIndex;
    const fileBefore = this.fileCost(file);
    const runsBefore = this.localRuns(i, from);
    this.levels[i] = to;
    this.runs[file] = (this.runs[file] ?? 0) + this.localRuns(i, to) - runsBefore;
    if ((from === 'omitted') !== (to === 'omitted')) this.keptCount[file] = (this.keptCount[file] ?? 0) + (to === 'omitted' ? -1 : 1);
    this.used += this.tokensAt(i, to) - this.tokensAt(i, from) + this.fileCost(file) - fileBefore;
  }

  private fileCost(file: number): number {
    if ((this.keptCount[file] ?? 0) === 0) return 0;
    return this.costs.headerTokens(file) + (this.runs[file] ?? 0) * this.costs.markerTokens;
  }

  /** Which stretches of unit i are omitted at a level, in line order (keptShape: what the renderer writes). */
  private shape(i: number, level: Level): readonly boolean[] {
    const item = this.items[i];
    const kept = item ? keptShape(level, item) : undefined;
    if (!kept) return OPEN;
    return kept.omitsAbove ? (kept.omitsBelow ? OPEN_CLOSED_OPEN : OPEN_CLOSED) : kept.omitsBelow ? CLOSED_OPEN : CLOSED;
  }

  /**
   * Runs of omitted lines that start within unit i at a level, or right after it (in its right neighbour,
   * whose start depends on how unit i ends). Only these change when unit i changes level.
   */
  private localRuns(i: number, level: Level): number {
    const item = this.items[i];
    if (!item) return 0;
    const row = this.itemAt[item.fileIndex] ?? [];
    const left = item.indexInFile > 0 ? row[item.indexInFile - 1] : undefined;
    const right = item.indexInFile < row.length - 1 ? row[item.indexInFile + 1] : undefined;
    const segs = this.shape(i, level);
    let prevOpen = left !== undefined && left >= 0 ? (this.shape(left, this.levels[left] ?? 'omitted').at(-1) ?? false) : false;
    let n = 0;
    for (const open of segs) {
      if (open && !prevOpen) n++;
      prevOpen = open;
    }
    if (right !== undefined && right >= 0 && (this.shape(right, this.levels[right] ?? 'omitted')[0] ?? false) && !prevOpen) n++;
    return n;
  }
}

/** A unit's own tokens at a level (its text alone: no header, markers or line number); verbatim's when the level has no count. */
export function levelTokens(item: PlanItem, level: Level): number {
  switch (level) {
    case 'signature':
      return item.declarationTokens ?? item.verbatimTokens;
    case 'skeleton':
      return item.skeletonTokens ?? item.verbatimTokens;
    case 'pruned':
      return item.prunedTokens ?? item.verbatimTokens;
    case 'code':
      return item.codeTokens ?? item.verbatimTokens;
    default:
      return item.verbatimTokens;
  }
}

const LEVELS: readonly Level[] = ['signature', 'skeleton', 'pruned', 'code', 'verbatim'];
const OPEN: readonly boolean[] = [true];
const CLOSED: readonly boolean[] = [false];
const OPEN_CLOSED: readonly boolean[] = [true, false];
const CLOSED_OPEN: readonly boolean[] = [false, true];
const OPEN_CLOSED_OPEN: readonly boolean[] = [true, false, true];
