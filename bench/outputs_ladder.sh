#!/usr/bin/env bash
# Issue 14: full analysis + a 3-rung H.264/AAC ladder in ONE `reelscale run --outputs`
# (one decode feeds analysis and encoders; plus thumbnails and preview) against ONE
# ffmpeg command making the same 3 rungs (-filter_complex split + three outputs) with
# the same encoder settings, same files, same run, alternating.
#
#   bench/outputs_ladder.sh            # documentary_h264.mp4 + broadcast_ts.ts of ../shared/corpus/dev
#   REELSCALE_BENCH_FILES="a.mp4 b.ts" REELSCALE_BENCH_REPEAT=3 bench/outputs_ladder.sh
#
# Rungs per file: source height H, 2/3 H, 1/2 H (even), so every file gets 3 rungs
# without upscaling (the dev corpus has no 1080p source). Encoder settings on both
# sides: libx264 -preset veryfast -crf 23 -g <2 s> -x264-params scenecut=0, AAC 128 kb/s
# 48 kHz stereo, MP4 +faststart. reelscale also forces IDRs at cuts and normalises the
# audio (two-pass, its own audio-only first pass); the ffmpeg command encodes audio
# without normalisation (one pass cannot do two-pass loudnorm) - ffmpeg does less work.
# Prints a markdown table: median wall s, ratio ffmpeg/reelscale (>= 1: reelscale is as
# fast), peak RSS MiB of each side (ru_maxrss of the child), CPU s.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${REELSCALE_CORPUS:-$ROOT/../shared/corpus/dev}"
BIN="${REELSCALE_BINARY:-$ROOT/build/reelscale}"
REPEAT="${REELSCALE_BENCH_REPEAT:-3}"
FILES="${REELSCALE_BENCH_FILES:-$CORPUS/documentary_h264.mp4 $CORPUS/broadcast_ts.ts}"
[[ -x "$BIN" ]] || { echo "outputs_ladder: no reelscale binary at $BIN" >&2; exit 2; }
exec python3 - "$BIN" "$REPEAT" $FILES <<'PY'
import json, os, shutil, statistics, subprocess, sys, tempfile, glob
binary, repeat, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def measure(cmd):
    probe = ("import resource,subprocess,sys,time;t=time.perf_counter();"
             "r=subprocess.run(sys.argv[1:],stdin=subprocess.DEVNULL,stdout=subprocess.DEVNULL,"
             "stderr=subprocess.PIPE);w=time.perf_counter()-t;"
             "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
             "sys.stderr.buffer.write(r.stderr[-2000:]);"
             "print(w,u.ru_maxrss,u.ru_utime+u.ru_stime,r.returncode)")
    p = subprocess.run([sys.executable, "-c", probe] + cmd, capture_output=True, text=True)
    wall, rss, cpu, rc = p.stdout.split()
    if int(rc) != 0:
        sys.exit(f"outputs_ladder: {' '.join(cmd)} exited {rc}:\n{p.stderr}")
    return float(wall), int(rss), float(cpu)

def probe_video(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=height,avg_frame_rate", "-of", "json", path], capture_output=True, text=True).stdout
    s = json.loads(out)["streams"][0]
    n, d = s["avg_frame_rate"].split("/")
    return int(s["height"]), float(n) / float(d)

rows = []
scratch = tempfile.mkdtemp(prefix="reelscale-outbench-")
try:
    for path in files:
        h, fps = probe_video(path)
        ev = lambda x: max(2, int(round(x / 2.0)) * 2)
        heights = [ev(h), ev(h * 2 / 3), ev(h / 2)]
        gop = max(1, round(2 * fps))
        job = os.path.join(scratch, "job.json")
        json.dump({"outputs": {"rungs": heights, "crf": 23, "preset": "veryfast", "gop_s": 2}}, open(job, "w"))
        split = f"[0:v]split=3" + "".join(f"[s{i}]" for i in range(3)) + ";" + ";".join(
            f"[s{i}]scale=-2:{hh}:flags=bicubic,format=yuv420p[v{i}]" for i, hh in enumerate(heights))
        ff_cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", path, "-filter_complex", split]
        for i, hh in enumerate(heights):
            ff_cmd += ["-map", f"[v{i}]", "-map", "0:a:0?", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
                       "-g", str(gop), "-x264-params", "scenecut=0", "-c:a", "aac", "-b:a", "128k", "-ar", "48000",
                       "-ac", "2", "-movflags", "+faststart", os.path.join(scratch, f"ff_{hh}.mp4")]
        with open(path, "rb") as f:
            while f.read(1 << 22):
                pass
        ff, rs, ffm, rsm, ffc, rsc = [], [], [], [], [], []
        for i in range(repeat):
            w, m, c = measure(ff_cmd)
            ff.append(w); ffm.append(m); ffc.append(c)
            out = os.path.join(scratch, f"out{i}")
            shutil.rmtree(out, ignore_errors=True)
            w, m, c = measure([binary, "run", "--input", path, "--out", out, "--job", job, "--outputs"])
            rs.append(w); rsm.append(m); rsc.append(c)
            made = glob.glob(os.path.join(out, "outputs", "*", "rendition_*.mp4"))
            if len(made) != 3:
                sys.exit(f"outputs_ladder: expected 3 renditions in {out}, found {len(made)}")
        rows.append(dict(name=os.path.basename(path), rungs="/".join(map(str, heights)), ff=statistics.median(ff),
                         rs=statistics.median(rs), ffm=max(ffm), rsm=max(rsm), ffc=statistics.median(ffc),
                         rsc=statistics.median(rsc)))
finally:
    shutil.rmtree(scratch, ignore_errors=True)

print("| file | rungs | ffmpeg s | reelscale s | ratio ffmpeg/reelscale | ffmpeg RSS MiB | reelscale RSS MiB | ffmpeg CPU s | reelscale CPU s |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['name']} | {r['rungs']} | {r['ff']:.2f} | {r['rs']:.2f} | {r['ff'] / r['rs']:.2f} | {r['ffm'] / 1024:.0f} | "
          f"{r['rsm'] / 1024:.0f} | {r['ffc']:.2f} | {r['rsc']:.2f} |")
tff, trs = sum(r["ff"] for r in rows), sum(r["rs"] for r in rows)
print(f"| **total** | | {tff:.2f} | {trs:.2f} | {tff / trs:.2f} | {max(r['ffm'] for r in rows) / 1024:.0f} | "
      f"{max(r['rsm'] for r in rows) / 1024:.0f} | {sum(r['ffc'] for r in rows):.2f} | {sum(r['rsc'] for r in rows):.2f} |")
PY
