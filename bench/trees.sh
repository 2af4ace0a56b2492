#!/usr/bin/env bash
# Assembles the index benchmarks' trees once (bench/index-speed.sh, bench/vscode-index.sh): .cache/bench/tree20,
# ~17 MB of real code in seven languages (the completion benchmark's corpora plus zod's TypeScript sources from
# npm), and .cache/bench/tree1, rxjs's src/ (~0.7 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
bash bench/corpora/fetch.sh >/dev/null
big=.cache/bench/tree20
if [ ! -f "$big/.done" ]; then
  rm -rf "$big" && mkdir -p "$big"
  for c in go jdk nlohmann python rxjs three tokio; do cp -r ".cache/bench/corpora/$c" "$big/$c"; done
  dl=.cache/bench/downloads
  tgz=$(ls "$dl"/zod-*.tgz 2>/dev/null | head -1 || true)
  [ -n "$tgz" ] || { (cd "$dl" && npm pack --silent zod@4.6.7 >/dev/null); tgz=$(ls "$dl"/zod-*.tgz | head -1); }
  mkdir -p "$big/zod" && tar xzf "$tgz" -C "$big/zod" --strip-components=1 package/src
  touch "$big/.done"
fi
small=.cache/bench/tree1
if [ ! -f "$small/.done" ]; then
  rm -rf "$small" && mkdir -p "$small" && cp -r .cache/bench/corpora/rxjs/. "$small/" && touch "$small/.done"
fi

