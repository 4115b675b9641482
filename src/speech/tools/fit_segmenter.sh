#!/usr/bin/env bash
# Reproduces the segmenter's logistic-regression weights (audio_segments.cpp) and the
# leave-one-music-source-out figures in docs/speech.md. Needs asterisk-core-sounds-en-g722,
# ffmpeg, python3-numpy and the dev corpus. Usage: src/speech/tools/fit_segmenter.sh [WORKDIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
W="${1:-$(mktemp -d)}"; mkdir -p "$W"; cd "$W"
C="${REELSCALE_CORPUS:-$ROOT/../shared/corpus/dev}"
g++ -O2 -std=c++20 -I"$ROOT/src" -I"$ROOT/kernels/include" "$ROOT/src/speech/tools/speech_features_dump.cpp" \
  "$ROOT/src/speech/speech_features.cpp" "$ROOT/kernels/src/audio_bands.cpp" -o dump
D=/usr/share/asterisk/sounds/en_US_f_Allison
/usr/bin/python3 - "$D" <<'PY'
import gzip,os,sys
D=sys.argv[1]; rows=[]
for line in gzip.open('/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz','rt',errors='replace'):
    if line.startswith(';') or ':' not in line: continue
    k,t=line.split(':',1); k=k.strip(); t=t.strip()
    if t and not t.startswith('[') and os.path.exists(f'{D}/{k}.g722'): rows.append(k)
for part,sel in (('train',rows[0::2]),('test',rows[1::2])):
    open(f'{part}.list','w').write(''.join(f"file '{D}/{k}.g722'\n" for k in sel))
PY
for p in train test; do
  ffmpeg -v error -y -f concat -safe 0 -i $p.list -f f32le -ac 1 -ar 16000 - | ./dump > speech_$p.feat
done
ex() { ffmpeg -v error -y -ss "$2" -to "$3" -i "$C/$1" -vn -f f32le -ac 1 -ar 16000 - 2>/dev/null | ./dump > "src_$4_$5.feat"; }
# music beds of the dev corpus (dev-spec.json scenes x truth-file scene spans, seconds)
ex newsreel_mpeg2.mpg 0 12 sunflower 1; ex newsreel_mpeg2.mpg 40.2 51.2 sunflower 2
ex broadcast_ts.ts 0 14.7 sunflower 3; ex longtake_vp8.webm 27 37 sunflower 4
ex newsreel_mpeg2.mpg 12 24 sonata 1; ex archive_mpeg4_avi.avi 0 12 sonata 2; ex archive_mpeg4_avi.avi 28.4 40.4 sonata 3
ex broadcast_ts.ts 50.68 61.19 sonata 4; ex documentary_h264.mp4 6.48 16.04 sonata 5
ex newsreel_mpeg2.mpg 24 30.2 descente 1; ex documentary_h264.mp4 16.04 24.44 descente 2
ex longtake_vp8.webm 0 20 descente 3; ex broadcast_ts.ts 27.23 35.57 descente 4
ex newsreel_mpeg2.mpg 30.2 40.2 allstars 1; ex documentary_h264.mp4 24.44 33.24 allstars 2
ex archive_mpeg4_avi.avi 13 20.28 allstars 3; ex archive_mpeg4_avi.avi 20.8 27.4 allstars 4
ex alternation_mjpeg.mov 0 10 allstars 5; ex broadcast_ts.ts 15.72 20.72 allstars 6; ex broadcast_ts.ts 35.57 41.37 allstars 7
# promo beds (speech over music): reported only
ex documentary_h264.mp4 0 6.48 p 1; ex documentary_h264.mp4 33.24 39.44 p 2; ex longtake_vp8.webm 20 27 p 3; ex alternation_mjpeg.mov 10 22 p 4
for i in 1 2 3 4; do mv src_p_$i.feat p$i.feat; done
/usr/bin/python3 "$ROOT/src/speech/tools/fit_segmenter.py"
