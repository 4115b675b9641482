#!/usr/bin/env bash
# IVF-PQ at archive scale (bench/README.md "IVF-PQ at archive scale"):
# train once, encode in RANKS shards (concurrent processes, the code path of the
# ranks), merge, search. Each step runs under /usr/bin/time -v (peak RSS, CPU s).
#
#   bench/ivfpq.sh DIR N DIM [RANKS] ["nprobe,k_factor ..."]
# Environment: REELSCALE_BENCH_Q (queries, default 1000), BENCH_MPI=1 to start the
# shard step with `mpirun -np RANKS` (ranks read OMPI_COMM_WORLD_RANK) instead of
# RANKS background processes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
B="${BENCH_IVFPQ:-$ROOT/build/bench/bench_ivfpq}"
DIR=$1 N=$2 DIM=$3 RANKS=${4:-2}
SETTINGS=${5:-"8,16 16,16 16,32 32,16 32,32 64,32"}
mkdir -p "$DIR"
log() { echo "== $* [$(date -u +%H:%M:%S) $(uptime | sed 's/.*load/load/')]"; }
timed() {  # timed NAME cmd...: runs cmd, prints its peak RSS and CPU seconds
  local name=$1; shift
  /usr/bin/time -f "$name: wall %e s, user %U s, sys %S s, peak RSS %M KB" nice -n 10 "$@"
}
log "train N=$N DIM=$DIM"
timed train "$B" train "$DIR" "$N" "$DIM"
log "shards x $RANKS"
if [[ "${BENCH_MPI:-0}" == 1 ]]; then
  mpirun --allow-run-as-root --oversubscribe -np "$RANKS" \
    /usr/bin/time -f "shard: wall %e s, user %U s, sys %S s, peak RSS %M KB" nice -n 10 "$B" shard "$DIR" "$N" "$DIM" env env
else
  for ((r = 0; r < RANKS; ++r)); do timed "shard $r" "$B" shard "$DIR" "$N" "$DIM" "$r" "$RANKS" & done
  wait
fi
log "merge"
timed merge "$B" merge "$DIR" "$RANKS"
rm -f "$DIR"/shard-*.faiss
log "search"
timed search "$B" search "$DIR" "$DIM" "$SETTINGS"
log "done"
