import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The checkout a bench bundle was built from (out/bench/ normally; anywhere below the root for ad-hoc builds). */
export function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'esbuild.js')) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No checkout above ${from}`);
  }
}
