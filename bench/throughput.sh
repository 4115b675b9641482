#!/usr/bin/env bash
# Throughput of `reelscale run` against a bare `ffmpeg` decode, measured in the
# same run on each corpus programme (each file with a <name>.truth.json).
#
#   bench/throughput.sh                 # corpus ../shared/corpus/dev, binary build/reelscale
#   REELSCALE_CORPUS=/path/dev REELSCALE_BINARY=/path/reelscale bench/throughput.sh
#   REELSCALE_BENCH_REPEAT=5 bench/throughput.sh
#
# Per file, alternately, REPEAT times (default 3) each:
#   ffmpeg -nostdin -loglevel error -threads 2 -i F -f null -
#   reelscale run --input F --out TMP
# and reports the median wall times, reelscale frames/s (decoded frames from the
# sidecar / reelscale wall time), ratio = ffmpeg time / reelscale time (>= 1:
# reelscale is as fast as a bare decode) and reelscale's peak RSS (the child's
# ru_maxrss, the same number as `/usr/bin/time -f %M`). Totals: sums of the
# medians, ratio of the sums, largest peak RSS. CPU s (user + sys of the child)
# are given too: unlike wall time they barely move when other work shares the
# cores. The file is read once beforehand so both commands start from the page cache.
# Prints a markdown table. Exit 0 unless something could not run; with
# REELSCALE_BENCH_STRICT=1, also exit 1 when the bar (ratio >= 0.8, RSS <= 512 MiB) is missed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${REELSCALE_CORPUS:-$ROOT/../shared/corpus/dev}"
BIN="${REELSCALE_BINARY:-$ROOT/build/reelscale}"
REPEAT="${REELSCALE_BENCH_REPEAT:-3}"

if [[ ! -x "$BIN" ]]; then
  echo "throughput: no reelscale binary at $BIN (build it: scripts/build.sh reelscale)" >&2
  exit 2
fi
if [[ ! -d "$CORPUS" ]]; then
  echo "throughput: no corpus folder $CORPUS (set REELSCALE_CORPUS)" >&2
  exit 2
fi
command -v ffmpeg >/dev/null || { echo "throughput: ffmpeg not found (scripts/setup.sh)" >&2; exit 2; }

exec python3 - "$CORPUS" "$BIN" "$REPEAT" <<'PY'
import glob, json, os, resource, shutil, statistics, subprocess, sys, tempfile, time

corpus, binary, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
strict = os.environ.get("REELSCALE_BENCH_STRICT") == "1"

def measure(cmd):
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + sys) of one child process."""
    # ru_maxrss of RUSAGE_CHILDREN is the max over all waited-for children, so run
    # each command through a fresh python that reports its own child's figure.
    probe = ("import resource,subprocess,sys,time;t=time.perf_counter();"
             "r=subprocess.run(sys.argv[1:],stdin=subprocess.DEVNULL,stdout=subprocess.DEVNULL,"
             "stderr=subprocess.PIPE);w=time.perf_counter()-t;"
             "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
             "sys.stderr.buffer.write(r.stderr[-2000:]);"
             "print(w,u.ru_maxrss,u.ru_utime+u.ru_stime,r.returncode)")
    p = subprocess.run([sys.executable, "-c", probe] + cmd, capture_output=True, text=True)
    wall, rss, cpu, rc = p.stdout.split()
    if int(rc) != 0:
        sys.exit(f"throughput: {' '.join(cmd)} exited {rc}:\n{p.stderr}")
    return float(wall), int(rss), float(cpu)

programmes = []
for truth_path in sorted(glob.glob(os.path.join(corpus, "*.truth.json"))):
    truth = json.load(open(truth_path))
    programmes.append((os.path.join(corpus, truth["video"]), truth["frames"]))
if not programmes:
    sys.exit(f"throughput: no *.truth.json in {corpus}")

rows = []
scratch = tempfile.mkdtemp(prefix="reelscale-bench-")
try:
    for path, truth_frames in programmes:
        with open(path, "rb") as f:  # into the page cache
            while f.read(1 << 22):
                pass
        ff, rs, rss, ffc, rsc = [], [], [], [], []
        frames = None
        for i in range(repeat):
            w, _, c = measure(["ffmpeg", "-nostdin", "-loglevel", "error", "-threads", "2",
                               "-i", path, "-f", "null", "-"])
            ff.append(w)
            ffc.append(c)
            out = os.path.join(scratch, f"out{i}")
            shutil.rmtree(out, ignore_errors=True)
            w, m, c = measure([binary, "run", "--input", path, "--out", out])
            rs.append(w)
            rss.append(m)
            rsc.append(c)
            sidecars = glob.glob(os.path.join(out, "assets", "*.json"))
            if len(sidecars) != 1:
                sys.exit(f"throughput: expected one sidecar in {out}, found {len(sidecars)}")
            rec = json.load(open(sidecars[0]))
            frames = rec["frames"]
            if rec["status"] != "ok":
                print(f"warning: {path}: status {rec['status']}: {rec.get('error')}", file=sys.stderr)
        rows.append(dict(name=os.path.basename(path), frames=frames, truth=truth_frames,
                         ff=statistics.median(ff), rs=statistics.median(rs), rss=max(rss),
                         ffc=statistics.median(ffc), rsc=statistics.median(rsc)))
finally:
    shutil.rmtree(scratch, ignore_errors=True)

def mib(kib):
    return kib / 1024.0

print(f"| file | frames | ffmpeg s | reelscale s | reelscale frames/s | ratio ffmpeg/reelscale "
      f"| peak RSS MiB | ffmpeg CPU s | reelscale CPU s |")
print(f"|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    mark = "" if r["frames"] == r["truth"] else f" (truth {r['truth']})"
    print(f"| {r['name']} | {r['frames']}{mark} | {r['ff']:.2f} | {r['rs']:.2f} | "
          f"{r['frames'] / r['rs']:.0f} | {r['ff'] / r['rs']:.2f} | {mib(r['rss']):.0f} | "
          f"{r['ffc']:.2f} | {r['rsc']:.2f} |")
tf = sum(r["frames"] for r in rows)
tff = sum(r["ff"] for r in rows)
trs = sum(r["rs"] for r in rows)
peak = max(r["rss"] for r in rows)
ratio = tff / trs
tffc = sum(r["ffc"] for r in rows)
trsc = sum(r["rsc"] for r in rows)
print(f"| **total** | {tf} | {tff:.2f} | {trs:.2f} | {tf / trs:.0f} | {ratio:.2f} | {mib(peak):.0f} "
      f"| {tffc:.2f} | {trsc:.2f} |")
print()
ok_ratio, ok_rss = ratio >= 0.8, mib(peak) <= 512
print(f"bar: total ratio {ratio:.2f} >= 0.8: {'yes' if ok_ratio else 'NO'}; "
      f"peak RSS {mib(peak):.0f} MiB <= 512 MiB: {'yes' if ok_rss else 'NO'} "
      f"(median of {repeat} runs each, {os.cpu_count()} cores, "
      f"1-min load average at the end {os.getloadavg()[0]:.1f})")
if strict and not (ok_ratio and ok_rss):
    sys.exit(1)
PY
