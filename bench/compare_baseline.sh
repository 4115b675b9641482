#!/usr/bin/env bash
# Builds the baseline commit (default 7e1eac0, before the issue-10 layout) in a
# temporary worktree and the current tree, runs `reelscale run` on the same corpus
# with both, and compares what they detected (bench/compare_outputs.py): sidecars
# (transitions, shots, cues, selected frames, scenes, loudness, silences, insertion
# points, commercial breaks, fixity, metadata) and catalog datasets (frames/, shots,
# scenes, embeddings, audio, ad_breaks). Timings (wall_s, stage_cpu_s) are excluded.
#
#   bench/compare_baseline.sh [CORPUS] [BASE_COMMIT]
#
# Environment: REELSCALE_COMPARE_DIR (work folder, default $TMPDIR/reelscale-compare),
# REELSCALE_JOBS (build jobs), REELSCALE_THREADS (run --threads, default 2).
# Exit status: 0 when every compared value is identical (garbled_archive.avi may be
# reported as "known nondeterministic", see bench/README.md), 1 otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="$(cd "${1:-$ROOT/../shared/corpus/dev}" && pwd)"
BASE="${2:-7e1eac0}"
WORK="${REELSCALE_COMPARE_DIR:-${TMPDIR:-/tmp}/rsbase}"
THREADS="${REELSCALE_THREADS:-2}"
mkdir -p "$WORK"

# Baseline tree (detached worktree of the same repository, $WORK/main) and its build
# ($WORK/main/build: the same relative layout as ./build, so ccache can share objects).
if [[ ! -e "$WORK/main/.git" ]]; then
  git -C "$ROOT" worktree add --detach "$WORK/main" "$BASE" >/dev/null
fi
git -C "$WORK/main" checkout -q --detach "$BASE"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$WORK/main" -B "$WORK/main/build" -DCMAKE_BUILD_TYPE=Release -DREELSCALE_BUILD_TESTS=OFF \
  -DREELSCALE_BUILD_BENCH=OFF "${launcher[@]}" >"$WORK/base-build.log" 2>&1
CCACHE_BASEDIR="$WORK" cmake --build "$WORK/main/build" -j"${REELSCALE_JOBS:-2}" --target reelscale >>"$WORK/base-build.log" 2>&1
bash "$ROOT/scripts/build.sh" reelscale >"$WORK/new-build.log" 2>&1

run() {  # run BINARY OUT
  rm -rf "$2"
  "$1" run --input "$CORPUS" --out "$2" --threads "$THREADS" >"$2.log" 2>&1 || true
}
echo "baseline $BASE: $(git -C "$WORK/main" log -1 --format='%h %s' | cut -c1-70)"
echo "current:        $(git -C "$ROOT" log -1 --format='%h %s' | cut -c1-70)$(git -C "$ROOT" diff --quiet || echo ' (+ uncommitted changes)')"
echo "corpus: $CORPUS"
run "$WORK/main/build/reelscale" "$WORK/out-base"
run "$ROOT/build/reelscale" "$WORK/out-new"
/usr/bin/python3 "$ROOT/bench/compare_outputs.py" "$WORK/out-base" "$WORK/out-new"
