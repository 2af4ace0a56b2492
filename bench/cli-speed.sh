#!/usr/bin/env bash
# Times the CLI on real code nobody here wrote: rxjs 7.8.2's src/ (TypeScript, Apache-2.0), fetched with
# `npm pack` into .cache/bench. Prints the median wall time of RUNS runs, peak memory, and the ratio.
# Usage: bash bench/cli-speed.sh [budget=4000] [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-4000}
runs=${2:-5}
corpus=.cache/bench/rxjs-7.8.2
if [ ! -d "$corpus/src" ]; then
  mkdir -p .cache/bench
  (cd .cache/bench && npm pack --silent rxjs@7.8.2 >/dev/null && mkdir -p rxjs-7.8.2 && tar xzf rxjs-7.8.2.tgz -C rxjs-7.8.2 --strip-components=1 && rm rxjs-7.8.2.tgz)
fi
[ -x /usr/bin/time ] || { echo "bench needs GNU time: apt-get install -y time" >&2; exit 1; }
[ -f dist/cli.js ] || node esbuild.js
bytes=$(find "$corpus/src" -type f -name '*.ts' -print0 | xargs -0 cat | wc -c)
echo "corpus: rxjs 7.8.2 src/ ($(find "$corpus/src" -type f | wc -l) files, $((bytes / 1024)) KB), budget $budget, $runs runs, node $(node --version), $(nproc) cores"
times=()
for i in $(seq "$runs"); do
  out=$( { /usr/bin/time -f '%e %M' node dist/cli.js -b "$budget" "$corpus/src" >/dev/null; } 2>&1 )
  summary=$(echo "$out" | grep '×')
  read -r wall rss <<<"$(echo "$out" | tail -1)"
  times+=("$wall")
  echo "run $i: ${wall}s wall, peak RSS $((rss / 1024)) MB — $summary"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median wall time: ${median}s"
