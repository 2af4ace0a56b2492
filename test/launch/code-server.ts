// Starts and stops a real VS Code (code-server: VS Code server + web workbench + Node extension host) on a
// free loopback port, with every piece of state in one temporary folder, and headless Chromium to drive it.
// Shared by the host-test runner and the e2e test. Facts behind the flags: /work/shared/notes/host-testing.md.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM_PATH = process.env.CCC_CHROMIUM ?? '/usr/bin/chromium';
export const EXTENSION_ID = 'ccc-dev.code-context-compressor';
const verbose = process.env.CCC_DEBUG === '1';

/** The repository root: the nearest folder above this file whose package.json names the extension. */
export function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'code-context-compressor') return dir;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the repository root above ${__dirname}`);
  }
}

/** Settings that keep the workbench free of dialogs: without them a trust prompt (Restricted Mode, no extension
 * activates) and walkthrough tabs appear. */
export const quietSettings: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.welcomePage.experimentalOnboarding': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  // A download offer toast would sit over the status bar the e2e test clicks.
  'codeContextCompressor.offerEncoderDownloads': false,
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.tips.enabled': false,
  'git.enabled': false,
};

export interface StartOptions {
  /** Folder copied into the temporary area and opened as the workspace (so tests never dirty the repo). */
  workspace: string;
  /** Extra user settings merged over the quiet defaults. */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  readonly port: number;
  /** Temporary folder that holds user data, extensions, XDG dirs, TMPDIR, the workspace copy, the browser profile. */
  readonly baseDir: string;
  /** Absolute path of the workspace copy that code-server opened. */
  readonly workspace: string;
  /** Workbench URL; `payload` becomes VS Code's dev/test launch parameters (extensionDevelopmentPath, ...). */
  workbenchUrl(payload?: Array<[string, string]>): string;
  /** A `vscode-remote://` URI for a path on this server, as the payload needs. */
  remoteUri(absPath: string): string;
  /** Last lines code-server printed (for error messages). */
  logTail(lines?: number): string;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const stopHooks = new Set<() => void>();
const browserClosers = new Set<() => Promise<void>>();
let hooksInstalled = false;
/** Run every stop hook on any way out (normal exit, exception, Ctrl-C, kill), so nothing is left running. */
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => { for (const h of [...stopHooks]) h(); });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      console.error(`\nReceived ${sig}; stopping the browser and code-server.`);
      // Browsers first (async): the exit hooks then delete the profile folder Chromium was writing to.
      void Promise.all([...browserClosers].map((c) => c())).finally(() => process.exit(128 + (os.constants.signals[sig] ?? 1)));
    });
  }
}

export function codeServerEntry(root = repoRoot()): string {
  const entry = path.join(root, '.cache/host-tools/code-server/node_modules/code-server/out/node/entry.js');
  if (!fs.existsSync(entry)) throw new Error(`code-server is not installed (${entry}); run scripts/ensure-host-tools.sh`);
  return entry;
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  installExitHooks();
  const entry = codeServerEntry();
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-host-'));
  const dirs = {
    userData: path.join(baseDir, 'user-data'),
    extensions: path.join(baseDir, 'extensions'),
    xdgConfig: path.join(baseDir, 'xdg-config'),
    xdgData: path.join(baseDir, 'xdg-data'),
    tmp: path.join(baseDir, 'tmp'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...opts.settings }, null, 2));
  const workspace = path.join(baseDir, 'workspace');
  fs.cpSync(opts.workspace, workspace, { recursive: true });

  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, TMPDIR: dirs.tmp,
    // No marketplace: offline, the workbench's Open VSX queries only fail (and log getaddrinfo errors).
    EXTENSIONS_GALLERY: '{}',
  };
  // When launched from a VS Code terminal, these would make code-server talk to that VS Code instead.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  const args = [
    entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, workspace,
  ];
  const started = Date.now();
  // Same Node as ours (the extension host runs on it); own process group so stop() also ends the extension host.
  const child: ChildProcess = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const onData = (b: Buffer): void => {
    for (const line of b.toString().split('\n')) {
      if (!line.trim()) continue;
      log.push(line);
      if (log.length > 200) log.shift();
      if (verbose) console.log(`[code-server] ${line}`);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited: string | undefined;
  child.on('exit', (code, sig) => { exited = `code ${code ?? ''}${sig ? ` signal ${sig}` : ''}`; });

  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    stopHooks.delete(stop);
    if (child.pid && exited === undefined) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    if (process.env.CCC_KEEP_TMP === '1') console.log(`Kept ${baseDir} (CCC_KEEP_TMP=1)`);
    else {
      try { fs.rmSync(baseDir, { recursive: true, force: true, maxRetries: 3 }); } catch (e) {
        console.warn(`warning: could not remove ${baseDir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
  stopHooks.add(stop);
  const logTail = (n = 30): string => log.slice(-n).join('\n');

  // Ready when /healthz answers; fail at once if the process dies, and after 60 s at the latest.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) { stop(); throw new Error(`code-server exited during start-up (${exited}):\n${logTail()}`); }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { stop(); throw new Error(`code-server did not answer /healthz on port ${port} within 60 s:\n${logTail()}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`code-server ${CODE_SERVER_VERSION} ready on 127.0.0.1:${port} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const authority = `127.0.0.1:${port}`;
  return {
    port,
    baseDir,
    workspace,
    remoteUri: (p) => `vscode-remote://${authority}${p.split(path.sep).map(encodeURIComponent).join('/')}`,
    workbenchUrl: (payload) => {
      let url = `http://${authority}/?folder=${encodeURIComponent(workspace)}`;
      if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return url;
    },
    logTail,
    stop,
  };
}

/** Headless Debian Chromium through playwright-core (never a downloaded browser), with a fresh profile. */
export async function launchChromium(cs: CodeServer): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; run scripts/ensure-host-tools.sh`);
  const profile = path.join(cs.baseDir, 'chromium-profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  // On an abrupt exit playwright kills the browser itself; close() is for the orderly way out, before
  // CodeServer.stop() removes the profile folder Chromium writes to.
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async (): Promise<void> => {
    browserClosers.delete(close);
    await withTimeout(context.close(), 10_000, () => 'Chromium did not close').catch(() => undefined);
  };
  browserClosers.add(close);
  return { context, page, close };
}

/** Rejects after `ms` with `message`, unless `work` settles first. */
export function withTimeout<T>(work: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message())), ms); });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
