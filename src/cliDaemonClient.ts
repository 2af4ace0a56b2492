// The client side of --daemon (in dist/cli.js, so Node's own modules only): hands the run to the background
// process (cliDaemon.ts), starting it when none is listening, and relays its output and exit status.
import { spawn } from 'node:child_process';
import type * as net from 'node:net';
import * as path from 'node:path';
import { FrameKind, FrameReader } from './cliDaemonFrames';
import { connectTo, daemonPlace, SERVE_DAEMON } from './cliDaemonPath';

/** How long a newly started background process may take to listen (it loads the engine's bundle first). */
const START_MS = 20_000;
const RETRY_MS = 50;

/** What the supervisor does with `--daemon`: serve the run there, or say why not and run it here. */
export type DaemonOutcome = { readonly exit: number } | { readonly fallback: string };

/**
 * Runs `argv` (without --daemon) in the background process. Ctrl-C asks it to cancel the run; the exit status
 * is the run's. Falls back to running here (with the reason) when no background process can be had.
 */
export async function runInDaemon(argv: string[], distDir: string, interrupted: AbortSignal): Promise<DaemonOutcome> {
  // A path the background process would open as its own (its stdin is not this process's).
  if (argv.some((a) => /^\/(dev\/(stdin|fd\/)|proc\/self\/fd\/)/.test(a))) return { fallback: 'the query comes from this process\'s stdin' };
  const place = daemonPlace(distDir);
  if ('unavailable' in place) return { fallback: place.unavailable };
  const conn = (await connectTo(place.socket)) ?? (await start(place.socket, distDir));
  if (!conn) return { fallback: `the background process did not start listening on ${place.socket}` };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  conn.write(`${JSON.stringify({ argv, cwd: process.cwd(), env })}\n`);
  const onInterrupt = (): void => void conn.write(`${JSON.stringify({ abort: true })}\n`);
  interrupted.addEventListener('abort', onInterrupt, { once: true });
  try {
    return { exit: await relay(conn) };
  } finally {
    interrupted.removeEventListener('abort', onInterrupt);
  }
}

/** `--stop-daemon`: asks the background process of this build to leave; 0 also when none runs. */
export async function stopDaemon(distDir: string): Promise<number> {
  const place = daemonPlace(distDir);
  if ('unavailable' in place) return 0;
  const conn = await connectTo(place.socket);
  if (!conn) return 0;
  conn.write(`${JSON.stringify({ stop: true })}\n`);
  return relay(conn);
}

/** Reply frames to this process's stdout and stderr (stdout's back-pressure pauses the socket); the exit status. */
function relay(conn: net.Socket): Promise<number> {
  return new Promise((resolve) => {
    const reader = new FrameReader();
    let exit: number | undefined;
    conn.on('data', (chunk: Buffer) =>
      reader.push(chunk, (kind, payload) => {
        if (kind === FrameKind.Out && !process.stdout.write(payload)) {
          conn.pause();
          process.stdout.once('drain', () => conn.resume());
        } else if (kind === FrameKind.Err) process.stderr.write(payload);
        else if (kind === FrameKind.Exit) exit = payload.readInt32BE(0);
      }),
    );
    conn.on('error', () => undefined);
    conn.on('close', () => {
      if (exit === undefined) process.stderr.write('code-compress: the background process (--daemon) ended before the run did.\n');
      resolve(exit ?? 1);
    });
  });
}

/** Starts the background process, detached, and waits for it to listen. */
async function start(socket: string, distDir: string): Promise<net.Socket | undefined> {
  // Its own session (Ctrl-C in this terminal is not its), no streams, and a folder it never keeps busy.
  const child = spawn(process.execPath, [path.join(distDir, 'cliMain.js'), SERVE_DAEMON, socket], { detached: true, stdio: 'ignore', cwd: path.parse(distDir).root });
  child.unref();
  const deadline = Date.now() + START_MS;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, RETRY_MS));
    const conn = await connectTo(socket);
    if (conn) return conn;
    if (child.exitCode !== null) return connectTo(socket); // it left: another process of this build may listen
  }
  return undefined;
}
