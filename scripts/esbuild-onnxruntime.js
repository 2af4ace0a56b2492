// Lets esbuild bundle transformers.js and onnxruntime-node's JavaScript while their native parts stay
// outside the bundle, loaded lazily at run time from a path the caller gives (the neural encoder's
// `onnxRuntimeBinding`, set through a global symbol), else from node_modules as usual.
// - transformers.js loads onnxruntime-node through createRequire(), which esbuild cannot follow: make it a
//   plain require so the JS (and onnxruntime-common) is bundled.
// - onnxruntime-node's binding.js requires `../bin/napi-v6/<platform>/<arch>/onnxruntime_binding.node`
//   relative to node_modules: redirect it to the injected path when there is one. The binding finds
//   libonnxruntime.so.1 next to itself (RUNPATH $ORIGIN), so both files travel together.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const BINDING_SYMBOL = 'code-context-compressor.onnxruntimeBinding';

function replaceOnce(text, from, to, file) {
  if (!text.includes(from)) throw new Error(`esbuild-onnxruntime: expected code not found in ${file}; the package changed, update the plugin.`);
  return text.replace(from, to);
}

const onnxruntimePlugin = {
  name: 'onnxruntime-node-lazy-binding',
  setup(build) {
    build.onLoad({ filter: /[\\/]@huggingface[\\/]transformers[\\/]dist[\\/]transformers\.node\.cjs$/ }, (args) => ({
      contents: replaceOnce(fs.readFileSync(args.path, 'utf8'), 'requireFromHere("onnxruntime-node")', 'require("onnxruntime-node")', args.path),
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
    build.onLoad({ filter: /[\\/]onnxruntime-node[\\/]dist[\\/]binding\.js$/ }, (args) => {
      const original = 'require(`../bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node`)';
      const redirected =
        `require(globalThis[Symbol.for(${JSON.stringify(BINDING_SYMBOL)})] ?? ` +
        // resolved at run time on purpose (a joined, non-literal name), so esbuild leaves it alone
        'require("path").join(require("path").dirname(require.resolve(["onnxruntime-node", "package.json"].join("/"))), "bin", "napi-v6", process.platform, process.arch, "onnxruntime_binding.node"))';
      return { contents: replaceOnce(fs.readFileSync(args.path, 'utf8'), original, redirected, args.path), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/** The native files the packaged extension needs for one platform (no CUDA/TensorRT providers: hundreds of MB). */
function onnxruntimeNativeFiles(root, platform = process.platform, arch = process.arch) {
  const dir = path.join(root, 'node_modules/onnxruntime-node/bin/napi-v6', platform, arch);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => !/providers_(cuda|tensorrt|shared)/.test(f))
    .map((f) => [path.join(dir, f), `assets/onnxruntime/${platform}-${arch}/${f}`]);
}

module.exports = { onnxruntimePlugin, onnxruntimeNativeFiles, BINDING_SYMBOL };
