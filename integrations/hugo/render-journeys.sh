#!/bin/sh
# Writes every page of content-src/ to content/ with its ```journey fences drawn as maps
# (waymark render). Stops at the first page with a broken journey, naming its file and
# line; content/ then keeps the last good version of that page.
set -eu
cd "$(dirname "$0")"
find content-src -type f | while IFS= read -r src; do
  out="content/${src#content-src/}"
  mkdir -p "$(dirname "$out")"
  case "$src" in
    *.md) waymark render "$src" --out "$out" ;;
    *) cp "$src" "$out" ;;
  esac
done
