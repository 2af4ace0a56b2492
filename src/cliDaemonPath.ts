// Where the CLI's background process (--daemon) listens: shared by the client (dist/cli.js, which must stay small:
// Node's own modules only) and the server (cliDaemon.ts).
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** How dist/cli.js starts the background process: `node dist/cliMain.js --serve-daemon <socket>`. */
export const SERVE_DAEMON = '--serve-daemon';

/** The socket of the background process for this build of the CLI, or why there can be none here. */
export type DaemonPlace = { readonly socket: string } | { readonly unavailable: string };

/**
 * A Unix socket in a folder only this user can enter ($XDG_RUNTIME_DIR, else a 0700 folder of their own in the
 * temp folder, refused when someone else owns it or can enter it): whoever can connect can make the process read
 * files as this user. Named after the version and the bundle's build, so that a rebuilt or upgraded CLI never talks
 * to an older process (which leaves when idle).
 */
export function daemonPlace(distDir: string, env: NodeJS.ProcessEnv = process.env): DaemonPlace {
  if (process.platform === 'win32') return { unavailable: '--daemon is not available on Windows yet' };
  const uid = process.getuid?.() ?? -1;
  const runtime = env.XDG_RUNTIME_DIR;
  const dir = runtime && isPrivateDir(runtime, uid) ? path.join(runtime, 'code-compress') : path.join(tmpdir(), `code-compress-${uid}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    return { unavailable: `cannot make ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  if (!isPrivateDir(dir, uid)) return { unavailable: `${dir} is not a folder only you can enter (mode 0700, yours)` };
  return { socket: path.join(dir, `daemon-${buildId(distDir)}.sock`) };
}

function isPrivateDir(dir: string, uid: number): boolean {
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/** The package version and a short hash of the engine bundle's size and time: a new build, a new process. */
function buildId(distDir: string): string {
  let version = 'unknown';
  try {
    version = (JSON.parse(readFileSync(path.join(distDir, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // An unreadable package.json still gets a process per build below.
  }
  let stamp = '';
  try {
    const st = statSync(path.join(distDir, 'cliMain.js'));
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    stamp = 'none';
  }
  return `${version.replace(/[^\w.-]/g, '_')}-${createHash('sha256').update(stamp).digest('hex').slice(0, 10)}`;
}

/** A connection to the socket, or undefined when nobody listens there. */
export function connectTo(socket: string): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    conn.once('connect', () => resolve(conn));
    conn.once('error', () => resolve(undefined));
  });
}
