//! Links the `waymark` binary as a fixed-address executable on x86-64 Linux: a
//! position-independent one spends a third of a short command's start (`waymark
//! --version`, `waymark svg` called once per file) applying 31,000 relocations and copying
//! the pages they touch (docs/benchmarks.md). Only the binaries are linked so; the library
//! and everything else build as before.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = |key: &str| std::env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "linux" && target("CARGO_CFG_TARGET_ARCH") == "x86_64" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
