import { once } from 'node:events';

/**
 * Where one CLI run reads its surroundings and writes its output: this process's own (processIo), or, for a run
 * served by the background process (--daemon, cliDaemon.ts), the folder, environment and streams of the client
 * that asked for it.
 */
export interface CliIo {
  /** The folder relative paths (inputs, --query-file, --cache-dir, --exclude) are taken from. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Writes to stdout; resolves once the text is taken (a full pipe has drained). */
  out(text: string): Promise<void>;
  /** Writes to stderr. */
  err(text: string): void;
}

/** This process's folder, environment and streams. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => (process.stdout.write(text) ? Promise.resolve() : once(process.stdout, 'drain').then(() => undefined)),
    err: (text) => void process.stderr.write(text),
  };
}
