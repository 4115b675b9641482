#!/usr/bin/env bash
# Media outputs of whole corpora checked against ffmpeg (issue 14, Done-when 1 and 2):
# `reelscale run --outputs` on each input, then bench/outputs_check.py on its OUT
# (rungs: size, codec, frame count, SSIM >= 0.95, loudness +-0.5 LU, true peak <= -1 dBTP;
# thumbnails: >= 10 per programme of >= 30 s, none black; preview <= 30 s).
#
#   bench/outputs_check.sh                      # ../shared/corpus/dev and samples/media (scripts/demo.sh)
#   bench/outputs_check.sh DIR [DIR ...]        # other inputs
#
# environment: REELSCALE_BINARY (default build/reelscale), REELSCALE_OUTPUTS_CHECK_DIR (work
# folder, default $TMPDIR/reelscale-outputs-check). Exit status 1 when a check fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${REELSCALE_BINARY:-$ROOT/build/reelscale}"
WORK="${REELSCALE_OUTPUTS_CHECK_DIR:-${TMPDIR:-/tmp}/reelscale-outputs-check}"
[[ -x "$BIN" ]] || { echo "outputs_check: no reelscale binary at $BIN (scripts/build.sh reelscale)" >&2; exit 2; }
inputs=("$@")
if [[ ${#inputs[@]} -eq 0 ]]; then
  inputs=("${REELSCALE_CORPUS:-$ROOT/../shared/corpus/dev}")
  [[ -d "$ROOT/samples/media" ]] && inputs+=("$ROOT/samples/media")
fi
mkdir -p "$WORK"
status=0
for in in "${inputs[@]}"; do
  out="$WORK/$(basename "$in")"
  rm -rf "$out"
  echo "== $in -> $out"
  "$BIN" run --input "$in" --out "$out" --outputs --no-index --no-report > "$out.log" 2>&1 || true
  python3 "$ROOT/bench/outputs_check.py" "$out" || status=1
done
exit $status
