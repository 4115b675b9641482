#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, -fsanitize=fuzzer,address,undefined) into
# build-fuzz/ and runs each for $SECONDS_EACH seconds (default 1800 = 30 min).
# Not part of CI. Crashes land in fuzz/crashes/<harness>/; keep them as
# regression inputs (tests/test_hostile.cpp replays fuzz/regressions/).
#
# Harnesses: fuzz_demux (demux + decode + measure), fuzz_catalog (the guarded shard/catalog
# reader, reelscale's boundary), fuzz_catalog_inprocess (libhdf5 itself; not run by default).
#
#   scripts/fuzz.sh                    # fuzz_demux and fuzz_catalog, 30 min each, one after the other
#   PARALLEL=1 scripts/fuzz.sh         # both at once, one job each (2 cores: 30 min in all)
#   SECONDS_EACH=300 scripts/fuzz.sh fuzz_demux
# Each run's libFuzzer output goes to build-fuzz/<harness>.log (last line: execs, cov, ft).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${REELSCALE_FUZZ_BUILD:-$ROOT/build-fuzz}"
SECONDS_EACH="${SECONDS_EACH:-1800}"
CORPUS_DEV="${REELSCALE_CORPUS:-$ROOT/../shared/corpus/dev}"
JOBS="${REELSCALE_JOBS:-2}"
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(fuzz_demux fuzz_catalog)
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$ROOT")}"

# REELSCALE_FUZZ_BUILD=build-san reuses the sanitizer build of scripts/sanitize.sh (tests on).
if [ ! -f "$BUILD/CMakeCache.txt" ] || ! grep -q '^REELSCALE_BUILD_FUZZ:BOOL=ON' "$BUILD/CMakeCache.txt"; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DREELSCALE_BUILD_FUZZ=ON -DREELSCALE_SANITIZE=address,undefined \
    -DREELSCALE_BUILD_TESTS=OFF -DREELSCALE_BUILD_BENCH=OFF >/dev/null
fi
nice -n 15 cmake --build "$BUILD" -j"$JOBS" --target "${harnesses[@]}"

fuzz_one() {
  local h="$1"
  local seeds work crashes
  seeds="$BUILD/seeds/${h%_inprocess}"; work="$BUILD/corpus/$h"; crashes="$ROOT/fuzz/crashes/$h"
  mkdir -p "$seeds" "$work" "$crashes"
  case "$h" in
    fuzz_demux)   # the first 64 KiB of each dev programme and the bad inputs
      for f in "$CORPUS_DEV"/*; do
        case "$f" in *.json) continue;; esac
        head -c 65536 "$f" > "$seeds/$(basename "$f")"
      done ;;
    fuzz_catalog|fuzz_catalog_inprocess) # small catalogs written by a run of the fast path on two dev clips
      if [ ! -s "$seeds/catalog.h5" ]; then
        "$ROOT/build/reelscale" run --input "$CORPUS_DEV/alternation_mjpeg.mov" --out "$BUILD/seed-run" \
          --no-scenes --no-index >/dev/null 2>&1 || true
        cp "$BUILD/seed-run/catalog.h5" "$seeds/catalog.h5" 2>/dev/null || true
        for s in "$BUILD"/seed-run/shards/*.h5; do [ -f "$s" ] && cp "$s" "$seeds/"; done
      fi ;;
  esac
  # fuzz_catalog is reelscale's boundary (guarded child read, then in-process): any crash is ours.
  # fuzz_catalog_inprocess fuzzes HDF5 1.10 itself, which loops forever or crashes on some corrupt
  # files (H5HG_read via H5C_protect; H5Aexists on a corrupt object header:
  # fuzz/regressions/fuzz_catalog/hdf5-*/); fork mode records them and goes on; triage() below
  # then sorts every crash by its faulting frame.
  local extra=()
  [ "$h" = fuzz_catalog_inprocess ] && extra=(-fork=1 -ignore_timeouts=1 -ignore_crashes=1)
  echo "== $h for ${SECONDS_EACH}s (crashes -> $crashes, log -> $BUILD/$h.log)"
  # nice 19: a long run shares the machine (docs/reliability.md)
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    nice -n "${REELSCALE_FUZZ_NICE:-19}" "$BUILD/fuzz/$h" -max_total_time="$SECONDS_EACH" -rss_limit_mb=3072 -timeout=25 \
      -max_len=1048576 -print_final_stats=1 "${extra[@]}" -artifact_prefix="$crashes/" "$work" "$seeds" >"$BUILD/$h.log" 2>&1 ||
    echo "$h stopped: see $crashes and $BUILD/$h.log"
  grep -E '^#[0-9]+.*(DONE|cov:)' "$BUILD/$h.log" | tail -1
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$BUILD/$h.log" || true
  triage "$h" "$crashes"
}

# Replays each crash-* input once and prints where it faults: inside a system library
# (HDF5, FFmpeg: not reelscale code) or in reelscale's own code (a bug to fix here).
triage() {
  local h="$1" dir="$2" c top
  for c in "$dir"/crash-*; do
    [ -f "$c" ] || continue
    # the first frame that is not the sanitizer, libc or an allocator (their caller is the culprit)
    top=$(ASAN_OPTIONS=detect_leaks=0 timeout 60 "$BUILD/fuzz/$h" "$c" 2>&1 | grep -E '^ +#[0-9]+ ' |
      grep -v -E 'interceptor|sanitizer|libc\.so|memmove|memcpy|operator new|asan|fuzzer::|std::allocator' | head -1 || true)
    case "$top" in
      "") echo "triage $h $(basename "$c"): does not fault when replayed alone (heap-layout dependent)" ;;
      *libhdf5*|*libav*|*libsw*|*H5*) echo "triage $h $(basename "$c"): in a system library: $top" ;;
      *) echo "triage $h $(basename "$c"): REELSCALE CODE: $top" ;;
    esac
  done
}

if [ -n "${PARALLEL:-}" ]; then
  for h in "${harnesses[@]}"; do fuzz_one "$h" & done
  wait
else
  for h in "${harnesses[@]}"; do fuzz_one "$h"; done
fi
