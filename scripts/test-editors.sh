#!/usr/bin/env bash
# The editor tests that are not Rust: the VS Code extension's grammars checked with
# vscode-tmgrammar-test, the extension packaged with vsce, and Neovim (headless, with
# editors/neovim/waymark.lua) opening a markdown file with a broken journey fence and
# receiving waymark's diagnostic from `waymark lsp`. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bash scripts/install-editor-tools.sh
cargo build --locked --quiet --bin waymark
bin="${CARGO_TARGET_DIR:-$root/target}/debug/waymark"

passed=0
failed=0
report() { # name, status
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "ok: $1"; else failed=$((failed + 1)); echo "FAILED: $1"; fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The grammars: .journey files, and journey fences injected into markdown. The markdown
# grammar names languages it embeds that are not installed; that note is not a failure.
status=0
(cd editors/vscode && npm run --silent test:grammar 2>&1 | { grep -v '^grammar not found' || true; }) || status=$?
report "TextMate grammars (vscode-tmgrammar-test)" "$status"

# The extension, packaged as it would be published.
status=0
(cd editors/vscode && npx --no-install vsce package --skip-license --allow-missing-repository \
  --out "$work/waymark-journeys.vsix" >"$work/vsce.log" 2>&1) || { status=$?; cat "$work/vsce.log"; }
if [ "$status" = 0 ]; then
  python3 - "$work/waymark-journeys.vsix" <<'PY' || status=$?
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ["extension/package.json", "extension/extension.js",
        "extension/syntaxes/journey.tmLanguage.json",
        "extension/syntaxes/journey-markdown.tmLanguage.json",
        "extension/node_modules/vscode-languageclient/package.json"]
missing = [n for n in need if n not in names]
if missing:
    sys.exit(f"the package lacks {missing}")
PY
fi
report "VS Code extension packaged with vsce" "$status"

# Neovim's own LSP client against the real server.
mkdir -p "$work/handbook"
printf '# A day\n\nSome words.\n\n```journey\ntitle A day\nsection Morning\n  Make tea: 5: Me\n    channel app\n```\n' \
  >"$work/handbook/broken.md"
status=0
(cd "$work/handbook" && WAYMARK_NVIM_OUT="$work/nvim.txt" timeout 120 nvim --headless \
  -u "$root/editors/neovim/waymark.lua" --cmd "let g:waymark_path='$bin'" \
  -c "luafile $root/editors/neovim/test/diagnostic.lua" broken.md) || status=$?
expected='9:5: `channel` is missing its colon'
if [ "$status" = 0 ] && ! grep -qF "$expected" "$work/nvim.txt"; then
  echo "Neovim got: $(cat "$work/nvim.txt")"
  status=1
fi
report "Neovim (headless) receives the diagnostic of a broken fence" "$status"

echo "editors: $passed passed, $failed failed"
[ "$failed" = 0 ]
