#!/usr/bin/env bash
# Applies .clang-format (clang-format 14, Debian package) to the given C++ files, or
# to every tracked C++ file of the core (kernels, src except the capability areas,
# indexes, cluster, tests, bench) when none are given.
#   scripts/format.sh [FILE...]        scripts/format.sh --check   (exit 1 if any would change)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
check=0
if [[ "${1:-}" == "--check" ]]; then check=1; shift; fi
files=("$@")
if ((${#files[@]} == 0)); then
  mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' |
    grep -Ev '^src/(faces|text|moderation|speech|fulltext|outputs|report|export|duplicates|analysis)/|^src/record/table.hpp')
fi
if ((check)); then
  clang-format --dry-run --Werror "${files[@]}"
else
  clang-format -i "${files[@]}"
fi
