//! `waymark mdbook` against the real mdBook, and fed both JSON shapes directly.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_waymark");

fn preprocess(json: &str) -> Output {
    common::waymark_with_stdin(&["mdbook"], json)
}

const JOURNEY: &str = "Intro\\n\\n```journey\\ntitle Checkout\\nsection Pay\\n  Enters card: 2: Maya\\n```\\n\\nOutro\\n";

fn context(extra: &str) -> String {
    format!("{{\"root\":\"/tmp/book\",\"config\":{{\"book\":{{\"src\":\"src\"}},\"preprocessor\":{{\"journey\":{{{extra}}}}}}},\"renderer\":\"html\",\"mdbook_version\":\"0.5.4\"}}")
}

#[test]
fn reads_and_answers_mdbook_0_4_sections() {
    let book = format!("{{\"sections\":[{{\"Chapter\":{{\"name\":\"One\",\"content\":\"{JOURNEY}\",\"number\":[1],\"sub_items\":[],\"path\":\"one.md\",\"source_path\":\"one.md\",\"parent_names\":[]}}}},\"Separator\"],\"__non_exhaustive\":null}}");
    let o = preprocess(&format!("[{},{book}]", context("")));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        out.get("sections").is_some() && out.get("items").is_none(),
        "answered in the shape it was given"
    );
    assert!(
        out.get("__non_exhaustive").is_some(),
        "unknown fields pass through"
    );
    let content = out["sections"][0]["Chapter"]["content"].as_str().unwrap();
    assert!(content.starts_with("Intro\n\n") && content.trim_end().ends_with("Outro"));
    assert!(content.contains("<figure") && content.contains("role=\"img\""));
    assert_eq!(out["sections"][1], "Separator");
}

#[test]
fn reads_and_answers_mdbook_0_5_items_with_nested_chapters() {
    let nested = format!("{{\"Chapter\":{{\"name\":\"Nested\",\"content\":\"{JOURNEY}\",\"number\":[1,1],\"sub_items\":[],\"path\":\"a/nested.md\",\"source_path\":\"a/nested.md\",\"parent_names\":[\"One\"]}}}}");
    let book = format!("{{\"items\":[{{\"PartTitle\":\"Part\"}},{{\"Chapter\":{{\"name\":\"One\",\"content\":\"# One\\n\",\"number\":[1],\"sub_items\":[{nested}],\"path\":\"one.md\",\"source_path\":\"one.md\",\"parent_names\":[]}}}}]}}");
    let o = preprocess(&format!("[{},{book}]", context("\"layout\":\"timeline\"")));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(out.get("items").is_some());
    let content = out["items"][1]["Chapter"]["sub_items"][0]["Chapter"]["content"]
        .as_str()
        .unwrap();
    assert!(
        content.contains("waymark-layout-timeline"),
        "config layout applies"
    );
    assert!(
        content.contains("id=\"wm-a-nested-md-1\""),
        "ids come from the chapter"
    );
    assert_eq!(out["items"][1]["Chapter"]["content"], "# One\n");
}

#[test]
fn errors_name_the_chapter_file_and_fail_or_continue() {
    let bad = "```journey\\nsection S\\n  Step: lots: Me\\n```\\n";
    let book = format!("{{\"items\":[{{\"Chapter\":{{\"name\":\"Bad\",\"content\":\"{bad}\",\"number\":null,\"sub_items\":[],\"path\":\"bad.md\",\"source_path\":\"bad.md\",\"parent_names\":[]}}}}]}}");
    let o = preprocess(&format!("[{},{book}]", context("")));
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "stdout carries only the book");
    assert!(String::from_utf8_lossy(&o.stderr).contains("src/bad.md:3:9"));
    let o = preprocess(&format!(
        "[{},{book}]",
        context("\"on-error\":\"continue\"")
    ));
    assert!(o.status.success());
    let out: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(out["items"][0]["Chapter"]["content"]
        .as_str()
        .unwrap()
        .contains("waymark-error"));
    assert_eq!(preprocess("not json").status.code(), Some(1));
}

#[test]
fn supports_and_install() {
    let sup = |r: &str| {
        Command::new(BIN)
            .args(["mdbook", "supports", r])
            .status()
            .unwrap()
            .code()
    };
    assert_eq!(sup("html"), Some(0));
    assert_eq!(sup("markdown"), Some(0));
    assert_eq!(sup("latex"), Some(1));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[output.html]\nadditional-css = [\"custom.css\"]\n",
    )
    .unwrap();
    let install = || {
        Command::new(BIN)
            .args(["mdbook", "install", tmp.path().to_str().unwrap()])
            .output()
            .unwrap()
    };
    assert!(install().status.success());
    let once = std::fs::read_to_string(tmp.path().join("book.toml")).unwrap();
    assert!(
        once.contains("[preprocessor.journey]") && once.contains("command = \"waymark mdbook\"")
    );
    assert!(
        once.contains("\"custom.css\", \"waymark.css\"")
            || once.contains("\"custom.css\",\"waymark.css\""),
        "{once}"
    );
    assert!(String::from_utf8_lossy(&install().stderr).contains("nothing changed"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("book.toml")).unwrap(),
        once,
        "idempotent"
    );
}

#[test]
fn install_adds_the_viewer_script_once() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[output.html]\nadditional-js = [\"custom.js\"]\n",
    )
    .unwrap();
    let install = || {
        Command::new(BIN)
            .args(["mdbook", "install", tmp.path().to_str().unwrap()])
            .output()
            .unwrap()
    };
    let first = install();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let toml = std::fs::read_to_string(tmp.path().join("book.toml")).unwrap();
    assert!(
        toml.contains("additional-js = [\"custom.js\", \"waymark-viewer.js\"]"),
        "{toml}"
    );
    let js = std::fs::read_to_string(tmp.path().join("waymark-viewer.js")).unwrap();
    assert!(
        js.contains("window.waymarkViewer"),
        "the viewer script is written"
    );
    let css = std::fs::read_to_string(tmp.path().join("waymark.css")).unwrap();
    assert!(css.contains(".wm-toolbar"), "with its styles");
    let again = install();
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing changed"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("book.toml")).unwrap(),
        toml
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("waymark-viewer.js")).unwrap(),
        js
    );
    // An older viewer is brought up to date.
    std::fs::write(tmp.path().join("waymark-viewer.js"), "old").unwrap();
    assert!(String::from_utf8_lossy(&install().stderr).contains("waymark-viewer.js"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("waymark-viewer.js")).unwrap(),
        js
    );
    // A list that is not a list is named, with the fix.
    std::fs::write(
        tmp.path().join("book.toml"),
        "[book]\ntitle = \"T\"\n\n[output.html]\nadditional-js = \"custom.js\"\n",
    )
    .unwrap();
    let bad = install();
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("additional-js") && err.contains("make it a list"),
        "{err}"
    );
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn builds_a_book_with_the_real_mdbook() {
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path();
    write(
        b,
        "book.toml",
        &format!(
            "[book]\ntitle = \"Test\"\n\n[preprocessor.journey]\ncommand = \"{BIN} mdbook\"\n"
        ),
    );
    write(
        b,
        "src/SUMMARY.md",
        "# Summary\n\n- [Map](map.md)\n  - [Deeper](deeper/more.md)\n",
    );
    write(b, "src/map.md", "# Map\n\n```journey\ntitle Checkout\npersona Maya\nsection Pay\n  Enters card: 2: Maya\n    pain: Card only {severity: high}\n```\n\nText after.\n");
    write(
        b,
        "src/deeper/more.md",
        "# Deeper\n\n> ```journey\n> section S\n>   Step: 4: Me\n> ```\n",
    );
    assert!(Command::new(BIN)
        .args(["mdbook", "install", b.to_str().unwrap()])
        .status()
        .unwrap()
        .success());
    let o = common::mdbook()
        .arg("build")
        .current_dir(b)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(b.join("book/map.html")).unwrap();
    assert!(
        html.contains("class=\"waymark-map"),
        "the map is in the page"
    );
    assert!(html.contains("var(--waymark-"), "colours can be themed");
    assert!(html.contains("Card only") && html.contains("Text after."));
    let fig = &html[html.find("<figure").unwrap()..html.find("</figure>").unwrap()];
    assert!(!fig.contains("<script"), "no JavaScript in maps");
    // mdBook 0.5 names assets by their hash: waymark-<hash>.css.
    let css = std::fs::read_dir(b.join("book"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("waymark") && n.ends_with(".css"))
        .expect("the stylesheet is published");
    assert!(html.contains(&css), "pages link the stylesheet");
    assert!(
        std::fs::read_to_string(b.join("book").join(&css))
            .unwrap()
            .contains("var(--fg)"),
        "maps follow mdBook's theme variables"
    );
    assert!(std::fs::read_to_string(b.join("book/deeper/more.html"))
        .unwrap()
        .contains("waymark-map"));

    write(
        b,
        "src/map.md",
        "# Map\n\n```journey\nsection Pay\n  Enters card: lots: Maya\n```\n",
    );
    let o = common::mdbook()
        .arg("build")
        .current_dir(b)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("src/map.md:5:16"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Builds the book at `b` with the real mdBook.
fn mdbook_build(b: &Path) -> Output {
    common::mdbook()
        .arg("build")
        .current_dir(b)
        .output()
        .unwrap()
}

#[test]
fn book_settings_are_checked_like_code_and_warnings_reach_the_author() {
    let tmp = tempfile::tempdir().unwrap();
    let b = tmp.path();
    let book = |table: &str| {
        format!("[book]\ntitle = \"Test\"\n\n[preprocessor.journey]\ncommand = \"{BIN} mdbook\"\n{table}")
    };
    write(b, "src/SUMMARY.md", "# Summary\n\n- [Map](map.md)\n");
    write(
        b,
        "src/map.md",
        "# Map\n\n```mermaid\njourney\n  title Trip\n  section Go\n    Pack: 3: Kim\n```\n\n```journey\npersona Mayaa\nsection Pay\n  Enters card: 2\n```\n",
    );

    // Every unknown key and bad value in one run, at its line and column in book.toml.
    write(
        b,
        "book.toml",
        &book("themee = \"dark\"\nlayout = \"tabel\"\nmermaid = \"yes\"\n"),
    );
    let o = mdbook_build(b);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    for expected in [
        "book.toml:6:1",
        "unknown key `themee`",
        "did you mean `theme`?",
        "book.toml:7:10",
        "did you mean `table`?",
        "book.toml:8:11",
    ] {
        assert!(err.contains(expected), "{expected} in {err}");
    }

    // An unknown theme once, at its line.
    write(b, "book.toml", &book("theme = \"darkk\"\n"));
    let o = mdbook_build(b);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches("unknown theme `darkk`").count(), 1, "{err}");
    assert!(err.contains("book.toml:6:9"), "{err}");

    // `mermaid = true` reads ```mermaid journeys; an undefined persona is a warning the
    // author sees; the book's language names the lanes.
    write(
        b,
        "book.toml",
        &book("mermaid = true\n")
            .replace("title = \"Test\"", "title = \"Test\"\nlanguage = \"de\""),
    );
    let o = mdbook_build(b);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the persona `Mayaa` is not defined") && err.contains("src/map.md:11:9"),
        "{err}"
    );
    let html = std::fs::read_to_string(b.join("book/map.html")).unwrap();
    assert_eq!(html.matches("<figure").count(), 2, "both journeys drawn");
    assert!(!html.contains("```mermaid") && html.contains("Pack"));
    assert!(
        html.contains("Aktionen"),
        "lane names in the book's language"
    );
}
