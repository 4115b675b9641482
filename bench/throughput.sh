#!/usr/bin/env bash
# Throughput of `reelscale run` against a bare `ffmpeg` decode, measured in the
# same run on each corpus programme (each file with a <name>.truth.json).
#
#   bench/throughput.sh                 # corpus ../shared/corpus/dev, binary build/reelscale
#   REELSCALE_CORPUS=/path/dev REELSCALE_BINARY=/path/reelscale bench/throughput.sh
#   REELSCALE_BENCH_REPEAT=5 bench/throughput.sh
#   REELSCALE_BENCH_SET=long REELSCALE_BENCH_DECODE=fast bench/throughput.sh
#
# Sets (REELSCALE_BENCH_SET, default "dev long"): dev = the corpus programmes;
# long = four long inputs the script builds itself (once, into REELSCALE_BENCH_CACHE,
# default ${XDG_CACHE_HOME:-~/.cache}/reelscale-throughput, outside the repository):
#   mpeg2_sd_10min.mpg   ffmpeg -stream_loop 11 -i newsreel_mpeg2.mpg -c copy        (614 s, 720x576)
#   h264_1080p_60s.mp4   broadcast_ts.ts (960x540), first 60 s, scale=1920:1080,
#                        libx264 -preset veryfast -crf 20, AAC 128k
#   dv_sd_10min.dv       newsreel looped to 600 s, -target pal-dv (DV25, PCM)
#   mpeg4_asp_10min.avi  newsreel looped to 600 s, mpeg4 (ASP, XVID tag) -q:v 4, MP3 128k
# REELSCALE_BENCH_DECODE=fast adds `--decode fast` to every reelscale run.
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
# REELSCALE_BENCH_STRICT=1, also exit 1 when issue 16's bar is missed (every per-input ratio >= 1.0,
# >= 1.5 with --decode fast; peak RSS <= 512 MiB).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${REELSCALE_CORPUS:-$ROOT/../shared/corpus/dev}"
BIN="${REELSCALE_BINARY:-$ROOT/build/reelscale}"
REPEAT="${REELSCALE_BENCH_REPEAT:-3}"
SETS="${REELSCALE_BENCH_SET:-dev long}"
CACHE="${REELSCALE_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/reelscale-throughput}"
DECODE="${REELSCALE_BENCH_DECODE:-full}"

if [[ ! -x "$BIN" ]]; then
  echo "throughput: no reelscale binary at $BIN (build it: scripts/build.sh reelscale)" >&2
  exit 2
fi
if [[ ! -d "$CORPUS" ]]; then
  echo "throughput: no corpus folder $CORPUS (set REELSCALE_CORPUS)" >&2
  exit 2
fi
command -v ffmpeg >/dev/null || { echo "throughput: ffmpeg not found (scripts/setup.sh)" >&2; exit 2; }

# The long inputs, built once (each build is skipped when its file exists).
build_long() {  # build_long NAME ffmpeg-arguments...
  local out="$CACHE/$1"; shift
  [[ -s "$out" ]] && return 0
  echo "throughput: building $out" >&2
  ffmpeg -nostdin -loglevel error -y "$@" "$out.tmp.${out##*.}" && mv "$out.tmp.${out##*.}" "$out"
}
if [[ " $SETS " == *" long "* ]]; then
  mkdir -p "$CACHE"
  news="$CORPUS/newsreel_mpeg2.mpg"
  mp3=(-c:a libmp3lame -b:a 128k)
  ffmpeg -hide_banner -encoders 2>/dev/null | grep -q libmp3lame || mp3=(-c:a mp2 -b:a 192k)
  build_long mpeg2_sd_10min.mpg -stream_loop 11 -i "$news" -c copy
  build_long h264_1080p_60s.mp4 -i "$CORPUS/broadcast_ts.ts" -t 60 -vf scale=1920:1080 -c:v libx264 \
    -preset veryfast -crf 20 -pix_fmt yuv420p -c:a aac -b:a 128k
  build_long dv_sd_10min.dv -stream_loop 11 -i "$news" -t 600 -target pal-dv
  build_long mpeg4_asp_10min.avi -stream_loop 11 -i "$news" -t 600 -c:v mpeg4 -vtag XVID -q:v 4 "${mp3[@]}"
fi

exec python3 - "$CORPUS" "$BIN" "$REPEAT" "$SETS" "$CACHE" "$DECODE" <<'PY'
import glob, json, os, resource, shutil, statistics, subprocess, sys, tempfile, time

corpus, binary, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
sets, cache, decode = sys.argv[4].split(), sys.argv[5], sys.argv[6]
LONG = ["mpeg2_sd_10min.mpg", "h264_1080p_60s.mp4", "dv_sd_10min.dv", "mpeg4_asp_10min.avi"]
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

programmes = []  # (set, path, truth frames or None)
if "dev" in sets:
    for truth_path in sorted(glob.glob(os.path.join(corpus, "*.truth.json"))):
        truth = json.load(open(truth_path))
        programmes.append(("dev", os.path.join(corpus, truth["video"]), truth["frames"]))
if "long" in sets:
    programmes += [("long", os.path.join(cache, n), None) for n in LONG]
if not programmes:
    sys.exit(f"throughput: no *.truth.json in {corpus}")
print(f"start: 1-min load average {os.getloadavg()[0]:.1f}; reelscale run --decode {decode}; "
      f"ffmpeg -nostdin -loglevel error -threads 2 -i F -f null -  |  reelscale run --input F --out TMP"
      f"{' --decode fast' if decode == 'fast' else ''}; interleaved, median of {repeat}")
print()

rows = []
scratch = tempfile.mkdtemp(prefix="reelscale-bench-")
try:
    for group, path, truth_frames in programmes:
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
            w, m, c = measure([binary, "run", "--input", path, "--out", out]
                              + (["--decode", "fast"] if decode == "fast" else []))
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
        rows.append(dict(group=group, name=os.path.basename(path), frames=frames, truth=truth_frames,
                         ff=statistics.median(ff), rs=statistics.median(rs), rss=max(rss),
                         ffc=statistics.median(ffc), rsc=statistics.median(rsc)))
finally:
    shutil.rmtree(scratch, ignore_errors=True)

def mib(kib):
    return kib / 1024.0

def table(rows, label):
    print(f"| file | frames | ffmpeg s | reelscale s | reelscale frames/s | ratio ffmpeg/reelscale "
          f"| peak RSS MiB | ffmpeg CPU s | reelscale CPU s | CPU ratio ffmpeg/reelscale |")
    print(f"|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        mark = "" if r["truth"] is None or r["frames"] == r["truth"] else f" (truth {r['truth']})"
        print(f"| {r['name']} | {r['frames']}{mark} | {r['ff']:.2f} | {r['rs']:.2f} | "
              f"{r['frames'] / r['rs']:.0f} | {r['ff'] / r['rs']:.2f} | {mib(r['rss']):.0f} | "
              f"{r['ffc']:.2f} | {r['rsc']:.2f} | {r['ffc'] / r['rsc']:.2f} |")
    tf = sum(r["frames"] for r in rows)
    tff = sum(r["ff"] for r in rows)
    trs = sum(r["rs"] for r in rows)
    peak = max(r["rss"] for r in rows)
    tffc = sum(r["ffc"] for r in rows)
    trsc = sum(r["rsc"] for r in rows)
    print(f"| **total {label}** | {tf} | {tff:.2f} | {trs:.2f} | {tf / trs:.0f} | {tff / trs:.2f} | {mib(peak):.0f} "
          f"| {tffc:.2f} | {trsc:.2f} | {tffc / trsc:.2f} |")
    print()
    return tff / trs, mib(peak), min(r["ff"] / r["rs"] for r in rows)

ok = True
for g in ["dev", "long"]:
    sub = [r for r in rows if r["group"] == g]
    if not sub:
        continue
    ratio, peak, worst = table(sub, g)
    bar = 1.5 if decode == "fast" else 1.0
    ok = ok and worst >= bar and peak <= 512
    print(f"{g}: total ratio {ratio:.2f}, lowest per-input ratio {worst:.2f} (issue 16 bar >= {bar}: "
          f"{'yes' if worst >= bar else 'NO'}); peak RSS {peak:.0f} MiB <= 512 MiB: {'yes' if peak <= 512 else 'NO'}")
    print()
print(f"(median of {repeat} runs each, {os.cpu_count()} cores, "
      f"1-min load average at the end {os.getloadavg()[0]:.1f})")
ok_ratio = ok_rss = ok
if strict and not (ok_ratio and ok_rss):
    sys.exit(1)
PY
