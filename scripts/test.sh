#!/usr/bin/env bash
# Runs every test of waymark on a fresh machine: installs what the tests need, then
# checks formatting and lints, then runs the whole test suite and the integrations.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-tools.sh

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked --no-fail-fast

# The wheel, the MkDocs and remark plugins, Astro, VitePress, pandoc and Hugo, end to
# end; reuses what cargo test built.
bash scripts/test-integrations.sh

# The editors: the VS Code extension's grammars and package, Neovim against `waymark lsp`.
bash scripts/test-editors.sh

# End-to-end in Chromium against the binary the tests just built.
cargo build --locked --bin waymark
(cd tests/browser && WAYMARK_BIN="$PWD/../../target/debug/waymark" node --test --test-concurrency=1 suite.test.mjs)
