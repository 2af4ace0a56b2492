import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TokenCounter } from '../../src/engine/tokenize/tokenCounter';
import { CORPORA, loadCorpus } from './corpora';
import { REPOMIX_FLAGS, repomixBin } from './methods/repomix';

export const SPEED_BYTES = 1_000_000;
export const SPEED_BUDGET = 4000;
const RUNS = 3;

export interface SpeedRun {
  readonly wallS: number;
  readonly peakRssMB: number;
}

export interface SpeedTool {
  readonly command: string;
  readonly runs: readonly SpeedRun[];
  readonly medianWallS: number;
  readonly maxPeakRssMB: number;
  readonly outputTokens: number;
}

export interface SpeedResult {
  readonly bytes: number;
  readonly files: number;
  readonly sources: string;
  readonly ours: SpeedTool;
  readonly repomix: SpeedTool;
}

/** Runs a command under GNU time; its last stderr line is `%e %M` (seconds, KB). */
function timed(cmd: string, args: readonly string[], cwd: string, stdoutFile: string): SpeedRun {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', path.join(cwd, 'time.txt'), cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  writeFileSync(stdoutFile, r.stdout);
  const [wall, kb] = readFileSync(path.join(cwd, 'time.txt'), 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { wallS: wall ?? NaN, peakRssMB: Math.round((kb ?? 0) / 1024) };
}

function summarise(command: string, runs: SpeedRun[], output: string, counter: TokenCounter): SpeedTool {
  const walls = runs.map((r) => r.wallS).sort((a, b) => a - b);
  return {
    command,
    runs,
    medianWallS: walls[Math.floor(walls.length / 2)] ?? NaN,
    maxPeakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
    outputTokens: counter.count(output),
  };
}

/**
 * 1 MB of source (an equal share of each corpus, files in path order) compressed to a 4k budget by our CLI and
 * packed by repomix --compress, each as a child process under GNU time, alternating, RUNS times each.
 */
export function runSpeed(repoRoot: string, counter: TokenCounter, log: (line: string) => void): SpeedResult {
  if (!existsSync('/usr/bin/time')) throw new Error('The speed comparison needs GNU time: apt-get install -y time (or pass --no-speed)');
  const dir = mkdtempSync(path.join(tmpdir(), 'ccc-bench-speed-'));
  try {
    const share = SPEED_BYTES / CORPORA.length;
    let bytes = 0;
    let files = 0;
    let query = '';
    for (const spec of CORPORA) {
      let taken = 0;
      for (const f of loadCorpus(repoRoot, spec)) {
        if (taken >= share) break;
        const p = path.join(dir, 'in', spec.id, f.path);
        mkdirSync(path.dirname(p), { recursive: true });
        writeFileSync(p, f.text);
        const n = Buffer.byteLength(f.text);
        taken += n;
        bytes += n;
        files++;
        query = f.text.split('\n').slice(-40).join('\n');
      }
    }
    writeFileSync(path.join(dir, 'query.txt'), query);
    const cli = path.join(repoRoot, 'dist/cli.js');
    // Cold every run (--no-cache): the index and the result cache would answer runs 2 and 3 from the first.
    const oursArgs = [cli, '-b', String(SPEED_BUDGET), '--no-cache', '--query-file', 'query.txt', 'in'];
    const repomixArgs = [...REPOMIX_FLAGS, '--quiet', '--stdout', 'in'];
    const ours: SpeedRun[] = [];
    const repomix: SpeedRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(timed(process.execPath, oursArgs, dir, path.join(dir, 'ours.txt')));
      repomix.push(timed(repomixBin(repoRoot), repomixArgs, dir, path.join(dir, 'repomix.txt')));
      log(`speed run ${i + 1}: ours ${ours[i]?.wallS}s ${ours[i]?.peakRssMB} MB, repomix ${repomix[i]?.wallS}s ${repomix[i]?.peakRssMB} MB`);
    }
    return {
      bytes,
      files,
      sources: CORPORA.map((c) => c.id).join(', '),
      ours: summarise(`node dist/cli.js -b ${SPEED_BUDGET} --no-cache --query-file query.txt in`, ours, readFileSync(path.join(dir, 'ours.txt'), 'utf8'), counter),
      repomix: summarise(`repomix ${repomixArgs.join(' ')}`, repomix, readFileSync(path.join(dir, 'repomix.txt'), 'utf8'), counter),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
