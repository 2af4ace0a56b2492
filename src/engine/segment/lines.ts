/** Splits text into lines that keep their line terminators, so that joining them gives the text back. */
export function splitLines(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [''];
}
