#!/usr/bin/env bash
# Configures (Release) and builds reelscale into ./build, or $REELSCALE_BUILD_DIR.
#
#   scripts/build.sh                # everything: library, reelscale, tests, benchmarks
#   scripts/build.sh reelscale      # only the named target(s)
#
# Parallel jobs: $REELSCALE_JOBS, else nproc. Extra CMake options: $REELSCALE_CMAKE_ARGS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${REELSCALE_BUILD_DIR:-$ROOT/build}"
JOBS="${REELSCALE_JOBS:-$(nproc)}"
# ccache keys on paths relative to the parent folder, so worktrees and clones share it.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$ROOT")}"

# shellcheck disable=SC2086
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release ${REELSCALE_CMAKE_ARGS:-}

targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$BUILD" -j"$JOBS" "${targets[@]}"
