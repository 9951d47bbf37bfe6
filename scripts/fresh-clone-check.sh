#!/usr/bin/env bash
# Clones this checkout's HEAD into a temporary folder of another name, with nothing beside it (no
# ../shared, no other checkout), installs it as a new user would and runs the unit suite there: a
# test that reads a path outside the repository, or names the checkout's folder, fails here.
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/newswire-fresh-XXXXXX")"
trap 'rm -rf "$work"' EXIT
git clone --quiet --no-local "$src" "$work/my-newswire"
cd "$work/my-newswire"
[ ! -e ../shared ] || { echo "fresh-clone-check: $work/shared exists" >&2; exit 1; }
CKJS_LINKING=dynamic npm ci --no-audit --no-fund --prefer-offline >/dev/null
npm run test:unit --silent
echo "fresh-clone-check: unit suite passed in $work/my-newswire" >&2
