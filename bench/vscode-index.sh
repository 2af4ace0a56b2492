#!/usr/bin/env bash
# The "Compress context" command in a real VS Code (code-server, as the host tests run it) on the ~17 MB tree of
# bench/index-speed.sh opened as the workspace: the first run (empty index), the same request again, another
# budget, and the run after a one-line edit in an unsaved editor once the background indexer caught up (see
# bench/host/indexInVsCode.ts). Needs the host tools the test command installs (`npm test` once, or
# scripts/test.sh's host step). Each line says the CPU time of the extension host and of the machine's other processes
# during the call. CCC_BENCH_SETTLE=1 opens a file of each edited language first and waits for the language servers
# (VS Code's TypeScript server loads the whole project) to go quiet before the edits.
# Usage: [CCC_BENCH_SETTLE=1] bash bench/vscode-index.sh [folder=.cache/bench/tree20]
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-.cache/bench/tree20}
bash bench/trees.sh
bash scripts/ensure-host-tools.sh >/dev/null
node esbuild.js --tests
CCC_HOST_WORKSPACE=$folder CCC_HOST_ENTRY=out/bench/host/indexInVsCode.js CCC_HOST_TEST_TIMEOUT_S=900 \
  node --enable-source-maps out/test/launch/run-host-tests.js | grep -E '^BENCH |exit code|Error|error' || true
