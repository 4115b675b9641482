#!/usr/bin/env bash
# CPU cost of the faces stage on a corpus (issue 12): `reelscale run` with and without
# --faces, alternated, N times each (default 3); prints per run wall s, user+sys CPU s,
# peak RSS MiB, the sidecars' summed stage_cpu_s.faces and the load average, then the
# medians. Usage: bench/faces_cost.sh [CORPUS] [N] [extra run flags for the faces runs...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${REELSCALE_BIN:-$ROOT/build/reelscale}"
CORPUS="${1:-$ROOT/../shared/corpus/dev}"
N="${2:-3}"
shift 2 2>/dev/null || shift $# || true
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
one() {  # label, flags...
  local label="$1"; shift
  rm -rf "$TMP/out"
  /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" nice -n 10 "$BIN" run -i "$CORPUS" -o "$TMP/out" "$@" >/dev/null 2>&1 || true
  read -r wall user sys rss < "$TMP/time"
  local faces
  faces=$(python3 -c '
import json, glob, sys
t = 0.0
for f in glob.glob(sys.argv[1] + "/assets/*.json"):
    t += json.load(open(f)).get("stage_cpu_s", {}).get("faces", 0.0)
print("%.2f" % t)' "$TMP/out")
  local load; load=$(cut -d" " -f1 /proc/loadavg)
  echo "$label wall=$wall cpu=$(python3 -c "print('%.2f' % ($user + $sys))") rss_mib=$((rss / 1024)) faces_stage_cpu=$faces load=$load"
}
for i in $(seq 1 "$N"); do
  one off --no-faces
  one on --faces "$@"
done | tee "$TMP/log"
python3 - "$TMP/log" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, *kv = line.split()
    d = dict(x.split("=") for x in kv)
    rows.setdefault(label, []).append({k: float(v) for k, v in d.items()})
med = {l: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for l, rs in rows.items()}
for l, m in med.items():
    print(f"median {l}: " + " ".join(f"{k}={v:.2f}" for k, v in m.items()))
if "on" in med and "off" in med:
    off, on = med["off"], med["on"]
    print(f"faces add: cpu {100 * (on['cpu'] / off['cpu'] - 1):+.1f} %, wall {100 * (on['wall'] / off['wall'] - 1):+.1f} %, "
          f"stage_cpu_s.faces {on['faces_stage_cpu']:.2f} s = {100 * on['faces_stage_cpu'] / off['cpu']:.1f} % of the run without faces")
PY
