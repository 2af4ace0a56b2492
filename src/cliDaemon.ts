// The CLI's background process (`code-compress --daemon …`): it keeps compressors — their analysis index in
// memory, tokenizer, grammars and encoder loaded — and the files it read, so that a run after a one-line edit
// costs ranking and planning only, not loading and reading everything again. Clients (dist/cli.js) connect over a
// private Unix socket (cliDaemonPath.ts) and send one run each; runs are served one at a time, each with the
// client's folder, environment and streams; the process leaves after IDLE_MS without a run.
import { drainedOrClosed } from './cliDrain';
import { statSync, unlinkSync } from 'node:fs';
import * as net from 'node:net';
import type { CliHost } from './cli';
import { exitFrame, FrameKind, textFrame } from './cliDaemonFrames';
import { connectTo } from './cliDaemonPath';
import type { CliIo } from './cliIo';
import { ReadCache, type Compressor, type Logger } from './engine';

/** How long the process waits for the next run before it leaves. */
export const IDLE_MS = 15 * 60 * 1000;
/** How often the process checks that the socket file is still its own. */
const OWNER_CHECK_MS = 2_000;
/** Longest request line a client may send (its arguments and environment). */
const MAX_REQUEST_BYTES = 1024 * 1024;

/** One line from the client: a run, or "stop". */
export interface DaemonRequest {
  readonly argv?: string[];
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  readonly stop?: boolean;
}

export type RunCli = (argv: string[], signal: AbortSignal, io: CliIo, host: CliHost) => Promise<number>;

export async function serveDaemon(socket: string, run: RunCli, idleMs = IDLE_MS): Promise<void> {
  const compressors = new Map<string, Compressor>();
  let current: CliIo | undefined;
  const logger: Logger = {
    info: () => {},
    debug: () => {},
    warn: (m) => current?.err(`warning: ${m}\n`),
    error: (m) => current?.err(`error: ${m}\n`),
  };
  const host: CliHost = {
    compressor: (key, make) => {
      let c = compressors.get(key);
      if (!c) compressors.set(key, (c = make()));
      return c;
    },
    reads: new ReadCache(),
    logger,
  };
  let queue = Promise.resolve();
  let idle: NodeJS.Timeout | undefined;
  const server = net.createServer();
  let ownSocket: string | undefined;
  const leave = (): void => {
    server.close();
    removeIfStill(socket, ownSocket);
    void Promise.allSettled([...compressors.values()].map((c) => c.dispose())).then(() => process.exit(0));
  };
  const restartIdle = (): void => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(leave, idleMs);
  };
  server.on('connection', (conn) => {
    void readRequest(conn).then((request) => {
      if (!request) return conn.destroy();
      if (request.stop) {
        conn.end(exitFrame(0));
        return leave();
      }
      const controller = new AbortController();
      conn.on('close', () => controller.abort()); // the client stopped (Ctrl-C) or went away
      conn.on('data', (d) => {
        if (d.toString().includes('"abort"')) controller.abort();
      });
      conn.on('error', () => controller.abort());
      queue = queue.then(async () => {
        if (idle) clearTimeout(idle);
        // The ranking preparation of the run before waits: this run goes first.
        for (const c of compressors.values()) c.pauseBackgroundWork();
        const io = connectionIo(conn, request);
        current = io;
        let exit = 1;
        try {
          exit = controller.signal.aborted ? 130 : await run(request.argv ?? [], controller.signal, io, host);
        } catch (err) {
          io.err(`code-compress: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        } finally {
          current = undefined;
          if (!conn.destroyed) conn.end(exitFrame(exit));
          restartIdle();
        }
      });
    });
  });
  if (!(await listenOn(server, socket))) return; // another process of this build got there first
  ownSocket = identityOf(socket);
  // A socket file replaced (a process that started at the same moment took the name) or removed (a temp cleaner)
  // leaves this process unreachable: it leaves too, without touching the file.
  setInterval(() => {
    if (identityOf(socket) !== ownSocket) {
      ownSocket = undefined;
      leave();
    }
  }, OWNER_CHECK_MS).unref();
  restartIdle();
  process.on('SIGTERM', leave);
}

/**
 * Listens on the socket; false when another process already does. A socket file nobody answers on was left by a
 * process that was killed: it is removed and listened on once more. It is removed only while it is still the very
 * file the probe found dead (same inode and change time: a new file may get the freed inode), so that of several processes starting at once none removes the live socket
 * another has just made; a loser's listen then fails and it leaves.
 */
export async function listenOn(server: net.Server, socket: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const failed = await listenOnce(server, socket);
    if (!failed) return true;
    if (failed.code !== 'EADDRINUSE' || attempt > 0) return false;
    const probed = identityOf(socket);
    if (await someoneListens(socket)) return false;
    removeIfStill(socket, probed);
  }
}

function listenOnce(server: net.Server, socket: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    server.once('error', resolve);
    server.listen(socket, () => {
      server.off('error', resolve);
      resolve(undefined);
    });
  });
}

/** Removes the file if it is still the one with that identity; another process may have removed or replaced it. */
function removeIfStill(file: string, identity: string | undefined): void {
  if (identity === undefined || identityOf(file) !== identity) return;
  try {
    unlinkSync(file);
  } catch {
    // Gone already: another process starting at the same moment removed it first.
  }
}

/**
 * What tells one socket file from another made at the same path: its inode and change time, in nanoseconds. The
 * inode alone does not: a file made right after another was removed often gets the same number.
 */
function identityOf(file: string): string | undefined {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.ino}:${s.ctimeNs}`;
  } catch {
    return undefined;
  }
}

/** Whether a process already answers on the socket. */
async function someoneListens(socket: string): Promise<boolean> {
  const probe = await connectTo(socket);
  probe?.destroy();
  return probe !== undefined;
}

/** The first line of a connection, parsed; undefined when it is not a request. */
function readRequest(conn: net.Socket): Promise<DaemonRequest | undefined> {
  return new Promise((resolve) => {
    let buffered = '';
    const onData = (d: Buffer): void => {
      buffered += d.toString('utf8');
      const nl = buffered.indexOf('\n');
      if (nl < 0) {
        if (buffered.length > MAX_REQUEST_BYTES) finish(undefined);
        return;
      }
      try {
        const parsed = JSON.parse(buffered.slice(0, nl)) as unknown;
        finish(isRequest(parsed) ? parsed : undefined);
      } catch {
        finish(undefined);
      }
    };
    const finish = (r: DaemonRequest | undefined): void => {
      conn.off('data', onData);
      resolve(r);
    };
    conn.on('data', onData);
    conn.on('error', () => finish(undefined));
    conn.on('end', () => finish(undefined));
  });
}

function isRequest(x: unknown): x is DaemonRequest {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  if (r.stop === true) return true;
  return Array.isArray(r.argv) && r.argv.every((a) => typeof a === 'string') && typeof r.cwd === 'string' && typeof r.env === 'object' && r.env !== null;
}

/** The client's folder and environment, its stdout and stderr as reply frames (stdout waits for a full socket). */
function connectionIo(conn: net.Socket, request: DaemonRequest): CliIo {
  const send = (kind: FrameKind.Out | FrameKind.Err, text: string): boolean => (conn.destroyed ? true : conn.write(textFrame(kind, text)));
  return {
    cwd: request.cwd ?? '/',
    env: { ...(request.env ?? {}) },
    out: async (text) => {
      if (!send(FrameKind.Out, text) && !conn.destroyed) await drainedOrClosed(conn);
    },
    err: (text) => void send(FrameKind.Err, text),
  };
}
