#!/usr/bin/env bash
# Builds the Temporal CLI (which contains the dev server) from its Go module into .tools/bin.
# v1.5.1 is the newest tag that `go install` accepts: later tags carry a replace directive.
# A build already in the machine-wide cache is reused, so CI and fresh clones skip the compile.
set -euo pipefail
VERSION=v1.5.1
root=$(cd "$(dirname "$0")/.." && pwd)
target="$root/.tools/bin/temporal"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/uplift/temporal-cli-$VERSION"
if [ -x "$target" ]; then exit 0; fi
mkdir -p "$root/.tools/bin"
if [ ! -x "$cache/temporal" ]; then
  command -v go >/dev/null || { echo "Go is needed to build the Temporal CLI (or set TEMPORAL_CLI to a binary)" >&2; exit 1; }
  echo "building the Temporal CLI $VERSION with go install (a few minutes the first time)..." >&2
  mkdir -p "$cache"
  GOBIN="$cache" go install "github.com/temporalio/cli/cmd/temporal@$VERSION"
fi
cp "$cache/temporal" "$target"
