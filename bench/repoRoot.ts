import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The checkout a bench bundle was built from (out/bench/ normally; anywhere below the root for ad-hoc builds). */
export function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'esbuild.js')) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No checkout above ${from}`);
  }
}

/** The engine's assets as `node esbuild.js` builds them into dist/assets (grammars, tokenizers, built-in encoder). */
export function builtAssets(root: string): { wasmDir: string; tokenizersDir: string; encoders: { builtinDir: string; repoRoot: string } } {
  return {
    wasmDir: path.join(root, 'dist/assets/wasm'),
    tokenizersDir: path.join(root, 'dist/assets/tokenizers'),
    encoders: { builtinDir: path.join(root, 'dist/assets/models/builtin'), repoRoot: root },
  };
}
