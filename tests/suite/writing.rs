//! Help while writing: diagnostics that say what was meant and carry the fix, and
//! `waymark fmt`, which lays journeys out one way without changing what they say.

use crate::common::{waymark_in, waymark_with_stdin};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn check_json(dir: &Path, file: &str) -> Value {
    let out = waymark_in(dir, &["check", "--format", "json", file]);
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// The one diagnostic of `block` in a journey fence: its message, and the line as the fix
/// makes it.
fn one_fix(block: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let doc = format!("# Page\n\n```journey\n{block}```\n");
    fs::write(dir.path().join("p.md"), &doc).unwrap();
    let json = check_json(dir.path(), "p.md");
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(
        diags.len(),
        1,
        "exactly one diagnostic for {block:?}: {json:#}"
    );
    let d = &diags[0];
    let fix = &d["fix"];
    let (start, end) = (
        fix["start"].as_u64().unwrap() as usize,
        fix["end"].as_u64().unwrap() as usize,
    );
    let fixed = format!(
        "{}{}{}",
        &doc[..start],
        fix["replacement"].as_str().unwrap(),
        &doc[end..]
    );
    let line = d["line"].as_u64().unwrap() as usize;
    let fixed_line = fixed.lines().nth(line - 1).unwrap().to_string();
    (d["message"].as_str().unwrap().to_string(), fixed_line)
}

#[test]
fn a_missing_colon_says_what_was_meant_and_carries_the_fix() {
    let (m, line) = one_fix("section S\n  Pays: 3\n    channel app\n");
    assert!(m.contains("`channel` is missing its colon"), "{m}");
    assert_eq!(line, "    channel: app");
    let (m, line) = one_fix("section S\n  Pays: 3\n    chanel post\n");
    assert!(m.contains("`chanel` is missing its colon"), "{m}");
    assert_eq!(line, "    channel: post");
    let (m, line) = one_fix("section S\n  Step three 4\n");
    assert!(m.contains("a step needs a colon before its score"), "{m}");
    assert_eq!(line, "  Step three: 4");
}

#[test]
fn a_persona_attribute_at_the_left_edge_says_to_indent_it_and_nothing_else() {
    let (m, line) = one_fix("persona Kim\nrole: Nurse\nsection S\n  Helps: 3: Kim\n");
    assert!(
        m.contains("`role:` is not indented under `persona Kim`"),
        "{m}"
    );
    assert_eq!(line, "  role: Nurse");
}

#[test]
fn typos_carry_their_fix_too() {
    let (m, line) = one_fix("titel Checkout\nsection S\n  Pays: 3\n");
    assert!(m.contains("unknown keyword `titel`"), "{m}");
    assert_eq!(line, "title Checkout");
}

const MESSY: &str = "# Checkout\n\nSome   text  *kept*   as it is.\n\n```journey\ntitle   Checkout %% the title\npersona Kim\n role:Nurse\nsection Find\nSees an ad :3:Kim,Tom\n      channel:web\n   pain: Slow{severity=high}\n%% buying\nsection Buy\n\n\n    Pays:\n```\n\n  Trailing   text.\n";

#[test]
fn fmt_lays_out_journeys_and_leaves_the_rest_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("page.md"), MESSY).unwrap();
    let check = waymark_in(d, &["fmt", "--check", "page.md"]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "--check reports a file to format"
    );
    assert_eq!(
        fs::read_to_string(d.join("page.md")).unwrap(),
        MESSY,
        "--check writes nothing"
    );

    let out = waymark_in(d, &["fmt", "page.md"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let formatted = fs::read_to_string(d.join("page.md")).unwrap();
    assert_eq!(
        formatted,
        "# Checkout\n\nSome   text  *kept*   as it is.\n\n```journey\ntitle Checkout %% the title\npersona Kim\n  role: Nurse\n\nsection Find\n  Sees an ad: 3: Kim, Tom\n    channel: web\n    pain: Slow {severity: high}\n\n%% buying\nsection Buy\n  Pays:\n```\n\n  Trailing   text.\n"
    );
    let again = waymark_in(d, &["fmt", "--check", "page.md"]);
    assert_eq!(again.status.code(), Some(0), "formatting is idempotent");

    // Standard input to standard output.
    let out = waymark_with_stdin(&["fmt", "-"], MESSY);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), formatted);
}

#[test]
fn fmt_leaves_a_journey_with_errors_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "```journey\nsection S\n  Pays :  lots of\n```\n\n```journey\nsection T\n   Waits :2\n```\n";
    fs::write(d.join("page.md"), text).unwrap();
    let out = waymark_in(d, &["fmt", "page.md"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("this journey is not formatted: it has errors"),
        "{err}"
    );
    let after = fs::read_to_string(d.join("page.md")).unwrap();
    assert!(
        after.starts_with("```journey\nsection S\n  Pays :  lots of\n```\n"),
        "{after}"
    );
    assert!(
        after.ends_with("```journey\nsection T\n  Waits: 2\n```\n"),
        "the other block is formatted: {after}"
    );
}

/// Every journey file the tests hold, and the example handbook's pages.
fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        "tests/corpus/extended",
        "tests/corpus/mermaid",
        "tests/corpus/mermaid-dialect",
        "tests/corpus/mermaid-parser",
    ] {
        for e in fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "journey" || x == "mmd") {
                out.push(p);
            }
        }
    }
    for e in walk(&root.join("example-site")) {
        if e.extension().is_some_and(|x| x == "md") {
            out.push(e);
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            if !p.ends_with("_site") {
                out.extend(walk(&p));
            }
        } else {
            out.push(p);
        }
    }
    out
}

/// The export of `file` without the byte offsets that formatting moves.
fn meaning(dir: &Path, file: &str) -> Option<Value> {
    let out = waymark_in(dir, &["export", file, "--format", "json"]);
    let mut doc: Value = serde_json::from_slice(&out.stdout).ok()?;
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("span");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut doc);
    Some(doc)
}

#[test]
fn formatting_never_changes_what_a_journey_says() {
    let mut formatted = 0;
    for path in corpus() {
        let dir = tempfile::tempdir().unwrap();
        // The example handbook's data sits beside its pages: copy the page where its
        // relative paths still lead to it.
        let (work, rel) = if path.to_string_lossy().contains("example-site") {
            let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
            copy_dir(&site, dir.path());
            (
                dir.path().to_path_buf(),
                path.strip_prefix(&site)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            )
        } else {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            fs::copy(&path, dir.path().join(&name)).unwrap();
            (dir.path().to_path_buf(), name)
        };
        let before = meaning(&work, &rel);
        let out = waymark_in(&work, &["fmt", &rel]);
        let text = fs::read_to_string(work.join(&rel)).unwrap();
        if text != fs::read_to_string(&path).unwrap() {
            formatted += 1;
        }
        assert_eq!(
            meaning(&work, &rel),
            before,
            "{} reads differently after `waymark fmt`:\n{text}\n{}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let again = waymark_in(&work, &["fmt", "--check", &rel]);
        assert_ne!(
            again.status.code(),
            Some(1).filter(|_| out.status.success()),
            "{} is not formatted the same twice",
            path.display()
        );
    }
    assert!(
        formatted > 10,
        "the corpus should give the formatter work ({formatted} files changed)"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walk(from) {
        let rel = e.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(&e, dest).unwrap();
    }
}
