#!/usr/bin/env bash
# Times the neural encoder on each device with a model of Qwen2.5-Coder-0.5B's exact shape and random
# weights (no pretrained weights can be downloaded here): scripts/build-tiny-model/export.py with its config
# widened, quantised to q8 as the Hub's export is, and placed in a throw-away model cache as
# qwen2.5-coder-0.5b-instruct, so the CLI loads it through the registry's real path. Prints each device's
# time and stages and whether the outputs are identical. Random weights make these speed figures only.
#
# Needs: dist/ (npm run build), Node, and a Python with torch, onnx and onnxruntime (PYTHON=…; the GPU
# machines' image has them). WebGPU on Linux also needs a Vulkan loader and the GPU's Vulkan driver.
# Usage: bash bench/neural-device.sh [folder=src/engine/plan] [devices="webgpu cpu"]   (LAYERS=24 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-src/engine/plan}
devices=${2:-webgpu cpu}
py=${PYTHON:-python3}
layers=${LAYERS:-24}
[ -f dist/cli.js ] || { echo "neural-device: build first (npm run build)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== model: Qwen2.5-Coder-0.5B shape ($layers layers), random weights"
"$py" - "$work/model" "$layers" <<'PY'
import sys
import torch
out, layers = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, "scripts/build-tiny-model")
sys.argv = ["export.py", out]
import export  # noqa: E402
export.CONFIG.update(hidden_size=896, intermediate_size=4864, num_hidden_layers=layers, num_attention_heads=14, num_key_value_heads=2)
original = torch.onnx.export
def legacy_export(*args, **kwargs):
    # torch >= 2.9 defaults to the dynamo exporter; export.py is written for the TorchScript one.
    try:
        return original(*args, dynamo=False, **kwargs)
    except TypeError:  # torch before 2.5 has no `dynamo` argument
        return original(*args, **kwargs)
torch.onnx.export = legacy_export
export.main()
PY
"$py" -c "
from onnxruntime.quantization import quantize_dynamic, QuantType
quantize_dynamic('$work/model/onnx/model.onnx', '$work/model/onnx/model_quantized.onnx', weight_type=QuantType.QUInt8)
"
cache=$work/cache/code-context-compressor/models/onnx-community/Qwen2.5-Coder-0.5B-Instruct
mkdir -p "$cache/onnx"
cp "$work/model/config.json" "$work/model/generation_config.json" "$cache/"
mv "$work/model/onnx/model_quantized.onnx" "$cache/onnx/"
rm -rf "$work/model"

for device in $devices; do
  echo "== $device: node dist/cli.js $folder -b 4000 --encoder qwen2.5-coder-0.5b-instruct --device $device --conditional-perplexity off"
  XDG_CACHE_HOME="$work/cache" /usr/bin/time -f "$device: %e s wall, %M KB peak" node dist/cli.js "$folder" -b 4000 \
    --encoder qwen2.5-coder-0.5b-instruct --device "$device" --conditional-perplexity off --format json \
    >"$work/$device.json" 2>"$work/$device.err" || true
  grep -v '^warning: ' "$work/$device.err" | tail -3
  node -e '
    const fs = require("fs");
    const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const t = Object.fromEntries(Object.entries(d.stats.timingsMs).map(([k, v]) => [k, Math.round(v)]));
    console.log(`ran on: ${d.stats.encoder?.device ?? "no encoder"}; ms by stage: ${JSON.stringify(t)}`);
    fs.writeFileSync(process.argv[2], d.text + "\n" + JSON.stringify(d.warnings));
  ' "$work/$device.json" "$work/$device.out" || echo "$device: no result"
done

set -- $devices
for device in "${@:2}"; do
  if cmp -s "$work/$1.out" "$work/$device.out"; then echo "$device and $1: the same output and warnings"; else echo "$device and $1: outputs DIFFER"; fi
done
