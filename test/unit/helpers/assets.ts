import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The repository root, from a test bundle. Bundles land in out/test/unit/ (or below), so walk up to the folder
 * that holds package.json rather than counting levels: a test bundled alone, or nested deeper, still finds it.
 */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'esbuild.js'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(__dirname, '../../..');
    dir = parent;
  }
}

export interface AssetPaths {
  /** dist/assets/wasm: web-tree-sitter.wasm and one tree-sitter-<language>.wasm per grammar. */
  readonly wasmDir: string;
  /** dist/assets/tokenizers: one folder per tokenizer (qwen2.5/tokenizer.json, ...). */
  readonly tokenizersDir: string;
}

/** The runtime assets that `node esbuild.js` copies into dist/assets. */
export function assetPaths(): AssetPaths {
  const root = repoRoot();
  return {
    wasmDir: path.join(root, 'dist/assets/wasm'),
    tokenizersDir: path.join(root, 'dist/assets/tokenizers'),
  };
}

/** The path of a file under test/fixtures/. */
export function fixturePath(...parts: string[]): string {
  return path.join(repoRoot(), 'test/fixtures', ...parts);
}

/** Everything a Compressor needs to run as built: grammars, tokenizers and the built-in encoder. */
export function engineAssets(): AssetPaths & { readonly encoders: { readonly builtinDir: string; readonly repoRoot: string } } {
  const root = repoRoot();
  return { ...assetPaths(), encoders: { builtinDir: path.join(root, 'dist/assets/models/builtin'), repoRoot: root } };
}

/**
 * The files under test/fixtures/<folder> (real code by default) whose names match, in name order, with paths as
 * the engine shows them.
 */
export function realFixtures(names: RegExp, folder = 'real'): { path: string; text: string }[] {
  const dir = fixturePath(folder);
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => names.test(f))
    .sort()
    .map((f) => ({ path: f.split(path.sep).join('/'), text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}
