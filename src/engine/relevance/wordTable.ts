/**
 * Words as numbers, shared by every unit: two typed arrays per unit instead of a Map of strings keeps the memos
 * small (17 MB of code: ~44k units, ~1M distinct unit-word pairs, ~8 MB). A hostile input of endless distinct
 * words could grow the table without bound, so past MAX_WORDS it starts again, and the units' memos of the old
 * table are recomputed when next asked for (their generation no longer matches).
 */
const MAX_WORDS = 2_000_000;

export class WordTable {
  private ids = new Map<string, number>();
  private byId: string[] = [];
  generation = 0;

  idOf(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      if (this.byId.length >= MAX_WORDS) {
        this.ids = new Map();
        this.byId = [];
        this.generation++;
      }
      id = this.byId.length;
      this.ids.set(word, id);
      this.byId.push(word);
    }
    return id;
  }

  /** The number of a word already seen, else undefined (a word no unit holds matches nothing). */
  known(word: string): number | undefined {
    return this.ids.get(word);
  }

  wordOf(id: number): string {
    return this.byId[id] ?? '';
  }

  /** Words numbered so far in this generation: every id is below it. */
  get size(): number {
    return this.byId.length;
  }
}
