/**
 * Real HTTP servers on 127.0.0.1 (port 0) for the LLM client tests. Each route is a handler that writes the
 * protocol by hand, so the tests control every byte and every pause. All timers are cleared on close.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export type Handler = (req: RecordedRequest, res: http.ServerResponse, server: TestServer) => void | Promise<void>;

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Resolves when a client closes a connection before its response was finished. */
  readonly clientClosedEarly: Promise<void>;
  /** A timer that dies with the server, so a test that fails never leaves one running. */
  delay(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(routes: Readonly<Record<string, Handler>>): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let signalEarlyClose: () => void = () => undefined;
  const clientClosedEarly = new Promise<void>((resolve) => {
    signalEarlyClose = resolve;
  });

  const server = http.createServer((req, res) => {
    // Each write goes out as its own TCP segment, so "split across writes" really splits.
    req.socket.setNoDelay(true);
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(parts).toString('utf8'),
      };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableFinished) signalEarlyClose();
      });
      const key = `${recorded.method} ${recorded.path}`;
      const handler = routes[key];
      if (!handler) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
        return;
      }
      Promise.resolve(handler(recorded, res, self)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  // Handlers receive it only once requests arrive, after it is defined below.
  const self: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    clientClosedEarly,
    delay(ms: number): Promise<void> {
      return new Promise((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, ms);
        timers.add(t);
      });
    },
    async close(): Promise<void> {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return self;
}

/** A port that was just in use and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const s = await startServer({});
  await s.close();
  return s.port;
}

/** Writes the pieces one by one with a pause between, as a server producing tokens would. */
export async function writeSlowly(res: http.ServerResponse, server: TestServer, pieces: readonly (string | Buffer)[], pauseMs = 5): Promise<void> {
  for (const p of pieces) {
    if (res.destroyed) return;
    res.write(p);
    await server.delay(pauseMs);
  }
}

/** Splits text into pieces of at most `size` bytes, cutting through lines and multi-byte characters alike. */
export function splitBytes(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

// ---- Ollama wire format (docs/api.md: POST /api/chat streaming) ---------------------------------------------

export function ollamaChunk(model: string, content: string): string {
  return `${JSON.stringify({ model, created_at: '2024-07-22T20:33:28.123Z', message: { role: 'assistant', content }, done: false })}\n`;
}

export function ollamaDone(model: string, promptTokens = 26, answerTokens = 298): string {
  return `${JSON.stringify({
    model,
    created_at: '2024-07-22T20:33:29.456Z',
    message: { role: 'assistant', content: '' },
    done_reason: 'stop',
    done: true,
    total_duration: 4883583458,
    load_duration: 1334875,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: 342546000,
    eval_count: answerTokens,
    eval_duration: 4535599000,
  })}\n`;
}

export function startNdjson(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

// ---- OpenAI wire format (chat.completion.chunk over text/event-stream) -------------------------------------

export function sseChunk(model: string, delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-123',
    object: 'chat.completion.chunk',
    created: 1694268190,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  })}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';

export function startSse(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

/** Fails instead of hanging when what a test waits for never happens. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
