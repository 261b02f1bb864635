//! The output folder under stress: a build killed at each step of the swap (through the
//! `WAYMARK_FAILPOINT` test hook, which aborts like `kill -9`) never loses the last good
//! site, and the next build, failing or not, puts it back and says so truthfully. With the
//! build cache only changed files are replaced: a build killed before it commits them
//! leaves the site as it was, one killed while replacing them is finished by the next. `--out`
//! naming a file is refused, and an output folder inside the handbook is never read back
//! as sources, for `waymark build` and `waymark serve` alike.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const GOOD: &str = "# Home\n\n```journey\nsection S\n  Step: 3: Me\n```\n";
const NEWER: &str = "# Home again\n\n```journey\nsection T\n  Other step: 5: Me\n```\n";
const BROKEN: &str = "# Home\n\n```journey\nsection S\n  Step: high: Me\n```\n";

fn waymark_in(cwd: Option<&Path>, failpoint: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_waymark"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env("WAYMARK_TODAY", "2026-11-24")
        .env_remove("WAYMARK_FAILPOINT");
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    if let Some(step) = failpoint {
        cmd.env("WAYMARK_FAILPOINT", step);
    }
    cmd.output().expect("run waymark")
}

fn build(src: &Path, out: &Path) -> Output {
    waymark_in(None, None, &["build", s(src), "--out", s(out)])
}

/// A build that writes a whole new site and swaps it in (no build cache).
fn build_whole(src: &Path, out: &Path, failpoint: Option<&str>) -> Output {
    waymark_in(
        None,
        failpoint,
        &["build", s(src), "--out", s(out), "--no-cache"],
    )
}

fn s(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("a parent folder")).expect("create folder");
    std::fs::write(p, text).expect("write file");
}

/// Every file under `dir` with its bytes; empty when `dir` does not exist.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside dir")
                .to_path_buf();
            (rel, std::fs::read(e.path()).expect("read file"))
        })
        .collect()
}

/// The swap's own folders left beside `out`.
fn leftovers(out: &Path) -> Vec<String> {
    let name = out
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    std::fs::read_dir(out.parent().expect("a parent"))
        .expect("list parent")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.waymark-")))
        .collect()
}

/// The site `text` builds into, built in a folder of its own.
fn site_of(tmp: &Path, text: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let src = tmp.join("reference-src");
    let out = tmp.join("reference-out");
    write(&src, "index.md", text);
    assert!(build(&src, &out).status.success());
    let site = files(&out);
    assert!(site.contains_key(Path::new("index.html")));
    std::fs::remove_dir_all(&src).expect("remove reference");
    std::fs::remove_dir_all(&out).expect("remove reference");
    site
}

fn assert_aborted(o: &Output, step: &str) {
    assert!(!o.status.success(), "{step}: the build was not stopped");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(o.status.signal(), Some(6), "{step}: not aborted: {o:?}");
    }
}

/// The sites [`GOOD`] and [`NEWER`] build into, and a handbook holding [`GOOD`] with the
/// output folder it is to be built into.
fn handbook_and_sites(tmp: &Path) -> (Site, Site, PathBuf, PathBuf) {
    let first = site_of(tmp, GOOD);
    let newer = site_of(tmp, NEWER);
    let src = tmp.join("src");
    write(&src, "index.md", GOOD);
    (first, newer, src, tmp.join("out"))
}

/// Every file of a site with its bytes.
type Site = BTreeMap<PathBuf, Vec<u8>>;

/// Builds a good site, kills the build of a newer one at `step`, then checks that a
/// failing build and a good build after it both leave a whole site in place: the first
/// site when the kill came before the new one was moved in, the newer one after.
fn killed_at(step: &str, newer_in_place: bool) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let tmp = tmp.path();
    let (first, newer, src, out) = handbook_and_sites(tmp);
    let old = tmp.join(".out.waymark-old");
    assert!(build_whole(&src, &out, None).status.success());
    assert_eq!(files(&out), first);

    write(&src, "index.md", NEWER);
    let killed = build_whole(&src, &out, Some(step));
    assert_aborted(&killed, step);
    let last_good = if newer_in_place { &newer } else { &first };
    // Right after the kill the last good site is whole, in place or aside.
    let holder = if out.exists() { &out } else { &old };
    assert_eq!(&files(holder), last_good, "{step}: right after the kill");

    let was_aside = !out.exists();
    write(&src, "index.md", BROKEN);
    let failed = build_whole(&src, &out, None);
    let err = stderr(&failed);
    assert_eq!(failed.status.code(), Some(1), "{step}: {err}");
    assert!(
        err.contains(&format!(
            "the last good output in {} was left as it was",
            out.canonicalize().expect("out exists").display()
        )),
        "{step}: {err}"
    );
    assert_eq!(
        err.contains("put the last good site back"),
        was_aside,
        "{step}: {err}"
    );
    assert_eq!(&files(&out), last_good, "{step}: after a failing build");
    assert!(leftovers(&out).is_empty(), "{step}: {:?}", leftovers(&out));

    write(&src, "index.md", NEWER);
    let o = build_whole(&src, &out, None);
    assert!(o.status.success(), "{step}: {}", stderr(&o));
    assert_eq!(files(&out), newer, "{step}: after a good build");
    assert!(leftovers(&out).is_empty(), "{step}: {:?}", leftovers(&out));
}

/// With the build cache: builds a good site, kills the build of a newer one at `step`,
/// then checks that a failing build finishes what was committed (the newer site when the
/// kill came after the commit) and a good build after it leaves the newer site, each with
/// no folder of its own left beside the output.
fn killed_while_replacing_at(step: &str, committed: bool) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let tmp = tmp.path();
    let (first, newer, src, out) = handbook_and_sites(tmp);
    assert!(build(&src, &out).status.success());
    assert_eq!(files(&out), first);

    write(&src, "index.md", NEWER);
    let killed = waymark_in(None, Some(step), &["build", s(&src), "--out", s(&out)]);
    assert_aborted(&killed, step);
    if !committed {
        assert_eq!(files(&out), first, "{step}: right after the kill");
    }

    write(&src, "index.md", BROKEN);
    let failed = build(&src, &out);
    let err = stderr(&failed);
    assert_eq!(failed.status.code(), Some(1), "{step}: {err}");
    assert_eq!(
        err.contains("finished replacing the files"),
        committed,
        "{step}: {err}"
    );
    let last_good = if committed { &newer } else { &first };
    assert_eq!(&files(&out), last_good, "{step}: after a failing build");
    assert!(leftovers(&out).is_empty(), "{step}: {:?}", leftovers(&out));

    write(&src, "index.md", NEWER);
    let o = build(&src, &out);
    assert!(o.status.success(), "{step}: {}", stderr(&o));
    assert_eq!(files(&out), newer, "{step}: after a good build");
    assert!(leftovers(&out).is_empty(), "{step}: {:?}", leftovers(&out));
}

#[test]
fn killed_before_the_changed_files_are_committed() {
    killed_while_replacing_at("after-staging", false);
}

#[test]
fn killed_while_the_changed_files_are_moved_in() {
    killed_while_replacing_at("while-patching", true);
}

#[test]
fn killed_after_the_new_site_is_staged() {
    killed_at("after-staging", false);
}

#[test]
fn killed_after_the_old_site_is_moved_aside() {
    killed_at("after-aside", false);
}

#[test]
fn killed_after_the_new_site_is_moved_in() {
    killed_at("after-new-in", true);
}

#[test]
fn killed_while_the_old_site_is_removed() {
    killed_at("while-removing-old", true);
}

#[test]
fn a_build_that_cannot_read_its_config_leaves_the_aside_copy_alone() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = tmp.path().join("src");
    write(&src, "index.md", GOOD);
    let run = |failpoint| waymark_in(Some(&src), failpoint, &["build", ".", "--no-cache"]);
    assert!(run(None).status.success());
    let first = files(&src.join("_site"));
    write(&src, "index.md", NEWER);
    assert_aborted(&run(Some("after-aside")), "after-aside");
    assert!(!src.join("_site").exists());

    // Without a config the output folder is unknown: nothing may be touched.
    write(&src, "waymark.toml", "title = \"X\"\ncolour = \"red\"\n");
    let o = run(None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("no output folder was touched"), "{err}");
    assert_eq!(files(&src.join("._site.waymark-old")), first);

    std::fs::remove_file(src.join("waymark.toml")).expect("remove config");
    write(&src, "index.md", BROKEN);
    let o = run(None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("put the last good site back"), "{err}");
    assert_eq!(files(&src.join("_site")), first);
    assert!(!src.join("._site.waymark-old").exists());
}

#[test]
fn an_out_that_is_a_file_is_refused_and_kept() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = tmp.path().join("src");
    write(&src, "index.md", GOOD);
    let file = tmp.path().join("notes.txt");
    write(tmp.path(), "notes.txt", "precious");
    for _ in 0..2 {
        let o = build(&src, &file);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains("refusing") && err.contains("notes.txt") && err.contains("is a file"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(&file).expect("the file is still there"),
            "precious"
        );
        assert!(leftovers(&file).is_empty(), "{:?}", leftovers(&file));
    }
}

/// The paths of the files under `dir`.
fn paths(dir: &Path) -> Vec<PathBuf> {
    files(dir).into_keys().collect()
}

#[test]
fn a_relative_out_inside_the_handbook_is_never_read_back() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = tmp.path().join("src");
    write(&src, "index.md", GOOD);
    write(
        &src,
        "img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let reference = tmp.path().join("reference");
    assert!(build(&src, &reference).status.success());
    for round in 0..3 {
        let o = waymark_in(Some(&src), None, &["build", ".", "--out", "public"]);
        assert!(o.status.success(), "round {round}: {}", stderr(&o));
    }
    assert!(!src.join("public/public").exists());
    assert_eq!(paths(&src.join("public")), paths(&reference));
}

#[test]
fn an_absolute_out_inside_the_handbook_is_never_read_back() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = tmp.path().join("src");
    write(&src, "index.md", GOOD);
    let reference = tmp.path().join("reference");
    assert!(build(&src, &reference).status.success());
    let www = src.join("www");
    for round in 0..3 {
        let o = build(&src, &www);
        assert!(o.status.success(), "round {round}: {}", stderr(&o));
    }
    assert!(!www.join("www").exists());
    assert_eq!(paths(&www), paths(&reference));
    // A site built earlier under another name is not input either.
    let other = src.join("other");
    assert!(build(&src, &other).status.success());
    assert!(!other.join("www").exists());
    assert_eq!(paths(&other), paths(&reference));
}

#[test]
fn serve_refuses_an_out_that_is_a_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = tmp.path().join("src");
    write(&src, "index.md", GOOD);
    let file = tmp.path().join("notes.txt");
    write(tmp.path(), "notes.txt", "precious");
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["serve", s(&src), "--port", "0", "--out", s(&file)])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start waymark serve");
    let stderr = child.stderr.take().expect("stderr");
    // The first build is written before the server says where it listens.
    let mut before = Vec::new();
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        if line.contains("http://") {
            break;
        }
        before.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        before
            .iter()
            .any(|l| l.contains("refusing") && l.contains("notes.txt") && l.contains("is a file")),
        "{before:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("the file is still there"),
        "precious"
    );
    assert!(leftovers(&file).is_empty(), "{:?}", leftovers(&file));
}
