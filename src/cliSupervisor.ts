// The `code-compress` command (dist/cli.js): a small supervisor that starts the CLI proper (dist/cliMain.js, the
// engine's bundle) in a worker thread. It loads nothing but Node's own modules, so the ~0.2 s of compiling the
// engine's bundle is paid once, by the worker, not twice.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

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
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    worker.postMessage('abort');
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

supervise(process.argv.slice(2));
