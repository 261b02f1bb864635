//! The floor for a markdown site builder: read every `.md` file below a folder and parse
//! it with pulldown-cmark into HTML, in parallel. With `--out DIR` each page is written
//! to its own file as a site builder must; without, every page goes to one scratch file,
//! which leaves the file system out of the figure.
//!
//! `cargo run --release --example cmark-floor -- DIR [--out DIR]`

use pulldown_cmark::{html, Parser};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cmark-floor DIR [--out DIR]");
        std::process::exit(2);
    };
    let out_dir = match args.get(1).map(String::as_str) {
        Some("--out") => args.get(2).map(PathBuf::from),
        _ => None,
    };
    let files: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let scratch = std::env::temp_dir().join(format!("cmark-floor-{}.html", std::process::id()));
    let bytes: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let mut out = String::with_capacity(text.len() * 3 / 2);
            html::push_html(
                &mut out,
                Parser::new_ext(&text, waymark::journey::source::markdown_options()),
            );
            let target = match &out_dir {
                Some(o) => page_path(o, &dir, path),
                None => scratch.clone(),
            };
            if let Some(parent) = target.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(target, &out);
            out.len()
        })
        .sum();
    let _ = std::fs::remove_file(scratch);
    println!("{} files, {bytes} bytes of HTML", files.len());
}

fn page_path(out: &Path, src: &Path, page: &Path) -> PathBuf {
    let rel = page.strip_prefix(src).unwrap_or(page);
    out.join(rel).with_extension("html")
}
