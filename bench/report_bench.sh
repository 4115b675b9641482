#!/usr/bin/env bash
# Report speed on a synthetic archive: N sidecars (default 10^4) cloned from
# the dev corpus's broadcast_ts.ts sidecar (22 shots, 8 scenes; a mix of ok,
# damaged and error), no catalog.h5 (so no loudness plots). Measures
# `reelscale report` wall time and the time headless Chromium needs from
# navigation start to the index's first rendered table page (report.js writes
# it to <body data-render-ms>). Targets (issue 17): report <= 30 s, index <= 2 s.
# Usage: bench/report_bench.sh [N] [WORKDIR]
set -euo pipefail
N=${1:-10000}
WORK=${2:-/tmp/reelscale-report-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/build/reelscale
CORPUS=${REELSCALE_CORPUS:-$ROOT/../shared/corpus/dev}
rm -rf "$WORK" && mkdir -p "$WORK/src" "$WORK/out/assets"
"$BIN" run --no-index --input "$CORPUS/broadcast_ts.ts" --out "$WORK/src" >/dev/null 2>&1
python3 - "$WORK/src/assets" "$WORK/out/assets" "$N" <<'PY'
import json, os, sys, hashlib
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = json.load(open(os.path.join(src, os.listdir(src)[0])))
for i in range(n):
    d = dict(base)
    d["path"] = "/archive/tapes/%05d/programme_%06d.ts" % (i // 1000, i)
    d["id"] = hashlib.sha256(d["path"].encode()).hexdigest()[:16]
    if i % 50 == 0:
        d.update(status="error", error="cannot open '%s': Invalid data found when processing input" % d["path"],
                 shots=[], scenes=[], frames=0)
    elif i % 20 == 0:
        d.update(status="damaged", error="17 decode error(s)")
    with open(os.path.join(dst, d["id"] + ".json"), "w") as f:
        json.dump(d, f, indent=2)
PY
echo "sidecars: $N ($(du -sh "$WORK/out/assets" | cut -f1))"
T0=$(date +%s.%N)
"$BIN" report "$WORK/out" 2>&1 | tail -1
T1=$(date +%s.%N)
echo "report written in $(python3 -c "print(round($T1-$T0,2))") s ($(du -sh "$WORK/out/report" | cut -f1))"
PROFILE=$(mktemp -d)
T2=$(date +%s.%N)
MS=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$PROFILE" \
  --dump-dom "file://$WORK/out/report/index.html" 2>/dev/null | grep -o 'data-render-ms="[0-9]*"' | grep -o '[0-9]*')
T3=$(date +%s.%N)
rm -rf "$PROFILE"
echo "index.html: first table page rendered ${MS} ms after navigation start (chromium process incl. start-up: $(python3 -c "print(round($T3-$T2,2))") s)"
