/** Server-sent events (the subset the WHATWG spec defines that chat servers use): event, data, comments. */
import type { Line } from './lines';

export interface SseEvent {
  /** The `event:` field; "message" when absent. */
  readonly event: string;
  /** The `data:` lines of the event joined by "\n". */
  readonly data: string;
}

export async function* readSseEvents(lines: AsyncIterable<Line>): AsyncGenerator<SseEvent, void, undefined> {
  let event = '';
  let data: string[] = [];
  let lastComplete = true;
  for await (const line of lines) {
    lastComplete = line.complete;
    if (line.text === '') {
      if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
      event = '';
      data = [];
      continue;
    }
    if (line.text.startsWith(':')) continue; // comment / keep-alive
    const colon = line.text.indexOf(':');
    const field = colon === -1 ? line.text : line.text.slice(0, colon);
    let value = colon === -1 ? '' : line.text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  }
  // The spec drops an event the stream did not close with a blank line. We keep it when its last line was
  // terminated, because some servers end with "data: [DONE]\n" and close; a cut-off line is never trusted.
  if (data.length > 0 && lastComplete) yield { event: event || 'message', data: data.join('\n') };
}
