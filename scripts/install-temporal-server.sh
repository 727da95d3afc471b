#!/usr/bin/env bash
# Builds the production Temporal server and its SQL schema tool from go.temporal.io/server into
# .tools/bin (temporal-server, temporal-sql-tool) and copies the PostgreSQL schemas that ship with the
# module into .tools/temporal-schema. Used by `npm run test:cluster`; `npm start` and `npm test` need
# only the CLI's dev server. A build already in the machine-wide cache is reused.
set -euo pipefail
VERSION=v1.29.1
root=$(cd "$(dirname "$0")/.." && pwd)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/uplift/temporal-server-$VERSION"
if [ -x "$root/.tools/bin/temporal-server" ] && [ -x "$root/.tools/bin/temporal-sql-tool" ] \
  && [ -d "$root/.tools/temporal-schema/postgresql" ]; then exit 0; fi
if [ ! -x "$cache/server" ] || [ ! -x "$cache/sql" ] || [ ! -d "$cache/schema/postgresql" ]; then
  command -v go >/dev/null || { echo "Go is needed to build the Temporal server" >&2; exit 1; }
  echo "building the Temporal server $VERSION and its SQL tool with go install (minutes the first time)..." >&2
  mkdir -p "$cache"
  GOBIN="$cache" go install "go.temporal.io/server/cmd/server@$VERSION" "go.temporal.io/server/cmd/tools/sql@$VERSION"
  module="$(go env GOMODCACHE)/go.temporal.io/server@$VERSION"
  rm -rf "$cache/schema" && mkdir -p "$cache/schema"
  cp -r "$module/schema/postgresql" "$cache/schema/"
  chmod -R u+w "$cache/schema"
fi
mkdir -p "$root/.tools/bin"
cp "$cache/server" "$root/.tools/bin/temporal-server"
cp "$cache/sql" "$root/.tools/bin/temporal-sql-tool"
rm -rf "$root/.tools/temporal-schema" && cp -r "$cache/schema" "$root/.tools/temporal-schema"
