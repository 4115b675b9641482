#!/usr/bin/env bash
# The plain tesseract CLI on corpus/ocr, for comparison with reelscale_ocr_bench:
# language from the truth's `lang` (ar -> ara, en -> eng, ar+en -> ara+eng) and page
# mode from its `kind` (scene_word 8, document_line 7, scene_photo/video_frame 11 sparse
# text, document_page 3). Writes {"images/001.png": ["line", ...], ...} to $2.
#   tesseract_cli_baseline.sh ../shared/corpus/ocr /tmp/cli.json
#   reelscale_ocr_bench --corpus ../shared/corpus/ocr --predictions /tmp/cli.json
set -euo pipefail
corpus="$1"; out="$2"
/usr/bin/python3 - "$corpus" "$out" <<'PY'
import json, subprocess, sys
corpus, out = sys.argv[1], sys.argv[2]
lang = {"ar": "ara", "en": "eng", "ar+en": "ara+eng"}
psm = {"scene_word": 8, "document_line": 7, "scene_photo": 11, "video_frame": 11, "document_page": 3}
pred = {}
for t in json.load(open(f"{corpus}/truth.json")):
    r = subprocess.run(["tesseract", f"{corpus}/{t['file']}", "-", "-l", lang[t["lang"]],
                        "--psm", str(psm[t["kind"]])], capture_output=True, text=True)
    pred[t["file"]] = [l for l in r.stdout.splitlines() if l.strip()]
json.dump(pred, open(out, "w"), ensure_ascii=False, indent=1)
PY
