#!/usr/bin/env bash
# Cost of the content stages of issue 13 on a corpus: `reelscale run --no-speech` (none of
# text, moderation, speech segmentation) against `reelscale run --text --moderation` (all
# three: speech segmentation is on by default), alternated, N times each (default 3).
# Prints per run wall s, user+sys CPU s, peak RSS MiB, the sidecars' summed stage_cpu_s of
# text / moderation / speech and the 1-min load average, then the medians and the bar's
# figures (issue 13: <= +25 % wall, peak RSS <= 512 MiB).
# Usage: bench/text_cost.sh [CORPUS] [N]   (REELSCALE_BIN overrides build/reelscale)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${REELSCALE_BIN:-$ROOT/build/reelscale}"
CORPUS="${1:-$ROOT/../shared/corpus/dev}"
N="${2:-3}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
one() {  # label, flags...
  local label="$1"; shift
  rm -rf "$TMP/out"
  /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "$BIN" run -i "$CORPUS" -o "$TMP/out" "$@" >/dev/null 2>&1 || true
  read -r wall user sys rss < "$TMP/time"
  local stages
  stages=$(python3 -c '
import json, glob, sys
t = {"text": 0.0, "moderation": 0.0, "speech": 0.0}
for f in glob.glob(sys.argv[1] + "/assets/*.json"):
    s = json.load(open(f)).get("stage_cpu_s", {})
    for k in t: t[k] += s.get(k, 0.0)
print(" ".join("%s_cpu=%.2f" % kv for kv in t.items()))' "$TMP/out")
  local load; load=$(cut -d" " -f1 /proc/loadavg)
  echo "$label wall=$wall cpu=$(python3 -c "print('%.2f' % ($user + $sys))") rss_mib=$((rss / 1024)) $stages load=$load"
}
for i in $(seq 1 "$N"); do
  one off --no-speech --no-text --no-moderation
  one on --text --moderation
done | tee "$TMP/log"
python3 - "$TMP/log" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, *kv = line.split()
    rows.setdefault(label, []).append({k: float(v) for k, v in (x.split("=") for x in kv)})
med = {l: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for l, rs in rows.items()}
for l, m in med.items():
    print(f"median {l}: " + " ".join(f"{k}={v:.2f}" for k, v in m.items()))
if "on" in med and "off" in med:
    off, on = med["off"], med["on"]
    print(f"text+moderation+speech add: wall {100 * (on['wall'] / off['wall'] - 1):+.1f} % (bar <= +25 %), "
          f"cpu {100 * (on['cpu'] / off['cpu'] - 1):+.1f} %, peak RSS {on['rss_mib']:.0f} MiB (bar <= 512)")
PY
