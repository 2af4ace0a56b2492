#!/usr/bin/env bash
# Fetches the density benchmark's packages into .cache/bench/density/pkgs/<name>/ (gitignored): real files nobody
# in this project wrote, from the npm registry (`npm pack`, never installed, so no install scripts run) and Debian
# (`apt-get download` + `dpkg-deb -x`), plus the Python standard library and JDK sources already on the machine.
# Which files are dense is decided by their provenance in bench/density/corpus.ts, never by the detector.
# Idempotent: a package whose folder holds a .done marker is left alone. Records name, version and licence in
# .cache/bench/density/pkgs/<name>/SOURCE.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=.cache/bench/density/pkgs
dl=.cache/bench/density/downloads
mkdir -p "$dest" "$dl"

npm_pkg() { # name@version
  local spec=$1 name=${1%@*} dir
  dir=$dest/$(echo "$name" | tr '/@' '__')
  [ -f "$dir/.done" ] && return 0
  rm -rf "$dir" && mkdir -p "$dir/files"
  local tgz
  tgz=$(cd "$dl" && npm pack --silent "$spec" | tail -1)
  tar xzf "$dl/$tgz" -C "$dir/files" --strip-components=1
  local licence
  licence=$(node -e 'const p=require(process.argv[1]);console.log(typeof p.license==="string"?p.license:JSON.stringify(p.license??p.licenses??"see package"))' "$PWD/$dir/files/package.json")
  echo "npm $spec licence $licence" >"$dir/SOURCE"
  touch "$dir/.done"
}

deb_pkg() { # debian-package
  local pkg=$1 dir=$dest/$1
  [ -f "$dir/.done" ] && return 0
  rm -rf "$dir" && mkdir -p "$dir/files"
  (cd "$dl" && apt-get download "$pkg" >/dev/null 2>&1) || { echo "fetch: apt-get download $pkg failed (run apt-get update?)" >&2; exit 1; }
  local deb
  deb=$(ls "$dl/${pkg}_"*.deb | head -1)
  dpkg-deb -x "$deb" "$dir/files"
  local copyright
  copyright=$(find "$dir/files/usr/share/doc" -name copyright | head -1)
  local licence
  licence=$(grep -m3 '^License:' "$copyright" 2>/dev/null | sort -u | sed 's/License: //' | paste -sd, - || true)
  echo "debian $(basename "$deb" .deb) licence ${licence:-see copyright}" >"$dir/SOURCE"
  touch "$dir/.done"
}

# Copies a folder already on this machine (so the set does not change when the machine is updated later).
local_dir() { # name source-dir description
  local name=$1 src=$2 desc=$3 dir=$dest/$1
  [ -f "$dir/.done" ] && return 0
  [ -d "$src" ] || { echo "fetch: $src is missing; skipping $name" >&2; return 0; }
  rm -rf "$dir" && mkdir -p "$dir/files"
  cp -r "$src/." "$dir/files/"
  echo "$desc" >"$dir/SOURCE"
  touch "$dir/.done"
}

local_zip() { # name zip description
  local name=$1 zip=$2 desc=$3 dir=$dest/$1
  [ -f "$dir/.done" ] && return 0
  [ -f "$zip" ] || { echo "fetch: $zip is missing; skipping $name" >&2; return 0; }
  rm -rf "$dir" && mkdir -p "$dir/files"
  (cd "$dir/files" && unzip -q "$zip" 'java.base/java/lang/*' 'java.base/java/util/*' 'java.base/java/nio/*' 'java.base/sun/nio/cs/*' 'java.base/sun/util/resources/*' 'java.base/sun/text/resources/*' || true)
  echo "$desc" >"$dir/SOURCE"
  touch "$dir/.done"
}

for spec in tree-sitter-go@0.25.0 tree-sitter-python@0.25.0 tree-sitter-javascript@0.25.0 tree-sitter-rust@0.24.0 \
  tree-sitter-java@0.23.5 tree-sitter-c@0.24.1 tree-sitter-json@0.24.8 tree-sitter-css@0.23.2 tree-sitter-html@0.23.2 \
  tree-sitter-regex@0.24.3 tree-sitter-embedded-template@0.23.2 tree-sitter-jsdoc@0.23.2 \
  protobufjs@7.4.0 google-protobuf@3.21.4 @bufbuild/protobuf@2.2.3 lodash@4.17.21 jquery@3.7.1 bootstrap@5.3.3 \
  axios@1.7.9 moment@2.30.1 zrender@6.0.0 rxjs@7.8.2 zod@3.24.1 \
  tree-sitter-bash@0.25.1 tree-sitter-ruby@0.23.1 tree-sitter-php@0.24.2 tree-sitter-cpp@0.23.4 tree-sitter-typescript@0.23.2 \
  prismjs@1.30.0 iconv-lite@0.7.3 acorn@8.19.0 graphql@17.1.0 highlight.js@11.12.0 entities@9.0.0 \
  regenerate-unicode-properties@10.3.0 crypto-js@4.2.0 \
  tree-sitter-scala@0.24.0 tree-sitter-haskell@0.23.1 tree-sitter-julia@0.23.1 tree-sitter-ocaml@0.24.2 tree-sitter-c-sharp@0.23.5 \
  ace-builds@1.45.2 coffeescript@2.7.1 handlebars@4.7.10 js-yaml@5.5.0 json5@2.2.3 pako@3.0.3 tweetnacl@1.0.3 \
  @grpc/grpc-js@1.14.7 bulma@1.0.4 @fortawesome/fontawesome-free@7.3.1 \
  jsonc-parser@3.3.1 sax@1.6.1 echarts@6.1.0 caniuse-lite@1.0.30001830 d3@7.9.2; do
  npm_pkg "$spec"
done
# The second held-out group (chosen and labelled from file lists and provenance before it was first measured).
for spec in peggy@5.1.0 nearley@2.20.1 @tree-sitter-grammars/tree-sitter-lua@0.4.1 @tree-sitter-grammars/tree-sitter-markdown@0.3.2 \
  @grpc/reflection@1.0.4 leaflet@1.9.4 dompurify@3.5.0 moment-timezone@0.6.6 electron-to-chromium@1.5.501 \
  mime-db@1.54.0 emoji-regex@11.0.0 @opentelemetry/api@1.10.0 date-fns@4.4.0 yaml@2.9.1; do
  npm_pkg "$spec"
done
# The third held-out group (chosen and labelled from file lists, build scripts and provenance before it was measured).
for spec in pegjs@0.10.0 @tree-sitter-grammars/tree-sitter-toml@0.7.0 underscore@1.13.8 clipboard@2.0.11 tlds@1.261.0 \
  luxon@3.7.2 unicode-emoji-json@0.9.0; do
  npm_pkg "$spec"
done
# The fourth held-out group (chosen and labelled from file lists, build scripts and provenance before it was measured).
for spec in katex@0.19.1 toastr@2.1.4 libphonenumber-js@1.13.18 ebnf-parser@0.1.10 @lezer/css@1.3.9 \
  @google-cloud/secret-manager@7.2.0 postcss@8.5.34; do
  npm_pkg "$spec"
done
# The fifth held-out group (chosen and labelled from file lists, build scripts and provenance before it was measured).
for spec in jsonpath@1.3.0 dayjs@1.11.23 get-east-asian-width@1.7.0 language-subtag-registry@0.4.2 esprima@4.0.1 \
  @google-cloud/kms@6.3.0; do
  npm_pkg "$spec"
done
# The sixth held-out group (chosen and labelled from file lists, build scripts and provenance before it was measured).
for spec in terser@5.51.4 css-tree@3.2.1 marked@18.3.0 ua-parser-js@1.0.41 html-entities@2.6.0 \
  @opentelemetry/otlp-transformer@0.57.2; do
  npm_pkg "$spec"
done
for pkg in golang-1.19-src python3-protobuf libprotobuf-dev librust-regex-syntax-dev librust-unicode-width-dev \
  librust-tokio-dev nlohmann-json3-dev python3-matplotlib python3-gpg golang-google-grpc-dev python3-pycparser python3-pygments \
  golang-google-protobuf-dev python3-idna python3-jinja2; do
  deb_pkg "$pkg"
done
# The fourth held-out group's Debian packages.
for pkg in golang-golang-x-image-dev python3-docutils python3-chardet libvulkan-dev; do
  deb_pkg "$pkg"
done
# The fifth held-out group's Debian packages.
for pkg in golang-golang-x-sys-dev python3-unidecode python3-sqlparse python3-ply librust-unicode-segmentation-dev libxkbcommon-dev; do
  deb_pkg "$pkg"
done
# The sixth held-out group's Debian packages.
for pkg in golang-github-gogo-protobuf-dev golang-github-rivo-uniseg-dev python3-wcwidth python3-lark librust-pest-meta-dev \
  librust-prost-types-dev libwayland-dev libgles-dev; do
  deb_pkg "$pkg"
done
py=$(dpkg-query -W -f='${Version}' libpython3.11-minimal 2>/dev/null || echo unknown)
local_dir python3.11-stdlib /usr/lib/python3.11 "debian libpython3.11-stdlib $py (/usr/lib/python3.11) licence PSF-2.0"
local_dir python3.11-headers /usr/include/python3.11 "debian libpython3.11-dev $py (/usr/include/python3.11) licence PSF-2.0"
local_zip jdk-src /usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip "Temurin JDK 25 lib/src.zip (java.base subset) licence GPL-2.0-with-classpath-exception"
echo "fetch: $(ls "$dest" | wc -l) packages in $dest"
