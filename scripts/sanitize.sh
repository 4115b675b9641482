#!/usr/bin/env bash
# The sanitizer build (issue 11, docs/reliability.md): clang, -fsanitize=address,undefined on
# every target, the libFuzzer harnesses too (one instrumented build serves both), then the
# whole default test suite under ASan + UBSan. Not part of CI (about 1 hour on 2 cores).
#
#   scripts/sanitize.sh              # configure + build build-san/, then ctest
#   scripts/sanitize.sh --no-test    # build only (scripts/fuzz.sh can then reuse build-san/)
#
# Leaks found by LeakSanitizer in third-party libraries that allocate once per process
# (OpenMPI, fontconfig, tesseract's globals) are listed in scripts/lsan.supp; a leak in
# reelscale code fails the test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${REELSCALE_SAN_BUILD:-$ROOT/build-san}"
JOBS="${REELSCALE_JOBS:-2}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$ROOT")}"

CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DREELSCALE_SANITIZE=address,undefined -DREELSCALE_BUILD_FUZZ=ON -DREELSCALE_BUILD_BENCH=OFF >/dev/null
nice -n "${REELSCALE_NICE:-10}" cmake --build "$BUILD" -j"$JOBS"
[ "${1:-}" = --no-test ] && exit 0

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/scripts/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Sanitized code runs 2-4x slower: each test may take up to an hour.
cd "$BUILD"
# Tests that start reelscale under mpirun/srun run with LeakSanitizer off (ASan and UBSan stay
# on): OpenMPI 4.1 dlcloses its MCA components before exit, so the stacks of its one-time
# allocations end in "<unknown module>" and no suppression can name them (session 8: every
# such test failed on leaks of strdup/malloc/realloc blocks (up to 48 KB in 1187 objects) whose
# stacks name only libopen-pal
# or no module; reelscale calls no strdup).
MPI_TESTS='^(Cluster|RunOptions\.Rank0ServesOnlyUnderMpirun)'
rc=0
ctest -j"${REELSCALE_TEST_JOBS:-2}" --timeout "${REELSCALE_TEST_TIMEOUT:-3600}" --output-on-failure -E "$MPI_TESTS" "${@}" || rc=$?
ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" \
  ctest -j"${REELSCALE_TEST_JOBS:-2}" --timeout "${REELSCALE_TEST_TIMEOUT:-3600}" --output-on-failure -R "$MPI_TESTS" "${@}" || rc=$?
exit "$rc"
