/** Splits a byte stream into text lines; a multi-byte character or a line may span any number of chunks. */

export interface Line {
  readonly text: string;
  /** False only for a last line that the stream ended without terminating: it may be cut short. */
  readonly complete: boolean;
}

export class LineTooLongError extends Error {
  constructor(readonly limit: number) {
    super(`a line is longer than ${limit} characters`);
    this.name = 'LineTooLongError';
  }
}

/** The line limit keeps a server that never sends a newline from filling memory. */
export async function* readLines(chunks: AsyncIterable<Uint8Array>, maxLineChars: number): AsyncGenerator<Line, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = pending.indexOf('\n', start); nl !== -1; nl = pending.indexOf('\n', start)) {
      yield { text: stripCr(pending.slice(start, nl)), complete: true };
      start = nl + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxLineChars) throw new LineTooLongError(maxLineChars);
  }
  pending += decoder.decode();
  if (pending.length > 0) yield { text: stripCr(pending), complete: false };
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}
