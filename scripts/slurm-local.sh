#!/usr/bin/env bash
# Brings up a one-node Slurm (Debian's slurm-wlm + munge) in a temporary folder,
# submits jobs/slurm/reelscale.sbatch on the dev corpus with 2 MPI ranks, waits,
# checks the merged catalog and shuts Slurm down again.
#
#   scripts/slurm-local.sh [REELSCALE_BINARY] [INPUT]
#
# Defaults: ./build/reelscale and ../shared/corpus/dev (or $REELSCALE_CORPUS).
# Extra `reelscale run` arguments: REELSCALE_ARGS (e.g. "--include '*.avi'").
# Exit codes: 0 = job ran and the catalog holds every input file, 1 = failure,
# 77 = skipped (no Slurm/munge installed, or the daemons cannot start here; the
# reason is printed). Set REELSCALE_KEEP_TMP=1 to keep the temporary folder.
# Needs root (the daemons run as root with SlurmUser=root).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$(realpath "${1:-$ROOT/build/reelscale}")"
INPUT="${2:-${REELSCALE_CORPUS:-$ROOT/../shared/corpus/dev}}"
SKIP=77

skip() { echo "SKIP: $*"; exit $SKIP; }
fail() { echo "FAIL: $*"; exit 1; }

[[ -x "$BIN" ]] || fail "reelscale binary '$BIN' not found (build first)"
[[ -d "$INPUT" ]] || skip "input folder '$INPUT' not found"
INPUT="$(realpath "$INPUT")"
for c in munged slurmctld slurmd sbatch squeue sinfo scontrol mpirun; do
  command -v "$c" >/dev/null || skip "'$c' not installed (scripts/setup.sh installs slurm-wlm and munge)"
done
[[ $(id -u) -eq 0 ]] || skip "needs root to run slurmctld/slurmd with SlurmUser=root"

D="$(mktemp -d /tmp/reelscale-slurm.XXXXXX)"
chmod 755 "$D"
HOST="$(hostname -s)"
CPUS="$(nproc)"
export SLURM_CONF="$D/slurm.conf"

cleanup() {
  for p in slurmd slurmctld munged; do
    [[ -s "$D/$p.pid" ]] || continue
    pid="$(cat "$D/$p.pid")"
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  if [[ -n "${REELSCALE_KEEP_TMP:-}" ]]; then echo "kept $D"; else rm -rf "$D"; fi
}
trap cleanup EXIT

show_logs() {
  for f in "$D"/*.log; do echo "---- $f (tail)"; tail -n 15 "$f"; done
}

# ---- munge ----
dd if=/dev/urandom of="$D/munge.key" bs=1024 count=1 status=none
chmod 600 "$D/munge.key"
munged --key-file="$D/munge.key" --socket="$D/munge.sock" --pid-file="$D/munged.pid" \
       --log-file="$D/munged.log" --seed-file="$D/munge.seed" --force \
  || { show_logs; skip "munged cannot start here"; }

# ---- slurm ----
mkdir -p "$D/state" "$D/spool"
# Two free TCP ports (so that two of these can run side by side on one machine).
read -r CTLD_PORT SLURMD_PORT < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("", 0))
print(*[s.getsockname()[1] for s in ss])')
[[ -n "${SLURMD_PORT:-}" ]] || { CTLD_PORT=16817; SLURMD_PORT=16818; }
cat > "$SLURM_CONF" <<CONF
ClusterName=reelscale-local
SlurmctldHost=$HOST
AuthType=auth/munge
AuthInfo=socket=$D/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SwitchType=switch/none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
SchedulerType=sched/backfill
NodeName=$HOST CPUs=$CPUS State=UNKNOWN
PartitionName=local Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -f "$SLURM_CONF" || { show_logs; skip "slurmctld cannot start here"; }
slurmd -f "$SLURM_CONF" || { show_logs; skip "slurmd cannot start here"; }
state=""
for _ in $(seq 60); do
  state="$(sinfo -h -n "$HOST" -o %T 2>/dev/null | head -1)"
  [[ "$state" == idle* ]] && break
  sleep 0.5
done
[[ "$state" == idle* ]] || { show_logs; skip "the Slurm node did not become idle (state '${state:-none}')"; }
echo "slurm: node $HOST idle ($CPUS CPUs), ports $CTLD_PORT/$SLURMD_PORT, config $SLURM_CONF"

# ---- the job ----
OUT="$D/out"
NFILES="$(find "$INPUT" -type f | wc -l)"
JOB="$(cd "$ROOT" && sbatch --parsable -N 1 -n 2 -c 1 -t 20 -J reelscale-local \
        -o "$D/job-%j.out" \
        --export=ALL,REELSCALE="$BIN",REELSCALE_INPUT="$INPUT",REELSCALE_OUT="$OUT",REELSCALE_ARGS="${REELSCALE_ARGS:-}" \
        jobs/slurm/reelscale.sbatch)" || { show_logs; fail "sbatch failed"; }
JOB="${JOB%%;*}"
echo "slurm: submitted job $JOB"
for _ in $(seq 1200); do
  [[ -z "$(squeue -h -j "$JOB" 2>/dev/null)" ]] && break
  sleep 0.5
done
[[ -z "$(squeue -h -j "$JOB" 2>/dev/null)" ]] || { scancel "$JOB"; show_logs; fail "job $JOB did not finish in 10 minutes"; }
INFO="$(scontrol show job "$JOB" 2>/dev/null)"
echo "---- job output"; cat "$D/job-$JOB.out"
echo "---- job $JOB: $(grep -oE '(JobState|ExitCode)=[A-Z_0-9:]+' <<<"$INFO" | tr '\n' ' ')"
grep -q 'JobState=COMPLETED' <<<"$INFO" || { show_logs; fail "job $JOB did not complete"; }
grep -q '2 rank(s)' "$D/job-$JOB.out" || fail "the job did not run 2 MPI ranks"

# ---- the merged catalog: every input file exactly once ----
[[ -s "$OUT/catalog.h5" ]] || fail "no $OUT/catalog.h5"
M="$("$BIN" merge "$OUT" 2>&1)" || { echo "$M"; fail "reelscale merge failed"; }
echo "$M"
N="$(sed -n 's/.*merged \([0-9]*\) asset(s).*/\1/p' <<<"$M")"
# With REELSCALE_ARGS (globs) only a subset is expected: count the manifest instead.
WANT="$NFILES"
[[ -n "${REELSCALE_ARGS:-}" ]] && WANT="$(wc -l < "$OUT/manifest.jsonl")"
[[ "$N" == "$WANT" ]] || fail "catalog holds ${N:-?} assets, expected $WANT"
echo "PASS: Slurm job $JOB ran 2 ranks; catalog.h5 holds all $N assets"
exit 0
