#!/usr/bin/env python3
"""Reused-segment precision/recall of `reelscale duplicates --json` against the corpus truth.

Usage: bench/bench_duplicates_eval.py DUPLICATES_JSON CORPUS_DIR [--tolerance 0.5] [--min-seconds 2]
       [--verbose] [--scores]

Truth pairs: two segments of different programmes with the same `src` (not `slate`) whose
source time overlaps by >= MIN_SECONDS show the same footage; the overlap maps to an
interval of each programme (seconds from its first decoded frame) and an offset
(b time - a time). Detected pairs (programme times: PTS minus the asset's start_s) are
matched with offsets within TOLERANCE seconds:
  precision = detected pairs with >= 50 % of their length inside consistent truth pairs / detected
  recall    = truth pairs with >= 50 % of their length covered by consistent detections / truth
Programmes are matched to assets by file stem; assets with no truth file are ignored.

--sources SOURCES_JSON --cache DIR (the corpus tool's sources.json and cache): audit the
truth first. A piece whose source does not decode cleanly from its start time (ffmpeg
`-ss START -i SRC` reports video decode errors: the corpus tool seeks there, so the piece
shows decoder garbage, not the footage its truth names; e.g. cockatoo.mp4 from 3.8 s on,
whose later key frames are not clean entry points) is left out: no truth pair is made of
it, and a detection with >= 50 % of its length on such a piece (either side) is neither a
true nor a false positive. The figures with and without the audit are both printed.
"""
import argparse
import json
import os
from fractions import Fraction
from itertools import combinations


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("dup_json")
    ap.add_argument("corpus")
    ap.add_argument("--tolerance", type=float, default=0.5)
    ap.add_argument("--min-seconds", type=float, default=2.0)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--sources", help="the corpus tool's sources.json (with --cache: audit the truth)")
    ap.add_argument("--cache", help="the corpus tool's cache folder (x/<package>/<path>)")
    ap.add_argument("--scores", action="store_true",
                    help="print every detection: TP/FP, score, motion Jaccard, length (s)")
    return ap.parse_args()


def truth_pieces(corpus):
    out = {}
    for f in sorted(os.listdir(corpus)):
        if not f.endswith(".truth.json"):
            continue
        t = json.load(open(os.path.join(corpus, f)))
        fps = float(Fraction(t["fps"]))
        out[f[: -len(".truth.json")]] = [
            (s["src"], s["src_start_s"], s["start"] / fps, s["frames"] / fps)
            for s in t["segments"] if s["src"] != "slate"]
    return out


def undecodable(pieces, sources, cache):
    """{(programme, piece index)} whose source does not decode cleanly when seeked to."""
    import subprocess
    src = json.load(open(sources))
    seen, bad = {}, set()
    for prog, ps in pieces.items():
        for i, (s, start, _, _) in enumerate(ps):
            key = (s, start)
            if key not in seen:
                path = os.path.join(cache, "x", src[s]["package"], src[s]["path"])
                r = subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{start:.4f}", "-i", path, "-map", "0:v:0",
                                    "-frames:v", "25", "-f", "null", "-"], capture_output=True, text=True)
                seen[key] = r.returncode != 0 or "error while decoding" in r.stderr or "decode_slice" in r.stderr
            if seen[key]:
                bad.add((prog, i))
    return bad


def truth_pairs(pieces, min_s):
    pairs = []  # (pa, pb, a0, a1, offset)
    for pa, pb in combinations(sorted(pieces), 2):
        for (sa, ss_a, pa0, la) in pieces[pa]:
            for (sb, ss_b, pb0, lb) in pieces[pb]:
                if sa != sb:
                    continue
                o0, o1 = max(ss_a, ss_b), min(ss_a + la, ss_b + lb)
                if o1 - o0 < min_s - 1e-9:
                    continue
                a0 = pa0 + (o0 - ss_a)
                b0 = pb0 + (o0 - ss_b)
                pairs.append((pa, pb, a0, a0 + (o1 - o0), b0 - a0))
    return pairs


def covered(a0, a1, intervals):
    """Length of [a0, a1) covered by the union of intervals."""
    segs = sorted((max(a0, s), min(a1, e)) for s, e in intervals if min(a1, e) > max(a0, s))
    total, cur_s, cur_e = 0.0, None, None
    for s, e in segs:
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        total += cur_e - cur_s
    return total


def detections(dup, names, min_s):
    assets = {a["id"]: a for a in dup["assets"]}
    stem = {i: os.path.splitext(os.path.basename(a["path"]))[0] for i, a in assets.items()}
    out = []
    for s in dup["segments"]:
        pa, pb = stem[s["a"]], stem[s["b"]]
        if pa not in names or pb not in names or pa == pb:
            continue
        a0 = s["a_start_s"] - assets[s["a"]]["start_s"]
        a1 = s["a_end_s"] - assets[s["a"]]["start_s"]
        b0 = s["b_start_s"] - assets[s["b"]]["start_s"]
        if a1 - a0 < min_s - 1e-9:
            continue
        if pa > pb:  # normalise to programme-name order
            b1 = s["b_end_s"] - assets[s["b"]]["start_s"]
            pa, pb, a0, a1, b0 = pb, pa, b0, b1, a0
        out.append((pa, pb, a0, a1, b0 - a0, s["score"], s.get("motion_jaccard", -1)))
    return out


def on_pieces(prog, a0, a1, ps, which):
    """True when >= 50 % of [a0, a1) of programme `prog` lies on pieces with index in `which`."""
    return covered(a0, a1, [(p0, p0 + ln) for i, (_, _, p0, ln) in enumerate(ps) if i in which]) >= 0.5 * (a1 - a0)


def main():
    args = parse_args()
    pieces = truth_pieces(args.corpus)
    dets = detections(json.load(open(args.dup_json)), set(pieces), args.min_seconds)
    if args.sources and args.cache:
        bad = undecodable(pieces, args.sources, args.cache)
        for prog, i in sorted(bad):
            print(f"audit: {prog} piece {i} ({pieces[prog][i][0]} from {pieces[prog][i][1]} s) does not decode "
                  "cleanly from its start: left out")
        print("without the audit:", end=" ")
        score(args, pieces, truth_pairs(pieces, args.min_seconds), dets, quiet=True)
        mine = lambda prog: {i for (p, i) in bad if p == prog}
        dets = [d for d in dets if not on_pieces(d[0], d[2], d[3], pieces[d[0]], mine(d[0])) and
                not on_pieces(d[1], d[2] + d[4], d[3] + d[4], pieces[d[1]], mine(d[1]))]
        pieces = {prog: [p for i, p in enumerate(ps) if (prog, i) not in bad] for prog, ps in pieces.items()}
    score(args, pieces, truth_pairs(pieces, args.min_seconds), dets)


def score(args, pieces, truth, dets, quiet=False):
    tol = args.tolerance

    def consistent(x, pool):
        return [(p[2], p[3]) for p in pool if p[0] == x[0] and p[1] == x[1] and abs(p[4] - x[4]) <= tol]

    tp_det = [d for d in dets if covered(d[2], d[3], consistent(d, truth)) >= 0.5 * (d[3] - d[2])]
    tp_truth = [t for t in truth if covered(t[2], t[3], consistent(t, dets)) >= 0.5 * (t[3] - t[2])]
    def src_at(prog, t):
        return {src for (src, _, p0, ln) in pieces[prog] if p0 <= t < p0 + ln}

    # Diagnostic: false positives whose two sides show the same source clip (at another
    # source time: static footage such as a fixed camera or a screencast).
    fp = [d for d in dets if d not in tp_det]
    fp_same_src = [d for d in fp if src_at(d[0], (d[2] + d[3]) / 2) & src_at(d[1], (d[2] + d[3]) / 2 + d[4])]
    p = len(tp_det) / len(dets) if dets else 0.0
    r = len(tp_truth) / len(truth) if truth else 0.0
    if args.scores and not quiet:
        for d in dets:
            print("TP" if d in tp_det else "FP", f"{d[5]:.3f} {d[6]:.3f} {d[3] - d[2]:.1f}", d[0], d[1])
    if args.verbose and not quiet:
        for d in dets:
            if d not in tp_det:
                print("FP", d)
        for t in truth:
            if t not in tp_truth:
                print("FN", t)
    print(json.dumps({"truth_pairs": len(truth), "detected_pairs": len(dets),
                      "precision": round(p, 4), "recall": round(r, 4),
                      "false_positives": len(fp), "fp_same_source_clip": len(fp_same_src),
                      "tolerance_s": tol, "min_seconds": args.min_seconds, "audited": bool(args.sources and args.cache)
                      and not quiet}))


if __name__ == "__main__":
    main()
