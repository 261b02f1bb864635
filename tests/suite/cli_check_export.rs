//! `waymark check` and `waymark export`, run as the real binary.

use std::path::Path;
use std::process::{Command, Output};

fn waymark(args: &[&str], dir: &Path) -> Output {
    crate::common::waymark_in(dir, args)
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
    assert!(first["message"]
        .as_str()
        .unwrap()
        .contains("neither a number nor a data source"));
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

/// Runs waymark in `dir` with `input` on its standard input.
fn waymark_stdin(args: &[&str], dir: &Path, input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start waymark");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("write stdin");
    drop(stdin);
    child.wait_with_output().expect("wait for waymark")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The names of the files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

const DAY_MMD: &str = "journey\n  title My day\n  section Go to work\n    Make tea: 5: Me\n";
const FLOWCHART: &str = "flowchart LR\n  A --> B\n";

#[test]
fn mermaid_files_are_drawn_checked_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "day.mmd", DAY_MMD.as_bytes());
    let o = waymark(&["svg", "day.mmd", "--out", "out"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(d.join("out/my-day.svg")).unwrap();
    assert!(svg.contains("Make tea"), "the step is drawn");

    let o = waymark(&["check", "day.mmd"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("checked 1 file, 1 journey: 0 errors"));

    let o = waymark(&["export", "day.mmd"], d);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["journeys"][0]["title"], "My day");
}

#[test]
fn check_finds_mermaid_journeys_in_folders_and_leaves_other_diagrams() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "maps/day.mmd", DAY_MMD.as_bytes());
    write(d, "maps/week.mermaid", DAY_MMD.as_bytes());
    write(d, "maps/flow.mmd", FLOWCHART.as_bytes());
    let o = waymark(&["check", "maps"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("checked 2 files, 2 journeys: 0 errors"),
        "{}",
        stderr(&o)
    );
    // Named outright, a Mermaid file that is no journey is reported.
    let o = waymark(&["check", "maps/flow.mmd"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("maps/flow.mmd:1:1"), "{}", stderr(&o));
}

#[test]
fn a_dash_reads_standard_input_in_check_export_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = waymark_stdin(&["check", "-"], d, BAD);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("<stdin>:6:9"), "{}", stderr(&o));
    let o = waymark_stdin(&["check", "-"], d, GOOD);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("checked 1 file, 1 journey"));

    let o = waymark_stdin(&["export", "-"], d, GOOD);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["journeys"][0]["title"], "Good");

    // A Mermaid journey piped in is read as the .mmd file it came from.
    let o = waymark_stdin(&["svg", "-", "--out", "out"], d, DAY_MMD);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_in(&d.join("out")), ["my-day.svg"]);
    let o = waymark_stdin(&["svg", "-", "--out", "out"], d, BAD);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("<stdin>:6:9"), "{}", stderr(&o));
}

#[test]
fn svg_draws_mermaid_fences_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let page = "# Page\n\n```mermaid\njourney\n  title Fenced\n  section S\n    Step: 3: Me\n```\n";
    write(d, "page.md", page.as_bytes());
    let o = waymark(&["svg", "page.md", "--out", "plain"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(files_in(&d.join("plain")).is_empty(), "nothing drawn");
    assert!(
        stderr(&o).contains("page.md holds no journey") && stderr(&o).contains("--mermaid"),
        "{}",
        stderr(&o)
    );
    let o = waymark(&["svg", "page.md", "--mermaid", "--out", "asked"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_in(&d.join("asked")), ["fenced.svg"]);
}

#[test]
fn svg_speaks_the_journeys_language_unless_told_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "```journey\ntitle Tag\nlang de\nsection S\n  Tee kochen: 3: Ich\n```\n";
    write(d, "tag.md", text.as_bytes());
    let o = waymark(&["svg", "tag.md", "--out", "de"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(d.join("de/tag.svg")).unwrap();
    assert!(
        svg.contains(">Aktionen<") && !svg.contains(">Actions<"),
        "German lane names"
    );
    let o = waymark(&["svg", "tag.md", "--lang", "sv", "--out", "sv"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(d.join("sv/tag.svg")).unwrap();
    assert!(svg.contains(">Handlingar<") && !svg.contains(">Aktionen<"));
}

#[test]
fn svg_themes_are_checked_like_everywhere_else() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "day.mmd", DAY_MMD.as_bytes());
    let o = waymark(&["svg", "day.mmd", "--theme", "darkk", "--out", "out"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown theme `darkk`") && stderr(&o).contains("did you mean `dark`?"),
        "{}",
        stderr(&o)
    );
    let text = "```journey\ntitle T\ntheme darkk\nsection S\n  Step: 3: Me\n```\n";
    write(d, "t.md", text.as_bytes());
    let o = waymark(&["svg", "t.md", "--out", "out"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("t.md:3:7") && stderr(&o).contains("did you mean `dark`?"),
        "{}",
        stderr(&o)
    );
    assert!(files_in(&d.join("out")).is_empty(), "nothing drawn");
    // A theme of one's own is found by its name, in the file too.
    let dark =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/dark.toml"))
            .unwrap();
    let mine = dark.replace("name = \"dark\"", "name = \"darkk\"");
    write(d, "mine/darkk.toml", mine.as_bytes());
    let o = waymark(&["svg", "t.md", "--themes-dir", "mine", "--out", "out"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn svg_names_and_ids_never_collide() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fence = |step: &str| format!("```journey\ntitle Same\nsection S\n  {step}: 3: Me\n```\n");
    write(d, "a.md", (fence("First") + &fence("Second")).as_bytes());
    write(d, "b.md", fence("Other").as_bytes());
    let o = waymark(&["svg", "a.md", "--out", "a"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_in(&d.join("a")), ["same-2.svg", "same.svg"]);
    let first = std::fs::read_to_string(d.join("a/same.svg")).unwrap();
    let second = std::fs::read_to_string(d.join("a/same-2.svg")).unwrap();
    assert!(first.contains("First") && second.contains("Second"));
    let o = waymark(&["svg", "b.md", "--out", "b"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let other = std::fs::read_to_string(d.join("b/same.svg")).unwrap();
    let id = |svg: &str| {
        let at = svg.find(" id=\"").unwrap() + 5;
        svg[at..at + svg[at..].find('"').unwrap()].to_string()
    };
    let ids = [id(&first), id(&second), id(&other)];
    assert!(
        ids[0] != ids[1] && ids[0] != ids[2] && ids[1] != ids[2],
        "{ids:?}"
    );
    let o = waymark(&["svg", "b.md", "--id-prefix", "x", "--out", "x"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        id(&std::fs::read_to_string(d.join("x/same.svg")).unwrap()),
        "x-1"
    );
}

#[test]
fn a_missing_file_is_reported_with_its_cause() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["export", "missing.md"][..],
        &["svg", "missing.md"],
        &["render", "missing.md"],
    ] {
        let o = waymark(args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.starts_with(
                "error: cannot read missing.md\n  caused by: No such file or directory"
            ),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn svg_leaves_a_picture_that_did_not_change_alone_and_replaces_one_that_did() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        "a.journey",
        b"title Trip\nsection Go\n  Pack: 3: Kim\n",
    );
    let ino = || std::fs::metadata(dir.join("out/trip.svg")).unwrap().ino();
    assert!(waymark(&["svg", "a.journey", "--out", "out"], dir)
        .status
        .success());
    let first = ino();
    assert!(waymark(&["svg", "a.journey", "--out", "out"], dir)
        .status
        .success());
    assert_eq!(ino(), first, "the same picture is not written again");
    write(
        dir,
        "a.journey",
        b"title Trip\nsection Go\n  Pack: 4: Kim\n",
    );
    assert!(waymark(&["svg", "a.journey", "--out", "out"], dir)
        .status
        .success());
    assert_ne!(ino(), first, "a changed picture replaces the file");
    let svg = std::fs::read_to_string(dir.join("out/trip.svg")).unwrap();
    assert!(svg.contains(">4<"), "the new picture");
}
