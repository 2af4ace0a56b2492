#!/usr/bin/env bash
# Installs, when missing, the llama.cpp runtime the GGUF encoder's tests load (node-llama-cpp and the prebuilt
# binary for this platform only), without saving it as a dependency: it is optional for users (`npm install
# node-llama-cpp@3.22.1` next to the CLI enables --gguf), and a plain dependency would pull every platform's
# binaries (about 540 MB of CUDA builds alone) into every `npm ci`. Some platform packages of 3.22.1 are missing
# from the registry, which also makes a lockfile entry break `npm ci`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VERSION=3.22.1
have=$(node -e "try { console.log(JSON.parse(require('fs').readFileSync('node_modules/node-llama-cpp/package.json', 'utf8')).version) } catch { console.log('') }")
if [[ "$have" == "$VERSION" ]]; then
  echo "[ensure-llama-runtime] node-llama-cpp $VERSION present"
  exit 0
fi
platform=$(node -p "process.platform + '-' + process.arch")
echo "[ensure-llama-runtime] installing node-llama-cpp $VERSION and @node-llama-cpp/$platform (not saved to package.json)"
npm install --no-save --no-audit --no-fund --omit=optional "node-llama-cpp@$VERSION" "@node-llama-cpp/$platform@$VERSION"
