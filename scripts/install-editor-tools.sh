#!/usr/bin/env bash
# Installs what the editor tests drive, when it is missing: Debian's Neovim (the headless
# end-to-end test of `waymark lsp`), Node.js and npm, and the VS Code extension's packages
# (its language client, vsce to package it, vscode-tmgrammar-test and tm-grammars' markdown
# grammar to test its grammars), pinned by editors/vscode/package-lock.json. Safe to run
# again: it only installs what is not there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_=""
  [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
fi

modules=editors/vscode/node_modules
if [ ! -x "$modules/.bin/vsce" ] || [ ! -x "$modules/.bin/vscode-tmgrammar-test" ] \
  || [ ! -f "$modules/tm-grammars/grammars/markdown.json" ] \
  || [ ! -f "$modules/vscode-languageclient/package.json" ]; then
  (cd editors/vscode && npm ci --silent --no-audit --no-fund)
fi
