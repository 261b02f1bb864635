//! The floor for a markdown site builder: read every `.md` file below a folder, parse it
//! with pulldown-cmark and write its HTML next to nothing (to a sink), in parallel.
//!
//! `cargo run --release --example cmark-floor -- DIR`

use pulldown_cmark::{html, Parser};
use rayon::prelude::*;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: cmark-floor DIR");
        std::process::exit(2);
    };
    let files: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let bytes: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let mut out = String::with_capacity(text.len() * 3 / 2);
            html::push_html(
                &mut out,
                Parser::new_ext(&text, waymark::journey::source::markdown_options()),
            );
            let target = std::env::temp_dir().join("cmark-floor.html");
            // Writing, as a site builder must; the same file each time keeps the disk out of it.
            let _ = std::fs::write(target, &out);
            out.len()
        })
        .sum();
    println!("{} files, {bytes} bytes of HTML", files.len());
}
