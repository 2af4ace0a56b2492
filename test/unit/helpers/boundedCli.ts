import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './assets';

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the hang guard killed the process: the run did not end on its own. */
  readonly hung: boolean;
}

export interface CliRunOptions {
  readonly cwd: string;
  /** A hang guard, not a timing assertion: generous, and a run that reaches it counts as hung. */
  readonly hangGuardMs?: number;
  /** Called once the process has started, e.g. to send it a signal later. */
  readonly onSpawn?: (pid: number, stderrSoFar: () => string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs dist/cli.js in a child process, killing it (and reporting `hung`) if it outlives the hang guard. */
export function runCli(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  const child = spawn(process.execPath, [path.join(repoRoot(), 'dist/cli.js'), ...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let hung = false;
  const guard = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, options.hangGuardMs ?? 60_000);
  if (child.pid !== undefined) options.onSpawn?.(child.pid, () => stderr);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, hung });
    });
  });
}
