import { forEachIdentifier, forEachWord } from './identifierScan';

/**
 * Counts of numbered words in one text at a time, in the order each was first met: a count per number kept in
 * one array shared by every text (only the numbers a text met are reset after it), instead of a Map per text.
 */
export class Occurrences {
  private counts = new Uint32Array(1024);
  private readonly met: number[] = [];
  total = 0;

  add(id: number): void {
    if (id >= this.counts.length) {
      const grown = new Uint32Array(Math.max(id + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    if (this.counts[id] === 0) this.met.push(id);
    this.counts[id] = (this.counts[id] as number) + 1;
    this.total++;
  }

  /** Counts every word of `text` (lower-cased, see forEachWord) by the number `numberOf` gives it. */
  addWords(text: string, numberOf: (word: string) => number): void {
    forEachWord(text, (from, to) => this.add(numberOf(text.slice(from, to).toLowerCase())));
  }

  /** Counts every identifier of `text` by the number `numberOf` gives it. */
  addIdentifiers(text: string, numberOf: (identifier: string) => number): void {
    forEachIdentifier(text, (from, to) => this.add(numberOf(text.slice(from, to))));
  }

  /** The numbers met, in order, with their counts (mapped by `weigh`); then starts again for the next text. */
  take<T extends Uint32Array | Float64Array>(make: new (n: number) => T, weigh: (count: number) => number): { ids: Int32Array; counts: T } {
    const ids = Int32Array.from(this.met);
    const counts = new make(this.met.length);
    for (let k = 0; k < this.met.length; k++) {
      const id = this.met[k] as number;
      counts[k] = weigh(this.counts[id] as number);
      this.counts[id] = 0;
    }
    this.met.length = 0;
    this.total = 0;
    return { ids, counts };
  }
}
