#!/usr/bin/env bash
# Peak memory (RSS) of the CLI against input size (issue 20): generated trees of 10, 50, 100 and 200 MB of real
# source (bench/gen-tree.ts), each compressed once with the CLI's default input limit (128 MB). Needs GNU time
# (/usr/bin/time). Run: `node esbuild.js --tests && bash bench/memory.sh [sizes...]`. Writes a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10 50 100 200}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| tree | files | peak RSS | wall | exit | outcome |"
echo "|---:|---:|---:|---:|---:|---|"
for mb in ${sizes[@]}; do
  tree="$work/tree-$mb"
  made=$(node out/bench/gen-tree.js --mb "$mb" --out "$tree")
  files=$(echo "$made" | sed -E 's/.*: ([0-9]+) files.*/\1/')
  set +e
  # --no-cache: a first run, every file analysed (an index from an earlier tree would answer from its records).
  /usr/bin/time -v node dist/cli.js -b 4000 --no-cache "$tree" >/dev/null 2>"$work/err"
  code=$?
  set -e
  rss=$(grep 'Maximum resident set size' "$work/err" | awk '{print $NF}')
  wall=$(grep 'Elapsed (wall clock)' "$work/err" | awk '{print $NF}')
  outcome=$(grep -v '^\s' "$work/err" | grep -v '^warning' | grep -v 'Command being timed' | head -1 | cut -c1-90)
  echo "| $mb MB | $files | $((rss / 1024)) MB | $wall | $code | $outcome |"
  rm -rf "$tree"
done
