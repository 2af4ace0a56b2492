#!/usr/bin/env bash
# Installs, when missing, the llama.cpp runtime the GGUF encoder's tests load: node-llama-cpp with the prebuilt
# binary for this platform only, into .cache/llama-runtime, linked as node_modules/node-llama-cpp. It is no
# dependency of the project: optional for users (`npm install node-llama-cpp@3.22.1` next to the CLI enables
# --gguf), while as a dependency it would pull every platform's binaries (about 540 MB of CUDA builds alone) into
# every `npm ci`, and 3.22.1's Windows and macOS packages are missing from the registry, which breaks `npm ci`.
# A folder of its own, because `--omit=optional` in the project's node_modules would drop esbuild's binary too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VERSION=3.22.1
RUNTIME=.cache/llama-runtime
version_of() { node -e "try { console.log(JSON.parse(require('fs').readFileSync('$1/package.json', 'utf8')).version) } catch { console.log('') }"; }
platform=$(node -p "process.platform + '-' + process.arch")
if [[ "$(version_of "$RUNTIME/node_modules/node-llama-cpp")" != "$VERSION" ]]; then
  echo "[ensure-llama-runtime] installing node-llama-cpp $VERSION and @node-llama-cpp/$platform into $RUNTIME"
  mkdir -p "$RUNTIME"
  [[ -f "$RUNTIME/package.json" ]] || echo '{"private": true}' > "$RUNTIME/package.json"
  (cd "$RUNTIME" && npm install --no-audit --no-fund --omit=optional "node-llama-cpp@$VERSION" "@node-llama-cpp/$platform@$VERSION")
fi
if [[ "$(readlink node_modules/node-llama-cpp || true)" != "../$RUNTIME/node_modules/node-llama-cpp" ]]; then
  rm -rf node_modules/node-llama-cpp
  ln -s "../$RUNTIME/node_modules/node-llama-cpp" node_modules/node-llama-cpp
fi
echo "[ensure-llama-runtime] node-llama-cpp $(version_of node_modules/node-llama-cpp) linked from $RUNTIME"
