#!/usr/bin/env python3
"""Writes heldout-spec.json: held-out programmes for commercial breaks, insertion points
and scenes (issue 15), in the long-form builder's spec format
(../../../shared/corpus/longform/make_corpus.py).

Pieces are drawn (seeded) from the long-form spec's own segments, whose source offsets
are known to lie inside one source shot, and put in new orders, scenes, codecs, rates,
music beds (tracks the long-form programmes do not use) and breaks:
  ho_news_ts    H.264 + AAC in MPEG-TS, 960x540, 30000/1001; break 1: 3 spots, the
                middle slate a mains hum at -45 dBFS RMS (not silent); break 2: 3 spots
                with no inner slates (only its first and last slate); a silent black gap
                between two scenes that is no break. bench/longform.sh delays the audio
                of this programme by 0.2 s after building (black and silence offset).
(film() describes a second programme, ho_film_avi, not built this round for lack of CPU time.)
Usage: make_heldout_spec.py LONGFORM_SPEC OUT_SPEC
"""
import json, random, sys

lf = json.load(open(sys.argv[1]))
pool = [it for p in lf["programmes"] for it in p["items"] if it["kind"] == "seg" and "join" not in it]
by_src = {}
for it in pool:
    by_src.setdefault(it["src"], []).append(it)
rng = random.Random(20261202)


def seg(src, frames, scene, **extra):
    it = rng.choice(by_src[src])
    d = {"kind": "seg", "src": src, "start": it["start"], "frames": min(frames, it["frames"]), "scene": scene}
    d.update(extra)
    return d


def scene(label, srcs, seconds, fps, first_join=None):
    """An alternation of `srcs` lasting about `seconds`."""
    out, total, k = [], 0, 0
    while total < seconds * fps:
        s = srcs[k % len(srcs)]
        it = seg(s, rng.randint(int(2.5 * fps), int(6 * fps)), label)
        out.append(it)
        total += it["frames"]
        k += 1
    if first_join:
        out[0]["join"] = first_join
    return out


def slate(frames, brk, hum=None):
    d = {"kind": "slate", "frames": frames, "scene": None}
    if brk:
        d["break"] = True
    if hum:
        d["hum"] = hum
    return d


def spot(label, srcs, seconds, fps, sid=None):
    items = scene(label, srcs, seconds, fps)
    for it in items:
        it["break"] = True
        it["spot_id"] = sid or label
    return items


def news():
    fps = 30000 / 1001
    it = []
    it += scene("n1", ["vtest", "tree"], 50, fps)
    it += scene("n2", ["diver", "hello"], 40, fps)
    it += scene("n3", ["city", "balle"], 45, fps, {"type": "dissolve", "frames": 20})
    it += [slate(15, True)] + spot("s1", ["launch", "balle"], 12, fps) + [slate(12, True, {"rms_dbfs": -45, "freq": 50})]
    it += spot("s2", ["megamind", "cockatoo"], 15, fps) + [slate(12, True)] + spot("s3", ["launch", "diver"], 10, fps)
    it += [slate(15, True)]
    it += scene("n4", ["cockatoo", "vtest"], 25, fps)
    it += [slate(30, False)]
    it += scene("n5", ["tree", "megamind"], 25, fps, {"type": "fadeblack", "frames": 30})
    it += [slate(15, True)] + spot("s4", ["city", "launch"], 12, fps) + spot("s5", ["tree", "megamind"], 12, fps)
    it += spot("s6", ["hello", "vtest"], 12, fps) + [slate(15, True)]
    it += scene("n7", ["hello", "cockatoo"], 25, fps)
    beds = {"n1": "sg_nebula", "n2": "sg_inevitable", "n3": "sg_media_threat", "n4": "sg_orbital_elevator",
            "n5": "sg_through_space", "n7": "pb_music004"}
    ads = {"s1": ("hr_graveyard", -16), "s2": ("hr_icyland", -18), "s3": ("hr_mirror", -16),
           "s4": ("hr_motion", -16), "s5": ("hr_rlyeh", -18), "s6": ("hr_domina_hunting", -16)}
    scenes = {k: {"audio": v, "astart": 5, "lufs": -23} for k, v in beds.items()}
    scenes.update({k: {"audio": v, "astart": 2, "lufs": l} for k, (v, l) in ads.items()})
    return {"name": "ho_news_ts", "note": "held-out broadcast: 2 breaks (hum slate; no inner slates), black gap",
            "container": "ts", "size": [960, 540], "fps": "30000/1001",
            "encode": ["-c:v", "libx264", "-preset", "veryfast", "-crf", "24", "-g", "60", "-c:a", "aac",
                       "-b:a", "128k", "-f", "mpegts"],
            "chunk": 40, "scenes": scenes, "items": it}


def film():
    fps = 25
    it = []
    it += scene("f1", ["launch", "city"], 40, fps)
    it += scene("f2", ["tree", "vtest"], 45, fps, {"type": "fadeblack", "frames": 30})
    it += scene("f3", ["cockatoo", "diver"], 40, fps)
    it += scene("f4", ["megamind", "hello"], 35, fps, {"type": "dissolve", "frames": 25})
    it += scene("f5", ["balle", "tree"], 45, fps, {"type": "fadeblack", "frames": 40})
    it += scene("f6", ["vtest", "diver"], 40, fps)
    beds = {"f1": "hr_laboratory", "f2": "pb_music005", "f3": "hr_domina_mountain", "f4": "hr_savino_palace",
            "f5": "descente", "f6": "hr_hell"}
    scenes = {k: {"audio": v, "astart": 3, "lufs": -21} for k, v in beds.items()}
    return {"name": "ho_film_avi", "note": "held-out film: no breaks, scenes by music change, fades, a dissolve",
            "container": "avi", "size": [640, 360], "fps": "25",
            "encode": ["-c:v", "mpeg4", "-vtag", "XVID", "-q:v", "4", "-g", "50", "-c:a", "libmp3lame",
                       "-b:a", "128k"],
            "chunk": 40, "scenes": scenes, "items": it}


spec = {"note": "held-out programmes for issue 15 (bench/longform/make_heldout_spec.py)",
        "sources_files": ["sources.json", "longform-sources.json"], "programmes": [news()], "bad": []}
json.dump(spec, open(sys.argv[2], "w"), indent=1)
