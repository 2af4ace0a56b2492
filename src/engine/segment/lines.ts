/** Splits text into lines that keep their line terminators, so that joining them gives the text back. */
export function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [''];
}

/**
 * A text and its lines, to take runs of lines as slices of the text: a slice is a small view of the file's string,
 * where joining the lines would copy its characters (held for as long as the unit is: a second copy of every file,
 * about the input's size, for a whole request).
 */
export class LineSpans {
  /** Where each line starts in the text, and the text's length last: line i is text.slice(starts[i], starts[i + 1]). */
  private readonly starts: number[];

  constructor(private readonly text: string, readonly lines: readonly string[]) {
    this.starts = [0];
    let at = 0;
    for (const line of lines) this.starts.push((at += line.length));
  }

  /** Lines `first` to `last` (0-based, inclusive), terminators kept: what joining them would give. */
  span(first: number, last: number): string {
    return this.text.slice(this.starts[first] ?? 0, this.starts[last + 1] ?? this.text.length);
  }
}
