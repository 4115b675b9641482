#!/usr/bin/env bash
# Moderation model: nsfwjs@4.4.0 (MIT) bundled MobileNetV2, unwrapped by dump_tfjs.js and
# converted by convert_nsfw.py to $REELSCALE_MODEL_DIR/moderation/nsfw_mobilenet_v2.onnx.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export REELSCALE_MODEL_DIR="${REELSCALE_MODEL_DIR:-$ROOT/.models}"
export REELSCALE_NPM_CACHE="${REELSCALE_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/reelscale/npm}"
mkdir -p "$REELSCALE_MODEL_DIR/moderation" "$REELSCALE_NPM_CACHE"
out="$REELSCALE_MODEL_DIR/moderation/nsfw_mobilenet_v2.onnx"
[[ -f "$out" && "$out" -nt "$HERE/convert_nsfw.py" ]] && exit 0
# shellcheck source=../npm_fetch.sh
source "$ROOT/models/npm_fetch.sh"
pkg="$(npm_fetch nsfwjs@4.4.0)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node "$HERE/dump_tfjs.js" "$pkg" "$tmp"
/usr/bin/python3 "$HERE/convert_nsfw.py" "$tmp/model.json" "$tmp/weights.bin" "$out.tmp"
mv "$out.tmp" "$out"
