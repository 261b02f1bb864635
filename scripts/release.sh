#!/usr/bin/env bash
# The waymark binary as users get it.
#   bash scripts/release.sh                    builds it and prints its path
#   bash scripts/release.sh install [ARGS]     installs it, as `cargo install --path .` does
#   bash scripts/release.sh wheel [ARGS]       builds the Python wheel around it (maturin;
#                                              ARGS go to `maturin build`, e.g. --release)
#
# On x86-64 Linux with glibc the binary is linked statically, at a fixed address: with no
# dynamic loader and no shared libraries to map, `waymark --version` starts as fast as a
# hello-world program, in about 0.7 of the time a dynamic build takes (docs/benchmarks.md,
# start-up), and the one file runs on any x86-64 Linux whatever its glibc. Cargo links
# one crate statically only when the target is named: without `--target` the flag would
# also reach the proc-macro crates, which must stay dynamic libraries. Elsewhere this is
# cargo's own release build.
set -euo pipefail
cd "$(dirname "$0")/.."

target=()
triple=""
if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] && getconf GNU_LIBC_VERSION >/dev/null 2>&1; then
  triple=x86_64-unknown-linux-gnu
  target=(--target "$triple")
  # build.rs leaves out its own `-no-pie` when it sees crt-static.
  export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static ${CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS:-}"
fi

what=${1:-build}
[ $# -gt 0 ] && shift
case "$what" in
  build)
    cargo build --release --locked --bin waymark ${target[@]+"${target[@]}"} "$@"
    echo "target/${triple:+$triple/}release/waymark"
    ;;
  install)
    cargo install --path . --locked ${target[@]+"${target[@]}"} "$@"
    ;;
  wheel)
    (cd integrations/wheel && "${MATURIN:-maturin}" build --locked ${target[@]+"${target[@]}"} "$@")
    ;;
  *)
    echo "usage: bash scripts/release.sh [build | install | wheel] [ARGS...]" >&2
    exit 2
    ;;
esac
