//! Writes a realistic handbook of N pages for benchmarks: about a third of the pages carry
//! a journey block, sizes vary, and pages have code blocks, tables and links.
//!
//! `cargo run --release --example gen-corpus -- PAGES OUT_DIR [--summary]`
//! `--summary` also writes an mdBook `SUMMARY.md` and `book.toml` so mdBook can build the
//! same pages.

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(pages), Some(out)) = (
        args.get(1).and_then(|a| a.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen-corpus PAGES OUT_DIR [--summary]");
        std::process::exit(2);
    };
    let summary = args.iter().any(|a| a == "--summary");
    if let Err(e) = corpus::write(pages, std::path::Path::new(out), summary) {
        eprintln!("cannot write the corpus into {out}: {e}");
        std::process::exit(1);
    }
}
