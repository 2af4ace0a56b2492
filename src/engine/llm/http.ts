/**
 * One HTTP request to a local LLM server with every wait bounded and cancellation wired in. node:http rather
 * than fetch: fetch gives no hook for a connect timeout nor a clean "connection refused" code.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import {
  LlmAbortError,
  LlmConnectionError,
  LlmError,
  LlmProtocolError,
  LlmStreamTruncatedError,
  LlmTimeoutError,
} from './errors';
import type { TimeoutPhase } from './errors';
import type { Provider, Timeouts } from './types';

/** Who we are talking to, for error messages. */
export interface HttpTarget {
  readonly provider: Provider;
  /** The endpoint as shown to the user. */
  readonly endpoint: string;
}

export interface RequestSpec {
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  /** Serialised as JSON. */
  readonly body?: unknown;
  readonly accept: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeouts: Timeouts;
  readonly target: HttpTarget;
  readonly signal?: AbortSignal | undefined;
}

export interface OpenResponse {
  readonly status: number;
  /** Lower-cased media type without parameters ("" when absent). */
  readonly mediaType: string;
  /** The body, chunk by chunk; each wait is bounded by the first-byte or idle timeout. Iterate once. */
  chunks(): AsyncGenerator<Buffer, void, undefined>;
  /** The whole body as UTF-8, cut at maxBytes (the rest is not read). */
  text(maxBytes: number): Promise<string>;
  /** Releases the connection; safe to call more than once. */
  close(): void;
}

const MAX_TIMER_MS = 2_147_483_647;

export function openRequest(spec: RequestSpec): Promise<OpenResponse> {
  const { url, target, timeouts, signal } = spec;
  if (signal?.aborted) return Promise.reject(new LlmAbortError());

  const payload = spec.body === undefined ? undefined : Buffer.from(JSON.stringify(spec.body), 'utf8');
  const headers: Record<string, string> = { accept: spec.accept, ...spec.headers };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  const isHttps = url.protocol === 'https:';
  const transport = isHttps ? https : http;

  return new Promise<OpenResponse>((resolve, reject) => {
    // Set when we end the request ourselves (timeout, abort): the error the caller must see, whatever
    // secondary error the destroyed socket reports.
    let failure: LlmError | undefined;
    let timer: NodeJS.Timeout | undefined;
    let response: http.IncomingMessage | undefined;
    let settled = false;
    // The first byte of the answer must come within firstByteMs of connecting, headers or not: llama.cpp
    // sends headers at once and then evaluates the prompt.
    let firstByteDeadline = Number.POSITIVE_INFINITY;

    // agent:false — one connection per request, closed after it; no pooled socket outlives a cancelled stream.
    const req = transport.request(url, { method: spec.method, headers, agent: false });

    const clearTimer = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
    const fail = (err: LlmError): void => {
      if (failure) return;
      failure = err;
      clearTimer();
      req.destroy(err);
      response?.destroy(err);
    };
    const arm = (phase: TimeoutPhase, ms: number, reportedMs = ms): void => {
      clearTimer();
      // setTimeout fires after 1 ms for delays above 2^31-1 ms (or non-finite ones): clamp instead.
      const delay = Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_TIMER_MS) : MAX_TIMER_MS;
      timer = setTimeout(() => fail(new LlmTimeoutError(target.provider, target.endpoint, phase, reportedMs)), delay);
    };
    const onAbort = (): void => fail(new LlmAbortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const release = (): void => {
      clearTimer();
      signal?.removeEventListener('abort', onAbort);
    };

    arm('connect', timeouts.connectMs);
    req.on('socket', (socket: Socket) => {
      const connected = (): void => {
        firstByteDeadline = Date.now() + timeouts.firstByteMs;
        if (!response) arm('firstByte', timeouts.firstByteMs);
      };
      if (socket.connecting) socket.once(isHttps ? 'secureConnect' : 'connect', connected);
      else connected();
    });

    req.on('error', (err: Error) => {
      if (settled) return; // once the response is out, errors surface through its body
      settled = true;
      release();
      reject(failure ?? mapConnectError(err, target, url));
    });

    req.on('response', (res: http.IncomingMessage) => {
      response = res;
      settled = true;
      clearTimer();
      // Errors reach the caller through chunks(); this keeps one that happens while nobody iterates from
      // becoming an uncaught 'error' event.
      res.on('error', () => undefined);
      let closed = false;
      const close = (): void => {
        if (closed) return;
        closed = true;
        release();
        if (!res.complete) {
          res.destroy();
          req.destroy();
        }
      };

      async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
        const it = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
        let first = true;
        try {
          for (;;) {
            if (failure) throw failure;
            if (first) arm('firstByte', firstByteDeadline - Date.now(), timeouts.firstByteMs);
            else arm('idle', timeouts.idleMs);
            let step: IteratorResult<Buffer>;
            try {
              step = await it.next();
            } catch (err) {
              throw failure ?? mapBodyError(err, target);
            }
            clearTimer();
            if (failure) throw failure;
            if (step.done) return;
            first = false;
            yield step.value;
          }
        } finally {
          close();
        }
      }

      async function text(maxBytes: number): Promise<string> {
        const parts: Buffer[] = [];
        let size = 0;
        for await (const chunk of chunks()) {
          parts.push(chunk);
          size += chunk.length;
          if (size >= maxBytes) break;
        }
        return Buffer.concat(parts).subarray(0, maxBytes).toString('utf8');
      }

      const contentType = res.headers['content-type'] ?? '';
      resolve({
        status: res.statusCode ?? 0,
        mediaType: contentType.split(';')[0]!.trim().toLowerCase(),
        chunks,
        text,
        close,
      });
    });

    req.end(payload);
  });
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Node 20 tries every address of a name (happy eyeballs) and reports an AggregateError of them all.
  if (err instanceof AggregateError) return errorCode(err.errors[0]);
  return undefined;
}

function mapConnectError(err: Error, target: HttpTarget, url: URL): LlmError {
  if (err instanceof LlmError) return err;
  const code = errorCode(err);
  const { provider, endpoint } = target;
  switch (code) {
    case 'ECONNREFUSED':
      return new LlmConnectionError(provider, endpoint, 'connection refused');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new LlmConnectionError(provider, endpoint, `host "${url.hostname}" not found`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new LlmConnectionError(provider, endpoint, 'host unreachable');
    case 'ETIMEDOUT':
      return new LlmConnectionError(provider, endpoint, 'the connection timed out');
    case 'ECONNRESET':
    case 'EPIPE':
      return new LlmConnectionError(provider, endpoint, 'the server closed the connection before answering');
    default:
      if (code?.startsWith('HPE_')) return new LlmProtocolError(provider, endpoint, 'the server did not answer in HTTP');
      return new LlmConnectionError(provider, endpoint, err.message || code || 'unknown error');
  }
}

function mapBodyError(err: unknown, target: HttpTarget): LlmError {
  if (err instanceof LlmError) return err;
  const code = errorCode(err);
  if (code?.startsWith('HPE_')) return new LlmProtocolError(target.provider, target.endpoint, 'the response is not valid HTTP');
  // ECONNRESET "aborted", ERR_STREAM_PREMATURE_CLOSE: the server went away mid-body.
  return new LlmStreamTruncatedError(target.provider, target.endpoint, 'the connection closed in the middle of the response');
}
