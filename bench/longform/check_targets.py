#!/usr/bin/env python3
"""Reads `reelscale eval --json` on stdin; exit 1 when an issue-15 target is missed:
commercial-break IoU >= 0.9 for every truth break, no false span, insertion-point
precision >= 0.9 and ladder recall >= 0.9 (files with a ladder), pooled scene F1 >= 0.85."""
import json, sys

j = json.load(sys.stdin)
ab = j["ad_breaks"]
b, ip = ab["breaks"], ab["insertion_points"]
bad = []
if b["truth"] and b["min_iou"] < 0.9:
    bad.append("break min IoU %.3f < 0.9" % b["min_iou"])
if b["false_spans"]:
    bad.append("%d false break spans" % b["false_spans"])
if ip["windows"] and ip["precision"] < 0.9:
    bad.append("insertion precision %.3f < 0.9" % ip["precision"])
if ip["windows"] and ip["recall"] < 0.9:
    bad.append("ladder recall %.3f < 0.9" % ip["recall"])
f1 = j["scenes"]["pooled"]["f1"]
if f1 < 0.85:
    bad.append("scene F1 %.3f < 0.85" % f1)
print("longform: targets " + ("met" if not bad else "MISSED: " + "; ".join(bad)), file=sys.stderr)
sys.exit(1 if bad else 0)
