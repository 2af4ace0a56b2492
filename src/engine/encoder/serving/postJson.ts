/** One JSON request to a scoring server, with a deadline, a cap on the reply's size and the server's Retry-After. */
import { BodyTooLargeError, readCappedText } from '../../cappedBody';

export interface JsonReply {
  readonly status: number;
  /** Seconds the server asked to wait (Retry-After as seconds or an HTTP date), when it said. */
  readonly retryAfterS?: number;
  /** The parsed body; undefined when the status is not 2xx. */
  readonly body?: unknown;
  /** The first bytes of a non-2xx body, for the message. */
  readonly errorText?: string;
}

export interface PostOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

/** A failure of the connection or the reply (refused, timed out, cut off, too large, not JSON). */
export class ServingTransportError extends Error {
  constructor(message: string, readonly refused = false) {
    super(message);
    this.name = 'ServingTransportError';
  }
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  try {
    return await readCappedText(res, maxBytes);
  } catch (err) {
    throw err instanceof BodyTooLargeError ? new ServingTransportError(err.message) : err;
  }
}

function describeFailure(err: unknown, timedOut: boolean, timeoutMs: number): ServingTransportError {
  if (timedOut) return new ServingTransportError(`no complete reply within ${Math.round(timeoutMs / 1000)} s`);
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
  const code = cause && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  if (code === 'ECONNREFUSED') return new ServingTransportError('the connection was refused (is the server running?)', true);
  const what = cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new ServingTransportError(`the connection failed or the reply was cut off (${what})`);
}

export async function postJson(url: URL, body: unknown, options: PostOptions): Promise<JsonReply> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let text: string;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), signal });
    text = await readCapped(res, options.maxBytes);
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : err;
    if (err instanceof ServingTransportError) throw err;
    throw describeFailure(err, deadline.aborted, options.timeoutMs);
  }
  const retryAfterS = parseRetryAfter(res.headers.get('retry-after'));
  const retry = retryAfterS !== undefined ? { retryAfterS } : {};
  if (res.status < 200 || res.status >= 300) return { status: res.status, ...retry, errorText: text.slice(0, 300) };
  try {
    return { status: res.status, ...retry, body: JSON.parse(text) as unknown };
  } catch {
    throw new ServingTransportError(`the reply is not complete JSON (${text.length} bytes: "${text.slice(0, 80)}…")`);
  }
}

/** GET of a small JSON document (model info); undefined when the server does not have it. */
export async function getJson(url: URL, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
    if (!res.ok) return undefined;
    return JSON.parse(await readCapped(res, 1 << 20)) as unknown;
  } catch {
    return undefined;
  }
}
