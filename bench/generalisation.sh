#!/usr/bin/env bash
# Held-out check of shot-boundary detection (issue 3): five programmes in legacy
# codecs (DV, WMV, ProRes, FLV, MPEG-1) built from real footage that was not the
# tuning set, then `reelscale run` + `reelscale eval`.
#
#   bench/generalisation.sh            # binary build/reelscale
#   REELSCALE_BINARY=/tmp/build/reelscale bench/generalisation.sh
#   bench/generalisation.sh -v         # extra arguments go to `reelscale eval` (-v, --json)
#
# environment:
#   REELSCALE_BINARY          reelscale to measure (default build/reelscale)
#   REELSCALE_GEN_DIR         cache dir (default /tmp/reelscale-generalisation); holds
#                             corpus/ (programmes + *.truth.json), out/ (run output),
#                             sources/ (Debian packages and their extracted files),
#                             builder/ (the copy of the builder that is run)
#   REELSCALE_GEN_SOURCES     sources cache (default $REELSCALE_GEN_DIR/sources)
#   REELSCALE_SHARED_CORPUS   builder folder (default ../shared/corpus next to the repo)
#   REELSCALE_GEN_REBUILD=1   rebuild the programmes even if they are up to date
#
# The corpus is rebuilt only when the spec, the source list or the builder changed
# (their checksum is kept in corpus/.stamp); the run output is always made afresh.
# Sources come from Debian packages (`apt-get download`, `dpkg-deb -x`): see
# bench/generalisation/README.md.
#
# The builder is ../shared/corpus/make_corpus.py, unchanged except for one line: it
# reads its source list from its own folder and knows one wipe (wipeleft), so this
# script copies it into builder/ next to the merged source list (shared + ours) and
# lets a join name its ffmpeg xfade pattern ("xfade": "wipeup").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/bench/generalisation"
BIN="${REELSCALE_BINARY:-$ROOT/build/reelscale}"
GEN="${REELSCALE_GEN_DIR:-/tmp/reelscale-generalisation}"
SRC_CACHE="${REELSCALE_GEN_SOURCES:-$GEN/sources}"
SHARED="${REELSCALE_SHARED_CORPUS:-$ROOT/../shared/corpus}"

[[ -x "$BIN" ]] || { echo "generalisation: no reelscale binary at $BIN (scripts/build.sh reelscale)" >&2; exit 2; }
[[ -f "$SHARED/make_corpus.py" ]] || { echo "generalisation: no builder $SHARED/make_corpus.py" >&2; exit 2; }
for t in ffmpeg ffprobe python3 apt-get dpkg-deb; do
  command -v "$t" >/dev/null || { echo "generalisation: $t not found (scripts/setup.sh)" >&2; exit 2; }
done

mkdir -p "$GEN/builder" "$SRC_CACHE"
# the builder, with joins allowed to name their xfade transition
python3 - "$SHARED/make_corpus.py" "$GEN/builder/make_corpus.py" <<'PY'
import sys
src = open(sys.argv[1]).read()
old = 'xf = {"dissolve": "fade", "fadeblack": "fadeblack", "wipe": "wipeleft"}[j["type"]]'
if src.count(old) != 1:
    sys.exit("generalisation: make_corpus.py changed; cannot add the 'xfade' join key")
src = src.replace(old, 'xf = j.get("xfade") or ' + old[len("xf = "):])
open(sys.argv[2], "w").write(src)
PY
# the source list: shared sources plus the new ones (a key may not be redefined)
python3 - "$SHARED/sources.json" "$HERE/sources.json" "$GEN/builder/sources.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
dup = set(a) & set(b)
if dup:
    sys.exit(f"generalisation: source keys defined twice: {sorted(dup)}")
a.update(b)
json.dump(a, open(sys.argv[3], "w"), indent=1)
PY

# a gradual join longer than the piece it enters never ends: ffmpeg's xfade waits for
# frames that do not come. Refuse such a spec instead of hanging.
python3 - "$HERE/spec.json" <<'PY'
import json, sys
bad = []
for p in json.load(open(sys.argv[1]))["programmes"]:
    items = p["items"]
    grad = [0 if it.get("join", {"type": "cut"})["type"] == "cut" else it["join"]["frames"] for it in items]
    for i, it in enumerate(items):
        clean = it["frames"] - (grad[i - 1] if i else 0) - grad[i]
        if clean < 1:
            bad.append(f"{p['name']} item {i} ({it.get('src', 'slate')}): {clean} frames outside its transitions")
if bad:
    sys.exit("generalisation: spec error\n  " + "\n  ".join(bad))
PY

stamp="$(cat "$HERE/spec.json" "$GEN/builder/sources.json" "$GEN/builder/make_corpus.py" | sha256sum | cut -d' ' -f1)"
if [[ "${REELSCALE_GEN_REBUILD:-0}" != 1 && -f "$GEN/corpus/.stamp" && "$(cat "$GEN/corpus/.stamp")" == "$stamp" ]]; then
  echo "generalisation: corpus $GEN/corpus is up to date" >&2
else
  echo "generalisation: building the held-out corpus into $GEN/corpus" >&2
  rm -rf "$GEN/corpus.new"
  python3 "$GEN/builder/make_corpus.py" "$HERE/spec.json" "$GEN/corpus.new" --cache "$SRC_CACHE" >&2
  echo "$stamp" >"$GEN/corpus.new/.stamp"
  rm -rf "$GEN/corpus"
  mv "$GEN/corpus.new" "$GEN/corpus"
fi

rm -rf "$GEN/out"
echo "generalisation: $BIN run --input $GEN/corpus --out $GEN/out --no-audio --no-index" >&2
"$BIN" run --input "$GEN/corpus" --out "$GEN/out" --no-audio --no-index >"$GEN/run.log" 2>&1 \
  || { echo "generalisation: reelscale run failed, see $GEN/run.log" >&2; tail -20 "$GEN/run.log" >&2; exit 1; }
"$BIN" eval --truth "$GEN/corpus" --out "$GEN/out" "$@"
