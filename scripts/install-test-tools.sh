#!/usr/bin/env bash
# Installs what the tests drive, when it is missing: a pinned mdBook (the preprocessor
# tests run the real binary), Debian's Chromium (browser tests), the browser test
# packages from npm, and for the integration tests Python's venv and pip, pandoc and
# Hugo (the Python and npm packages those tests use are installed by
# scripts/test-integrations.sh into throwaway places). Safe to run again: it only
# installs what is not there.
set -euo pipefail
cd "$(dirname "$0")/.."

MDBOOK_VERSION=0.5.4
if ! command -v mdbook >/dev/null 2>&1 || ! mdbook --version | grep -q "v$MDBOOK_VERSION"; then
  cargo install mdbook --version "$MDBOOK_VERSION" --locked --quiet
fi

# Chromium for the browser tests, poppler for checking printed pages.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
# `waymark diff` reads `REV:path` through git; its tests make real repositories.
command -v git >/dev/null 2>&1 || missing+=(git)
# The integration tests: a fresh virtual environment for the wheel and the MkDocs plugin,
# pandoc's Lua filter, Hugo's build.
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv python3-pip)
command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_=""
  [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if command -v npm >/dev/null 2>&1 && [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --silent --no-audit --no-fund)
fi
