#!/usr/bin/env bash
# Installs the node packages tests/test_faces_parity.cpp runs face-api.js with (exact
# versions, no install scripts, pure-JS tfjs CPU backend) into a cache folder; nothing
# is committed. Prints the node_modules folder.
set -euo pipefail
DIR="${REELSCALE_NODE_FACES:-${XDG_CACHE_HOME:-$HOME/.cache}/reelscale/node-faces}"
mkdir -p "$DIR"
if [[ ! -f "$DIR/.ok" ]]; then
  (cd "$DIR" && npm install --no-audit --no-fund --ignore-scripts --silent \
     @vladmandic/face-api@1.7.15 @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0 >&2)
  touch "$DIR/.ok"
fi
echo "$DIR/node_modules"
