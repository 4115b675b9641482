#!/usr/bin/env bash
# The main job on real footage, from a fresh Debian 12 machine:
#   1. installs what is missing (scripts/setup.sh, apt-get, idempotent),
#   2. builds reelscale (Release, ./build),
#   3. fetches real sample media from Debian packages into ./samples
#      (scripts/fetch-samples.sh; $REELSCALE_SAMPLES overrides the folder),
#   4. runs `reelscale run --input samples/media --out out/demo`, which logs one
#      line per asset and prints the summary table.
# Output: out/demo/catalog.h5 and out/demo/assets/<id>.json (replaced on each run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
bash scripts/build.sh reelscale
bash scripts/fetch-samples.sh

SAMPLES="${REELSCALE_SAMPLES:-$ROOT/samples}"
BUILD="${REELSCALE_BUILD_DIR:-$ROOT/build}"
OUT="$ROOT/out/demo"
rm -rf "$OUT"

echo
# Content stages that cost most are opt-in (--faces --text --moderation); the demo shows them all.
echo "demo: $BUILD/reelscale run --faces --text --moderation --input $SAMPLES/media --out $OUT"
"$BUILD/reelscale" run --faces --text --moderation --input "$SAMPLES/media" --out "$OUT"

echo
echo "demo: catalog  $OUT/catalog.h5"
echo "demo: sidecars $OUT/assets/ ($(find "$OUT/assets" -name '*.json' | wc -l) assets)"
echo "demo: report   $OUT/report/index.html (open it in a browser; static, works from file://)"
