#!/usr/bin/env bash
# The analysis index, measured side by side with repomix --compress in one run, on a ~20 MB mixed-language tree
# assembled from real code nobody here wrote (the completion benchmark's corpora: Go, Java, C++, Python,
# TypeScript, JavaScript, Rust; plus zod's TypeScript sources from npm), and on a ~1 MB tree (rxjs src/):
#   cold  — an empty index (every file analysed, the index written)
#   warm  — nothing changed since (the same request: answered by the result cache)
#   warm, another budget — every file known, the request new: ranking, planning and rendering only
#   edit  — one line appended to one file (that file analysed again)
#   --daemon — the same through the background process (first run, another budget, edits in JSON and text)
# and the CLI with --no-cache, and repomix 1.18.1 --compress (the flags bench/completion uses). Wall time and peak
# RSS from GNU time, one run each (this machine is shared: compare numbers of the same run only).
# Usage: bash bench/index-speed.sh [budget=4000] [ONLY_OURS=1: skip repomix and --no-cache]
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-4000}
[ -x /usr/bin/time ] || { echo "bench needs GNU time: apt-get install -y time" >&2; exit 1; }
[ -f dist/cli.js ] || node esbuild.js
repomix=.cache/bench/tools/node_modules/.bin/repomix
flags=(--compress --style plain --no-file-summary --no-directory-structure --no-security-check --no-gitignore --no-dot-ignore --quiet)

bash bench/trees.sh
big=.cache/bench/tree20
small=.cache/bench/tree1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# measure LABEL CMD...: prints "LABEL  wall s  peak MB  [index hits/misses]".
measure() {
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; return 1; }
  read -r wall rss <"$work/time"
  local idx=''
  if head -c1 "$work/out" | grep -q '{'; then idx=$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const i=j.stats.index;console.log(i?`index ${i.hits} hits / ${i.misses} misses${i.inWorkers?` (${i.inWorkers} in workers)`:""}${i.reused?" · result reused":""} · plan ${j.stats.timingsMs.plan.toFixed(0)} ms · render ${j.stats.timingsMs.render.toFixed(0)} ms`:"")' "$work/out"); fi
  printf '%-34s %7.2f s %7d MB   %s\n' "$label" "$wall" "$((rss / 1024))" "$idx"
}

for tree in "$big" "$small"; do
  bytes=$(find "$tree" -type f ! -name '.done' ! -name SOURCE -print0 | xargs -0 cat | wc -c)
  files=$(find "$tree" -type f ! -name '.done' ! -name SOURCE | wc -l)
  echo "== $tree: $files files, $((bytes / 1024 / 1024)).$(((bytes * 10 / 1024 / 1024) % 10)) MB, budget $budget, node $(node --version), $(nproc) cores"
  cache="$work/index"
  rm -rf "$cache"
  if [ -z "${ONLY_OURS:-}" ]; then
    measure "repomix --compress" "$repomix" "${flags[@]}" -o "$work/repomix.txt" "$tree"
    measure "ours --no-cache" node dist/cli.js -b "$budget" --format json --no-cache "$tree"
    measure "ours --no-cache --workers 0" node dist/cli.js -b "$budget" --format json --no-cache --workers 0 "$tree"
  fi
  measure "ours cold (empty index)" node dist/cli.js -b "$budget" --format json --cache-dir "$cache" "$tree"
  measure "ours warm (nothing changed)" node dist/cli.js -b "$budget" --format json --cache-dir "$cache" "$tree"
  # Every analysis known, but a request not answered before (the result cache cannot answer it): rank and plan.
  measure "ours warm, another budget" node dist/cli.js -b "$((budget + 1))" --format json --cache-dir "$cache" "$tree"
  # One line appended to one source file (undone afterwards).
  victim=$(find "$tree" -type f \( -name '*.ts' -o -name '*.go' -o -name '*.py' \) | sort | sed -n 1p)
  cp "$victim" "$work/victim"
  echo "// one-line edit" >>"$victim"
  measure "ours after a one-line edit" node dist/cli.js -b "$budget" --format json --cache-dir "$cache" "$tree" || true
  echo "// another one-line edit" >>"$victim"
  head -n 30 "$victim" >"$work/query"
  measure "ours after an edit, text, query" node dist/cli.js -b "$budget" --query-file "$work/query" --cache-dir "$cache" "$tree" || true
  cp "$work/victim" "$victim"
  measure "ours text output, warm" node dist/cli.js -b "$budget" --cache-dir "$cache" "$tree"
  # --daemon: a background process keeps the index, the files read and the models in memory between runs. Its
  # own folder (XDG_RUNTIME_DIR), so that no other background process serves these runs; the peak memory shown is
  # the client's, the background process's is printed after.
  export XDG_RUNTIME_DIR="$work/runtime"
  mkdir -m 700 -p "$XDG_RUNTIME_DIR"
  measure "ours --daemon, first run (starts it)" node dist/cli.js --daemon -b "$budget" --format json --cache-dir "$cache" "$tree"
  measure "ours --daemon, another budget" node dist/cli.js --daemon -b "$((budget + 2))" --format json --cache-dir "$cache" "$tree"
  for n in 1 2 3; do
    echo "// one-line edit $n for --daemon" >>"$victim"
    measure "ours --daemon after an edit ($n)" node dist/cli.js --daemon -b "$budget" --format json --cache-dir "$cache" "$tree"
    echo "// one-line edit $n for --daemon, text" >>"$victim"
    measure "ours --daemon after an edit ($n), text" node dist/cli.js --daemon -b "$budget" --cache-dir "$cache" "$tree"
    # As an editor plugin would ask: the 30 lines before the cursor (the edited file's first 30) as the query.
    echo "// one-line edit $n for --daemon, query" >>"$victim"
    head -n 30 "$victim" >"$work/query"
    measure "ours --daemon after an edit ($n), text, query" node dist/cli.js --daemon -b "$budget" --query-file "$work/query" --cache-dir "$cache" "$tree"
  done
  cp "$work/victim" "$victim"
  daemon=$(pgrep -f -- "--serve-daemon $XDG_RUNTIME_DIR" | head -1 || true)
  [ -n "$daemon" ] && echo "   background process: $(($(awk '/VmHWM/ {print $2}' "/proc/$daemon/status") / 1024)) MB peak"
  node dist/cli.js --stop-daemon
  unset XDG_RUNTIME_DIR
done
