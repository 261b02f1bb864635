//! `waymark check` and `waymark export`, run as the real binary.

use std::path::Path;
use std::process::{Command, Output};

fn waymark(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run waymark")
}

fn write(dir: &Path, name: &str, text: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const GOOD: &str =
    "# Map\n\n```journey\ntitle Good\nreviewed 2999-01-01\nsection S\n  Step: 3: Me\n```\n";
const WARN: &str = "```journey\ntitle Warned\nsection S\n  Step: 9: Me\n```\n";
const BAD: &str = "Intro\n\n```journey\ntitle Bad\nsection S\n  Step: lots: Me\n```\n";

#[test]
fn check_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "good/a.md", GOOD.as_bytes());
    write(d, "warn/b.md", WARN.as_bytes());
    write(d, "bad/c.md", BAD.as_bytes());
    write(d, "bad/ignored.txt", b"```journey\nnot read\n```\n");

    let ok = waymark(&["check", "good"], d);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stderr)
        .contains("checked 1 file, 1 journey: 0 errors, 0 warnings"));

    assert_eq!(waymark(&["check", "warn"], d).status.code(), Some(0));
    assert_eq!(
        waymark(&["check", "--deny-warnings", "warn"], d)
            .status
            .code(),
        Some(1)
    );

    let bad = waymark(&["check", "good", "bad"], d);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("bad/c.md:6:9"), "{err}");
    assert!(err.contains("  Step: lots: Me"), "the line is shown: {err}");
    assert!(err.contains("^^^^"), "a caret points at it: {err}");
    assert!(err.contains("help:"), "{err}");

    assert_eq!(
        waymark(&["check", "missing-folder"], d).status.code(),
        Some(2)
    );
    assert_eq!(waymark(&["check"], d).status.code(), Some(2));
    assert_eq!(
        waymark(&["check", "--format", "yaml", "good"], d)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn check_json_for_ci() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "c.md", BAD.as_bytes());
    write(dir.path(), "w.md", WARN.as_bytes());
    let out = waymark(&["check", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["warnings"], 1);
    let first = &doc["diagnostics"][0];
    assert_eq!(first["file"], "./c.md");
    assert_eq!(first["line"], 6);
    assert_eq!(first["column"], 9);
    assert_eq!(first["severity"], "error");
    assert!(first["message"].as_str().unwrap().contains("not a number"));
    assert_eq!(doc["diagnostics"][1]["severity"], "warning");
}

#[test]
fn invalid_utf8_names_the_file_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "latin1.md", b"# Caf\xe9\n");
    let out = waymark(&["check", "latin1.md"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("latin1.md is not valid UTF-8"), "{err}");
    assert!(err.contains("offset 5"), "{err}");
}

#[test]
fn export_json_document() {
    let dir = tempfile::tempdir().unwrap();
    let text = "```journey\ntitle E-bike\npersona Maya\n  role: Commuter\nsection Awareness\n  Sees ad: 4: Maya\n    channel: social\n    pain: Pricey {severity: high}\n  Reads FAQ:\n```\n\n```journey\nsection Only\n  Go: 2\n```\n";
    write(dir.path(), "j.md", text.as_bytes());
    let out = waymark(&["export", "j.md", "--format", "json"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["schema"], "waymark-export/1");
    let j = &doc["journeys"][0];
    assert_eq!(j["title"], "E-bike");
    assert_eq!(j["stages"][0]["name"], "Awareness");
    let step = &j["stages"][0]["steps"][0];
    assert_eq!(step["name"], "Sees ad");
    assert_eq!(step["score"], 4.0);
    assert_eq!(step["actors"][0], "Maya");
    assert_eq!(step["channels"][0], "social");
    assert_eq!(step["pains"][0]["severity"], "high");
    assert!(j["stages"][0]["steps"][1]["score"].is_null());
    assert_eq!(doc["journeys"].as_array().unwrap().len(), 2);
    assert_eq!(doc["personas"][0]["role"], "Commuter");

    write(dir.path(), "bad.md", BAD.as_bytes());
    let bad = waymark(&["export", "bad.md"], dir.path());
    assert_eq!(bad.status.code(), Some(1));
    assert!(bad.stdout.is_empty(), "nothing half-written on stdout");
}

#[test]
fn shipped_schema_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = waymark(&["export", "--schema"], root);
    let shipped = std::fs::read_to_string(root.join("docs/export.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        shipped,
        "run `waymark export --schema > docs/export.schema.json`"
    );
}
