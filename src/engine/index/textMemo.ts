/**
 * Facts about file texts, remembered by the text itself and bounded by the characters of the texts held: a long-lived
 * host (and a CLI run's several passes) asks the same questions of the same texts on every request. A text seen
 * again is found by the string: the same string object (the extension's read cache) costs nothing, an equal one
 * read afresh a comparison, far cheaper than scanning or hashing it. Least recently used texts go first.
 */
export class TextMemo<V> {
  private readonly entries = new Map<string, V>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(text: string): V | undefined {
    const known = this.entries.get(text);
    if (known !== undefined) {
      // Most recently used last: eviction takes the first.
      this.entries.delete(text);
      this.entries.set(text, known);
    }
    return known;
  }

  set(text: string, value: V): void {
    if (this.entries.has(text)) this.entries.delete(text);
    else this.chars += text.length;
    this.entries.set(text, value);
    for (const [old] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(old);
      this.chars -= old.length;
    }
  }
}
