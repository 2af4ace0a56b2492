// The `code-compress` command (dist/cli.js): a small supervisor that starts the CLI proper (dist/cliMain.js, the
// engine's bundle) in a worker thread. It loads nothing but Node's own modules, so the ~0.2 s of compiling the
// engine's bundle is paid once, by the worker, not twice.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { runInDaemon, stopDaemon } from './cliDaemonClient';

/** How long after the first Ctrl-C a run that has not stopped by itself may go on before the process exits. */
const CANCEL_GRACE_MS = 500;

/**
 * The work runs in a worker thread, and this thread only supervises it: a signal is handled by the thread that
 * installed the handler, and only when that thread's event loop turns, so Ctrl-C during a long synchronous
 * stretch of work (planning twelve thousand units, parsing a huge file) used to wait for the stretch to end — or,
 * at the last stretch, be swallowed. Here the first Ctrl-C asks the worker to cancel (each phase checks the
 * signal; the run exits 130) and exits anyway after CANCEL_GRACE_MS; a second Ctrl-C exits at once. A worker that
 * runs out of memory also fails here with a message, rather than aborting the whole process.
 */
function supervise(argv: string[]): void {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  const worker = new Worker(path.join(__dirname, 'cliMain.js'), { workerData: { cliArgv: argv } });
  let code: number | undefined;
  worker.on('message', (m: { exitCode?: number }) => {
    if (typeof m.exitCode === 'number') code = m.exitCode;
  });
  worker.on('error', (err: Error) => {
    process.stderr.write(`code-compress: unexpected error: ${err.stack ?? err.message}\n`);
    code = 1;
  });
  worker.on('exit', (workerCode) => {
    process.exitCode = code ?? (workerCode === 0 ? 1 : workerCode);
  });
  onCtrlC(() => worker.postMessage('abort'));
}

/** The first Ctrl-C calls `cancel` and exits 130 after CANCEL_GRACE_MS unless the run has ended; a second exits at once. */
function onCtrlC(cancel: () => void): void {
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    cancel();
    setTimeout(() => {
      process.stderr.write('code-compress: cancelled.\n');
      process.exit(130);
    }, CANCEL_GRACE_MS).unref();
  });
}

/**
 * A reader that stops early (`| head`) closes the pipe: writing then fails with EPIPE. The reader has what it
 * wanted, so the run ends quietly with 0, as ripgrep does, instead of an unhandled error with a stack trace.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

/**
 * `--daemon`: the run goes to the background process (cliDaemonClient.ts), which keeps the index in memory
 * between runs; `--stop-daemon` stops it. Anything else runs here, in a worker.
 */
function start(argv: string[]): void {
  if (argv.includes('--stop-daemon')) {
    void stopDaemon(__dirname).then((code) => (process.exitCode = code));
    return;
  }
  const at = argv.indexOf('--daemon');
  const end = argv.indexOf('--');
  if (at < 0 || (end >= 0 && at > end)) return supervise(argv);
  const rest = argv.filter((_, i) => i !== at);
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  const interrupted = new AbortController();
  onCtrlC(() => interrupted.abort());
  void runInDaemon(rest, __dirname, interrupted.signal).then((outcome) => {
    if ('exit' in outcome) {
      process.exitCode = outcome.exit;
      return;
    }
    process.stderr.write(`note: running without --daemon: ${outcome.fallback}.\n`);
    process.removeAllListeners('SIGINT');
    supervise(rest);
  });
}

start(process.argv.slice(2));
