//! The mdBook preprocessor's cache of rendered maps removes only what it wrote: with
//! `cache-dir` pointing at the book root or its sources, the author's own files survive
//! every run, while the cache's stale entries in its own tagged folder are still pruned.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_waymark");

fn chapter(journey_title: &str) -> String {
    format!("# Map\\n\\n```journey\\ntitle {journey_title}\\nsection Pay\\n  Enters card: 2: Maya\\n```\\n")
}

/// Runs the preprocessor on a one-chapter book rooted at `root`, as mdBook would.
fn preprocess(root: &Path, settings: &str, journey_title: &str) -> Output {
    let root = serde_json::to_string(&root.display().to_string()).unwrap();
    let context = format!("{{\"root\":{root},\"config\":{{\"book\":{{\"src\":\"src\"}},\"preprocessor\":{{\"journey\":{{{settings}}}}}}},\"renderer\":\"html\",\"mdbook_version\":\"0.5.4\"}}");
    let book = format!("{{\"items\":[{{\"Chapter\":{{\"name\":\"Map\",\"content\":\"{}\",\"number\":[1],\"sub_items\":[],\"path\":\"map.md\",\"source_path\":\"map.md\",\"parent_names\":[]}}}}]}}", chapter(journey_title));
    let out = common::waymark_with_stdin(&["mdbook"], &format!("[{context},{book}]"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The cache's entries: `.html` files in its own folder.
fn entries(cache: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cache)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .collect();
    names.sort();
    names
}

#[test]
fn cache_dir_at_the_book_root_keeps_the_authors_html() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mine = ["important.html", "book/important.html", "src/keep.html"];
    for f in mine {
        write(&root.join(f), "<p>mine</p>");
    }
    preprocess(root, "\"cache-dir\":\".\"", "First");
    assert_kept(root, &mine);
    let cache = root.join("waymark-cache");
    assert_eq!(
        entries(&cache).len(),
        1,
        "the map is cached in its own folder"
    );
    assert!(std::fs::read_to_string(cache.join("CACHEDIR.TAG"))
        .unwrap()
        .starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
    let first = entries(&cache);
    // A changed map leaves the first entry unused: it goes, the author's files stay.
    preprocess(root, "\"cache-dir\":\".\"", "Second");
    let second = entries(&cache);
    assert_eq!(second.len(), 1);
    assert_ne!(first, second, "the stale entry is pruned");
    assert_kept(root, &mine);
}

fn assert_kept(root: &Path, files: &[&str]) {
    for f in files {
        assert_eq!(
            std::fs::read_to_string(root.join(f)).ok().as_deref(),
            Some("<p>mine</p>"),
            "{f} is the author's and must stay"
        );
    }
}

#[test]
fn cache_dir_in_the_sources_keeps_the_authors_html_and_warns() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mine = ["src/keep.html", "src/waymark-cache-notes.html"];
    for f in mine {
        write(&root.join(f), "<p>mine</p>");
    }
    for title in ["First", "Second"] {
        let out = preprocess(root, "\"cache-dir\":\"src\"", title);
        assert_kept(root, &mine);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("warning: book.toml") && stderr.contains("inside the book's sources"),
            "{stderr}"
        );
    }
    assert_eq!(entries(&root.join("src/waymark-cache")).len(), 1);
}

#[test]
fn a_foreign_waymark_cache_folder_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    // Someone's own folder that happens to carry the cache's name and entry names.
    let theirs = root.join("waymark-cache/html-0123456789abcdef.html");
    write(&theirs, "<p>theirs</p>");
    let out = preprocess(root, "\"cache-dir\":\".\"", "First");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not cached") && stderr.contains("no CACHEDIR.TAG"),
        "{stderr}"
    );
    let book: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(book["items"][0]["Chapter"]["content"]
        .as_str()
        .unwrap()
        .contains("<figure"));
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "<p>theirs</p>");
    assert_eq!(entries(&root.join("waymark-cache")).len(), 1);
}

#[test]
fn the_default_cache_is_outside_the_book() {
    let book = tempfile::tempdir().unwrap();
    let user_cache = tempfile::tempdir().unwrap();
    write(&book.path().join("src/keep.html"), "<p>keep</p>");
    let context = format!(
        "{{\"root\":{},\"config\":{{\"book\":{{\"src\":\"src\"}}}},\"renderer\":\"html\",\"mdbook_version\":\"0.5.4\"}}",
        serde_json::to_string(&book.path().display().to_string()).unwrap()
    );
    let items = format!("{{\"items\":[{{\"Chapter\":{{\"name\":\"Map\",\"content\":\"{}\",\"number\":[1],\"sub_items\":[],\"path\":\"map.md\",\"source_path\":\"map.md\",\"parent_names\":[]}}}}]}}", chapter("Default"));
    let mut child = Command::new(BIN)
        .arg("mdbook")
        .env("XDG_CACHE_HOME", user_cache.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        format!("[{context},{items}]").as_bytes(),
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: Vec<_> = walk(user_cache.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert_eq!(found.len(), 1, "one map cached in the user's cache folder");
    assert!(found[0].starts_with(user_cache.path().join("waymark")));
    assert_eq!(
        walk(book.path()),
        vec![book.path().join("src/keep.html")],
        "nothing is written into the book"
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn the_real_mdbook_keeps_the_authors_html() {
    for (cache_dir, mine) in [(".", "important.html"), ("src", "src/keep.html")] {
        let tmp = tempfile::tempdir().unwrap();
        let b = tmp.path();
        write(
            &b.join("book.toml"),
            &format!("[book]\ntitle = \"T\"\n\n[preprocessor.journey]\ncommand = \"{BIN} mdbook\"\ncache-dir = \"{cache_dir}\"\n"),
        );
        write(&b.join("src/SUMMARY.md"), "# Summary\n\n- [Map](map.md)\n");
        write(&b.join(mine), "<p>mine</p>");
        for title in ["First", "Second"] {
            write(&b.join("src/map.md"), &chapter(title).replace("\\n", "\n"));
            let o = crate::common::mdbook()
                .arg("build")
                .current_dir(b)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            assert_kept(b, &[mine]);
            let html = std::fs::read_to_string(b.join("book/map.html")).unwrap();
            assert!(html.contains(title) && html.contains("waymark-map"));
        }
        let cache = Path::new(b).join(cache_dir).join("waymark-cache");
        assert_eq!(entries(&cache).len(), 1, "cache-dir = {cache_dir:?}");
    }
}
