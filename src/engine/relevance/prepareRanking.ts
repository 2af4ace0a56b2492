import { yieldToEventLoop } from '../abort';
import type { Unit } from '../types';
import { unitRefs } from './references';
import { unitWords } from './unitWords';

/** How long the work runs between turns of the event loop: a host's other work (typing, a new request) goes first. */
const SLICE_MS = 20;

/**
 * Works out what ranking needs of each unit and keeps it while the unit lives (its words for lexical relevance, its
 * references for the reference graph), a slice at a time, until done or stopped. The first request with a query
 * otherwise does it for every unit it ranks: 2–4 s at 17 MB (bench/warm-requests.js), once per unit, which a
 * long-lived host can do in the background as soon as files are analysed. Units already worked out cost a lookup.
 * Each unit done leaves `pending`, so that a stopped preparation goes on later where it stopped.
 */
export async function prepareRanking(pending: Set<Unit>, signal: AbortSignal): Promise<void> {
  let since = performance.now();
  for (const unit of pending) {
    if (signal.aborted) return;
    unitWords(unit);
    unitRefs(unit);
    pending.delete(unit);
    if (performance.now() - since < SLICE_MS) continue;
    await yieldToEventLoop();
    if (signal.aborted) return;
    since = performance.now();
  }
}
