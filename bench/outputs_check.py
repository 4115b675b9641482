#!/usr/bin/env python3
"""Checks every media output of a `reelscale run --outputs` against ffmpeg (issue 14).

    python3 bench/outputs_check.py OUT [--json]

For every asset of OUT with an `OUT/outputs/<id>/outputs.json` (and its sidecar for the
source path, frame count and duration), independently of reelscale's own code:

* renditions: H.264 + AAC 48 kHz stereo, the size the entry names, as many frames as the
  source (ffprobe -count_frames on both), SSIM >= 0.95 against the source scaled to the rung by
  ffmpeg (bicubic, the `ssim` filter over exactly the source's frame count, both streams
  on a common time origin; ffmpeg autorotates the source like the ladder),
  integrated loudness within +-0.5 LU of the target and true peak <= -1 dBTP (ffmpeg's
  `ebur128=peak=true`), when the source has audio;
* thumbnails: >= 10 for a programme of >= 30 s, none black (mean luma YAVG of ffmpeg's
  `signalstats` > 16 on the 8-bit scale, i.e. above video black);
* preview: no longer than its target (30 s) and present for every programme with shots; its
  first frame, located in the source by SSIM, is the first frame of one of the sidecar's shots
  and its last frame the last frame of one (a failure otherwise; the one exception is a
  programme of a single shot longer than the target, which the preview must cut inside).

Prints one line per check that fails and a summary; exit status 1 when any fails.
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

LUFS_TARGET, LU_TOL, TP_MAX, SSIM_MIN, PREVIEW_MAX_S = -23.0, 0.5, -1.0, 0.95, 30.0


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def probe(path, stream, entries):
    r = run(["ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", "stream=" + entries,
             "-of", "csv=p=0", str(path)])
    return r.stdout.strip()


def count_frames(path):
    out = run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
               "stream=nb_read_frames", "-of", "csv=p=0", str(path)]).stdout.strip()
    m = re.match(r"(\d+)", out)  # MPEG-PS prints "190," (an empty side-data column)
    return int(m.group(1)) if m else -1


def ssim(enc, src, w, h):
    """(mean SSIM, lowest per-frame SSIM, frames compared) of a rendition against its source.

    The ssim filter pairs frames by timestamp, not by index, so both streams are first put
    on a common origin (setpts=PTS-STARTPTS): a rendition starts its video at 0 while the
    source's video may start later than the file (longtake_vp8.webm: video at 3 ms, audio
    at 0). Without it every rendition frame was compared with the source frame before it
    (0.943 instead of 0.980 there; a lossless rendition scored 0.953 instead of 1.0).
    """
    with tempfile.NamedTemporaryFile(suffix=".ssim") as stats:
        lavfi = (f"[1:v]scale={w}:{h}:flags=bicubic,format=yuv420p,setpts=PTS-STARTPTS[r];"
                 f"[0:v]format=yuv420p,setpts=PTS-STARTPTS[d];[d][r]ssim=stats_file={stats.name}")
        r = run(["ffmpeg", "-nostdin", "-hide_banner", "-i", str(enc), "-i", str(src), "-lavfi", lavfi, "-f", "null",
                 "-"])
        frames = [float(x) for x in re.findall(r"All:([0-9.]+)", pathlib.Path(stats.name).read_text())]
    m = re.search(r"All:([0-9.]+)", r.stderr)
    return (float(m.group(1)) if m else -1.0), (min(frames) if frames else -1.0), len(frames)


def ebur128(path):
    r = run(["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0",
             "-af", "ebur128=peak=true", "-f", "null", "-"])
    tail = r.stderr[r.stderr.rfind("Summary:"):]
    i = re.search(r"I:\s+(-?[0-9.]+) LUFS", tail)
    p = re.search(r"Peak:\s+(-?[0-9.]+|-inf) dBFS", tail)
    return (float(i.group(1)) if i else float("nan"), float(p.group(1)) if p else float("nan"))


def ebur128_file(path):
    """Integrated loudness (LUFS) of a file's first audio stream; -70 when silent."""
    return ebur128(path)[0]


def mean_luma(path):
    r = run(["ffprobe", "-v", "error", "-f", "lavfi", f"movie={path},signalstats", "-show_entries",
             "frame_tags=lavfi.signalstats.YAVG", "-of", "csv=p=0"])
    vals = [float(x) for x in r.stdout.split() if x.strip()]
    return vals[0] if vals else -1.0


def ssim_curve(src, picture, w, h):
    """SSIM of one picture against every frame of the source (scaled to W x H by ffmpeg, bicubic)."""
    with tempfile.NamedTemporaryFile(suffix=".ssim") as stats:
        lavfi = (f"[0:v]scale={w}:{h}:flags=bicubic,format=yuv420p,setpts=PTS-STARTPTS[s];"
                 f"[1:v]format=yuv420p[p];[s][p]ssim=stats_file={stats.name}")
        run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(src), "-i", str(picture), "-lavfi", lavfi, "-f", "null", "-"])
        return [float(x) for x in re.findall(r"All:([0-9.]+)", pathlib.Path(stats.name).read_text())]


# Two source frames of one still shot differ by coding noise only (newsreel_mpeg2.mpg: 0.0002-0.0015).
SAME_PICTURE = 0.003


def at_shot_edge(vals, shots, edge):
    """(frame, ok): the source frame most like the picture, and whether the picture is as like
    (within SAME_PICTURE) the `edge` ("start" or "end") frame of that frame's shot."""
    if not vals:
        return -1, False
    best = max(range(len(vals)), key=vals.__getitem__)
    shot = next((sh for sh in shots if sh["start"] <= best <= sh["end"]), None)
    return best, bool(shot) and shot[edge] < len(vals) and vals[shot[edge]] >= vals[best] - SAME_PICTURE


def preview_ends(src, preview, shots, fail, name):
    """Whether the preview's first frame is the first frame of a shot (of the sidecar's shot
    list) and its last frame the last of a shot: each is located in the source by SSIM."""
    if not shots:
        return ""
    w, h = (int(x) for x in probe(preview, "v:0", "width,height").split(","))
    with tempfile.TemporaryDirectory() as tmp:
        first, last = pathlib.Path(tmp) / "first.png", pathlib.Path(tmp) / "last.png"
        run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(preview), "-frames:v", "1", str(first)])
        run(["ffmpeg", "-nostdin", "-v", "error", "-sseof", "-1", "-i", str(preview), "-update", "1", str(last)])
        i0, starts_ok = at_shot_edge(ssim_curve(src, first, w, h), shots, "start")
        i1, ends_ok = at_shot_edge(ssim_curve(src, last, w, h), shots, "end")
    if not starts_ok:
        fail(name, "preview", f"first frame is source frame {i0}, not its shot's first")
    # The one preview that cannot end on a shot boundary: a programme of a single shot
    # longer than the target (vtest.avi) is cut inside it.
    one_long_shot = len(shots) == 1 and shots[0]["end_s"] - shots[0]["start_s"] > PREVIEW_MAX_S
    if not ends_ok and not one_long_shot:
        fail(name, "preview", f"last frame is source frame {i1}, not its shot's last")
    return (f", starts at source frame {i0} ({'a shot start' if starts_ok else 'inside a shot'}), ends at {i1} "
            f"({'a shot end' if ends_ok else 'inside its single shot, longer than the target'})")


def check_asset(out, sidecar, entries, fail):
    src = pathlib.Path(sidecar["path"])
    name = src.name
    duration = sidecar.get("duration_s", 0.0)
    if not probe(src, "v:0", "codec_name") or sidecar.get("frames", 0) == 0:
        print(f"{name}: no video, no rendition expected")
        return
    frames = count_frames(src)  # ffprobe's decode of the source, not reelscale's own count
    has_audio = bool(probe(src, "a:0", "codec_name"))
    # A source with no block above EBU R128's absolute gate (-70 LUFS) is silent: no gain
    # can bring it to the target, and the ladder leaves it silent.
    silent = has_audio and not ebur128_file(src) > -70.0
    kinds = {}
    for e in entries:
        kinds.setdefault(e["kind"], []).append(e)
        f = out / e["path"]
        if not f.exists():
            fail(name, e["kind"], f"{e['path']} missing")
            continue
        if e["kind"] == "rendition":
            got = probe(f, "v:0", "codec_name,width,height")
            if got != f"h264,{e['width']},{e['height']}":
                fail(name, "rendition", f"{e['path']}: video {got}")
            n = count_frames(f)
            if n != frames:
                fail(name, "rendition", f"{e['path']}: {n} frames, source {frames}")
            s, s_min, compared = ssim(f, src, e["width"], e["height"])
            if s < SSIM_MIN:
                fail(name, "rendition", f"{e['path']}: SSIM {s:.4f} < {SSIM_MIN}")
            if compared != frames:
                fail(name, "rendition", f"{e['path']}: SSIM over {compared} frame pairs, source {frames}")
            line = (f"{name}: {e['path']} {e['width']}x{e['height']} frames {n}/{frames} SSIM {s:.4f} "
                    f"(lowest frame {s_min:.4f})")
            if has_audio:
                if probe(f, "a:0", "codec_name,sample_rate,channels") != "aac,48000,2":
                    fail(name, "rendition", f"{e['path']}: audio not AAC 48 kHz stereo")
                i, tp = ebur128(f)
                if silent:
                    line += " (source audio silent)"
                elif not abs(i - LUFS_TARGET) <= LU_TOL:
                    fail(name, "rendition", f"{e['path']}: {i} LUFS, target {LUFS_TARGET} +-{LU_TOL}")
                if not tp <= TP_MAX:
                    fail(name, "rendition", f"{e['path']}: true peak {tp} dBTP > {TP_MAX}")
                line += f" {i:.1f} LUFS {tp:.1f} dBTP"
            print(line)
        elif e["kind"] == "thumbnail":
            y = mean_luma(f)
            if y <= 16:
                fail(name, "thumbnail", f"{e['path']}: black (YAVG {y:.1f})")
        elif e["kind"] == "preview":
            d = float(run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                           str(f)]).stdout.strip() or "nan")
            if not d <= PREVIEW_MAX_S + 0.05:
                fail(name, "preview", f"{e['path']}: {d} s > {PREVIEW_MAX_S} s")
            print(f"{name}: preview {d:.2f} s" + preview_ends(src, f, sidecar.get("shots", []), fail, name))
    if not kinds.get("rendition"):
        fail(name, "rendition", "no rendition")
    thumbs = len(kinds.get("thumbnail", []))
    if duration >= 30 and thumbs < 10:
        fail(name, "thumbnail", f"{thumbs} thumbnails for {duration:.1f} s (>= 10 wanted)")
    if sidecar.get("shots") and not kinds.get("preview"):
        fail(name, "preview", "no preview")
    print(f"{name}: {len(kinds.get('rendition', []))} rungs, {thumbs} thumbnails")


def main():
    out = pathlib.Path(sys.argv[1])
    failures = []

    def fail(asset, kind, what):
        failures.append((asset, kind, what))
        print(f"FAIL {asset} [{kind}] {what}")

    checked = 0
    for listing in sorted((out / "outputs").glob("*/outputs.json")):
        aid = listing.parent.name
        side = out / "assets" / f"{aid}.json"
        if not side.exists():
            fail(aid, "sidecar", f"{side} missing")
            continue
        sidecar = json.loads(side.read_text())
        if sidecar.get("status") not in ("ok", "damaged"):
            continue
        check_asset(out, sidecar, json.loads(listing.read_text())["outputs"], fail)
        checked += 1
    print(f"summary: {checked} asset(s) checked, {len(failures)} failed check(s)")
    if "--json" in sys.argv:
        print(json.dumps({"assets": checked, "failures": failures}))
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
