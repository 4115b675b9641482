#!/usr/bin/env bash
# Installs what is missing, builds everything (Release, ./build) and runs the
# test suite with ctest. This is what CI runs (.ci/run).
#
# The corpus tests read ../shared/corpus/dev next to the repository (or
# $REELSCALE_CORPUS); without it they are skipped with a message.
# Extra ctest arguments pass through, e.g. `scripts/test.sh -R RunE2E`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
# The node packages FacesParity holds the converted face descriptor to (face-api.js + tfjs, exact
# versions, into a cache outside the repo); without them that test skips.
bash tests/reference/install.sh >/dev/null || echo "test: face-api reference packages not installed; FacesParity will skip"
bash scripts/build.sh

BUILD="${REELSCALE_BUILD_DIR:-$ROOT/build}"
# -j2: the machines have 2 cores; each test is capped at 15 minutes.
ctest --test-dir "$BUILD" --output-on-failure -j"${REELSCALE_TEST_JOBS:-2}" \
  --timeout "${REELSCALE_TEST_TIMEOUT:-900}" "$@"
