#!/usr/bin/env bash
# Source this file. npm_fetch NAME@VERSION -> prints the folder where the package
# tarball is unpacked (cached under $REELSCALE_NPM_CACHE). Uses `npm pack`, so
# only the registry's own package is fetched; nothing is installed globally.
npm_fetch() {
  local spec="$1"
  local cache="${REELSCALE_NPM_CACHE:?}"
  local dir="$cache/$(echo "$spec" | tr '/@' '__')"
  if [[ ! -f "$dir/.ok" ]]; then
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz && touch .ok) || return 1
  fi
  echo "$dir/package"
}
