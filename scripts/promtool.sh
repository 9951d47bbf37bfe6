#!/usr/bin/env bash
# Prints the path of a promtool to check deploy/prometheus with: the one on PATH, else one taken
# from Debian's prometheus package into .cache/promtool (extracted, not installed: no service is
# set up or started). Fails, saying so, where neither is possible.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v promtool >/dev/null 2>&1; then
  command -v promtool
  exit 0
fi
dir=.cache/promtool
if [ ! -x "$dir/usr/bin/promtool" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "promtool: not on PATH and no apt-get to fetch Debian's prometheus package; install promtool" >&2
    exit 1
  fi
  mkdir -p "$dir"
  (cd "$dir" && apt-get download -qq prometheus >&2 && dpkg-deb -x prometheus_*.deb . && rm -f prometheus_*.deb) || {
    echo "promtool: could not fetch Debian's prometheus package (apt-get update first?)" >&2
    exit 1
  }
fi
echo "$PWD/$dir/usr/bin/promtool"
