#!/usr/bin/env bash
# Fetches the completion benchmark's corpora into .cache/bench/corpora/<id>/ (gitignored): real code nobody in
# this project wrote, pinned versions, from the npm registry (`npm pack`) and Debian (`apt-get download`).
# All of it is on the list reserved from the built-in encoder's training data (see bench/completion/corpora.ts).
# Idempotent: a corpus whose folder holds a .done marker is left alone. Usage: bash bench/corpora/fetch.sh [id...]
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=.cache/bench/corpora
dl=.cache/bench/downloads
mkdir -p "$dest" "$dl"

# Prints the path of the .deb for PKG at VERSION, downloading it if needed. Debian point releases replace old
# versions in the archive, so when the pinned one is gone it takes the current one and says so (the version used
# is recorded in the corpus's SOURCE file either way).
deb() {
  local pkg=$1 version=$2 got
  got=$(ls "$dl/${pkg}_"*.deb 2>/dev/null | head -1 || true)
  if [ -z "$got" ]; then
    if ! (cd "$dl" && apt-get download "$pkg=$version" >/dev/null 2>&1); then
      echo "fetch: $pkg=$version is no longer in the archive; taking the current version" >&2
      (cd "$dl" && apt-get download "$pkg" >/dev/null 2>&1) || { echo "fetch: apt-get download $pkg failed (run apt-get update?)" >&2; exit 1; }
    fi
    got=$(ls "$dl/${pkg}_"*.deb | head -1)
  fi
  echo "$got"
}

npm_pkg() {
  local spec=$1 name=${1%@*} tgz
  tgz=$(ls "$dl/${name}-"*.tgz 2>/dev/null | head -1 || true)
  if [ -z "$tgz" ]; then
    (cd "$dl" && npm pack --silent "$spec" >/dev/null)
    tgz=$(ls "$dl/${name}-"*.tgz | head -1)
  fi
  echo "$tgz"
}

# done_marker ID SOURCE-DESCRIPTION: records where the corpus came from and marks it complete.
finish() {
  echo "$2" >"$dest/$1/SOURCE"
  touch "$dest/$1/.done"
  echo "fetch: $1 ready ($(find "$dest/$1" -type f \( -name '*.ts' -o -name '*.js' -o -name '*.py' -o -name '*.go' -o -name '*.rs' -o -name '*.java' -o -name '*.hpp' \) | wc -l) source files)"
}

selected=" $* "
want() { [ "$selected" = "  " ] || [[ "$selected" == *" $1 "* ]]; }

fetch_npm_src() { # id spec subdir
  local id=$1 spec=$2 sub=$3
  [ -f "$dest/$id/.done" ] && return 0
  rm -rf "$dest/$id" "$dl/x-$id" && mkdir -p "$dest/$id" "$dl/x-$id"
  tar xzf "$(npm_pkg "$spec")" -C "$dl/x-$id" --strip-components=1
  cp -r "$dl/x-$id/$sub" "$dest/$id/"
  rm -rf "$dl/x-$id"
  finish "$id" "npm $spec ($sub/)"
}

fetch_deb_dirs() { # id pkg version root dir...
  local id=$1 pkg=$2 version=$3 root=$4
  shift 4
  [ -f "$dest/$id/.done" ] && return 0
  local file
  file=$(deb "$pkg" "$version")
  rm -rf "$dest/$id" "$dl/x-$id" && mkdir -p "$dest/$id" "$dl/x-$id"
  dpkg-deb -x "$file" "$dl/x-$id"
  for d in "$@"; do
    mkdir -p "$dest/$id/$(dirname "$d")"
    cp -r "$dl/x-$id/$root/$d" "$dest/$id/$d"
  done
  rm -rf "$dl/x-$id"
  finish "$id" "debian $(basename "$file") ($root: $*)"
}

if want rxjs; then fetch_npm_src rxjs rxjs@7.8.2 src; fi
if want three; then fetch_npm_src three three@0.187.0 src; fi
if want python; then
  fetch_deb_dirs python libpython3.11-stdlib 3.11.2-6+deb12u9 usr/lib/python3.11 asyncio concurrent http json unittest xml/dom xml/etree
fi
if want go; then
  fetch_deb_dirs go golang-1.19-src 1.19.8-2 usr/share/go-1.19/src go/ast go/parser go/scanner go/token go/printer go/doc go/build
  # Tests and test data are not the library's code.
  find "$dest/go" \( -name '*_test.go' -o -name testdata \) -prune -exec rm -rf {} +
fi
if want tokio; then fetch_deb_dirs tokio librust-tokio-dev 1.24.2-1 usr/share/cargo/registry/tokio-1.24.2 src; fi
if want nlohmann; then fetch_deb_dirs nlohmann nlohmann-json3-dev 3.11.2-2 usr/include nlohmann; fi
if want jdk && [ ! -f "$dest/jdk/.done" ]; then
  file=$(deb openjdk-17-source 17.0.21.1+2-1~deb12u1)
  rm -rf "$dest/jdk" "$dl/x-jdk" && mkdir -p "$dest/jdk" "$dl/x-jdk"
  dpkg-deb -x "$file" "$dl/x-jdk"
  zip=$(find "$dl/x-jdk" -name src.zip | head -1)
  # java.util and java.util.function only: a library of its own, tens of thousands of tokens per case.
  (cd "$dest/jdk" && python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    parts = n.split("/")
    if n.endswith(".java") and len(parts) in (4, 5) and parts[:3] == ["java.base", "java", "util"] and (len(parts) == 4 or parts[3] == "function"):
        z.extract(n, ".")' "$OLDPWD/$zip")
  rm -rf "$dl/x-jdk"
  finish jdk "debian $(basename "$file") (src.zip: java.base/java/util, java/util/function)"
fi

# The peer the benchmark compares with, pinned, outside the project's own dependencies.
tools=.cache/bench/tools
if [ ! -x "$tools/node_modules/.bin/repomix" ]; then
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"private": true}' >"$tools/package.json"
  (cd "$tools" && npm i -E --no-save --no-audit --no-fund --loglevel=error repomix@1.18.1 >/dev/null)
  echo "fetch: repomix 1.18.1 installed in $tools"
fi
