//! The build cache of `waymark build`: after each kind of change, a build that reuses the
//! last one writes exactly what a build without a cache writes (byte for byte, file for
//! file), renders only the pages the change touches, and trusts no cache it cannot read
//! whole, no cache folder it did not make and no output file changed since it wrote it.

use crate::common::waymark_in;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read file"))
        })
        .collect()
}

/// Copies a handbook, without the build cache a build in place may have left.
fn copy_dir(from: &Path, to: &Path) {
    let walk = walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".waymark-cache");
    for e in walk.flatten() {
        let rel = e.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(e.path(), &target).expect("copy file");
        }
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).expect("read page");
    std::fs::write(path, f(text)).expect("write page");
}

/// The example handbook copied into a temporary folder, with its site folder beside it.
struct Handbook {
    _tmp: tempfile::TempDir,
    src: PathBuf,
    out: PathBuf,
    fresh: PathBuf,
}

impl Handbook {
    fn new() -> Handbook {
        let tmp = tempfile::tempdir().expect("temp dir");
        let src = tmp.path().join("handbook");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
            &src,
        );
        Handbook {
            out: tmp.path().join("site"),
            fresh: tmp.path().join("fresh"),
            src,
            _tmp: tmp,
        }
    }

    /// `waymark build` into the site folder, with the cache; returns its summary line.
    fn build(&self) -> String {
        let o = waymark_in(
            &self.src,
            &["build", ".", "--out", self.out.to_str().expect("UTF-8")],
        );
        let err = stderr(&o);
        assert!(o.status.success(), "{err}");
        err.lines()
            .find(|l| l.starts_with("built "))
            .unwrap_or_default()
            .to_string()
    }

    /// Builds with the cache, then without one into a fresh folder, and checks that both
    /// sites are the same; returns the cached build's summary line.
    fn build_and_compare(&self, what: &str) -> String {
        let line = self.build();
        let _ = std::fs::remove_dir_all(&self.fresh);
        let o = waymark_in(
            &self.src,
            &[
                "build",
                ".",
                "--no-cache",
                "--out",
                self.fresh.to_str().expect("UTF-8"),
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let (cached, fresh) = (files(&self.out), files(&self.fresh));
        let differ: Vec<_> = cached
            .keys()
            .chain(fresh.keys())
            .filter(|k| cached.get(*k) != fresh.get(*k))
            .collect();
        assert!(differ.is_empty(), "{what}: these files differ: {differ:?}");
        line
    }

    fn page(&self, rel: &str) -> PathBuf {
        self.src.join(rel)
    }
}

#[test]
fn each_kind_of_change_builds_the_same_site_as_a_build_without_a_cache() {
    let h = Handbook::new();
    let first = h.build_and_compare("the first build");
    assert!(!first.contains("rendered"), "{first}");
    assert!(h.src.join(".waymark-cache/CACHEDIR.TAG").is_file());

    let line = h.build_and_compare("nothing changed");
    assert!(line.contains("(0 rendered, the rest unchanged)"), "{line}");

    // A paragraph of a page: that page alone.
    edit(&h.page("index.md"), |t| t + "\nOne more paragraph.\n");
    let line = h.build_and_compare("a paragraph");
    assert!(line.contains("(1 rendered, the rest unchanged)"), "{line}");

    // A map: its page, and the registers and indexes that list its steps.
    edit(&h.page("journeys/support-call.md"), |t| {
        t.replacen("section ", "section Renamed ", 1)
    });
    let line = h.build_and_compare("a map");
    assert!(line.contains("(1 rendered"), "{line}");

    // The current state of a pair: the future state draws it, so both.
    edit(&h.page("journeys/first-online-purchase.md"), |t| {
        t + "\nA note below the map.\n"
    });
    let line = h.build_and_compare("the current state of a pair");
    assert!(line.contains("(2 rendered"), "{line}");

    // Data a map reads: the pages that read it.
    let survey = h.page("research/checkout-survey.csv");
    edit(&survey, |t| {
        let mut lines: Vec<&str> = t.lines().collect();
        lines.truncate(lines.len().saturating_sub(3));
        lines.join("\n") + "\n"
    });
    let modified = |rel: &str| {
        std::fs::metadata(h.out.join(rel))
            .and_then(|m| m.modified())
            .expect("a file of the site")
    };
    let kept = ["pain-points.html", "pain-points.csv"].map(|f| (f, modified(f)));
    let evidence = std::fs::read(h.out.join("evidence.html")).expect("evidence page");
    h.build_and_compare("a data file");
    // The handbook's pages are made again; those the data does not show are left as
    // they were, though each is written a row at a time.
    assert_ne!(
        std::fs::read(h.out.join("evidence.html")).expect("evidence page"),
        evidence
    );
    for (file, time) in kept {
        assert_eq!(modified(file), time, "{file} was written again");
    }

    // A title: every page shows the navigation.
    edit(&h.page("personas.md"), |t| t.replacen("# ", "# Our ", 1));
    let line = h.build_and_compare("a title");
    assert!(!line.contains("rendered"), "{line}");

    // A page added, then removed: its files go too.
    std::fs::write(
        h.page("journeys/new.md"),
        "# New\n\n```journey\ntitle New\nsection S\n  Step: 3: Me\n```\n",
    )
    .expect("write page");
    h.build_and_compare("a page added");
    std::fs::remove_file(h.page("journeys/new.md")).expect("remove page");
    h.build_and_compare("a page removed");

    // The handbook's own template, and the settings.
    std::fs::create_dir_all(h.page("templates")).expect("templates folder");
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/page.html"))
            .expect("built-in page template");
    std::fs::write(
        h.page("templates/page.html"),
        page.replacen("<body", "<body data-own=\"yes\"", 1),
    )
    .expect("write template");
    h.build_and_compare("a template");
    assert!(std::fs::read_to_string(h.out.join("index.html"))
        .expect("index")
        .contains("data-own=\"yes\""));
    edit(&h.page("waymark.toml"), |t| {
        t.replacen("title = \"", "title = \"New ", 1)
    });
    h.build_and_compare("the settings");
}

#[test]
fn files_changed_in_the_output_since_are_written_again() {
    let h = Handbook::new();
    h.build();
    std::fs::remove_file(h.out.join("journeys.html")).expect("remove a handbook page");
    std::fs::write(h.out.join("index.html"), "changed by hand").expect("change a page");
    std::fs::remove_file(h.out.join("search/page-0.js")).expect("remove a search file");
    h.build_and_compare("files removed and changed");
    std::fs::write(h.out.join("stray.html"), "not waymark's").expect("add a file");
    h.build_and_compare("a file added");
}

#[test]
fn a_cache_that_cannot_be_read_whole_is_not_trusted() {
    let h = Handbook::new();
    h.build();
    let cache = h.src.join(".waymark-cache/build.bin");
    let whole = std::fs::read(&cache).expect("the cache");
    edit(&h.page("index.md"), |t| t + "\nChanged.\n");

    let mut damaged = whole.clone();
    let at = damaged.len() / 2;
    damaged[at] ^= 0xff;
    for (what, bytes, says) in [
        ("damaged", damaged, "is damaged"),
        ("cut short", whole[..whole.len() / 3].to_vec(), "is damaged"),
        ("too short", whole[..5].to_vec(), "is cut short"),
        (
            "foreign",
            b"something else entirely".to_vec(),
            "is not a build cache",
        ),
    ] {
        std::fs::write(&cache, &bytes).expect("write cache");
        let o = waymark_in(
            &h.src,
            &["build", ".", "--out", h.out.to_str().expect("UTF-8")],
        );
        let err = stderr(&o);
        assert!(o.status.success(), "{what}: {err}");
        assert!(err.contains(says), "{what}: {err}");
        assert!(err.contains("every page is built again"), "{what}: {err}");
        assert!(!err.contains("rendered, the rest"), "{what}: {err}");
        h.build_and_compare(what);
    }
}

#[test]
fn a_cache_folder_waymark_did_not_make_is_left_alone() {
    let h = Handbook::new();
    let theirs = h.src.join(".waymark-cache");
    std::fs::create_dir_all(&theirs).expect("their folder");
    std::fs::write(theirs.join("notes.txt"), "precious").expect("their file");
    let o = waymark_in(
        &h.src,
        &["build", ".", "--out", h.out.to_str().expect("UTF-8")],
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("the build cache is not used") && err.contains("not waymark's"),
        "{err}"
    );
    let names: Vec<_> = std::fs::read_dir(&theirs)
        .expect("their folder")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["notes.txt"]);
    assert_eq!(
        std::fs::read_to_string(theirs.join("notes.txt")).expect("their file"),
        "precious"
    );
    h.build_and_compare("without a cache");
}

#[test]
fn a_failed_build_leaves_the_site_and_the_cache_for_the_next() {
    let h = Handbook::new();
    h.build();
    let site = files(&h.out);
    let index = h.page("index.md");
    let good = std::fs::read_to_string(&index).expect("index");
    std::fs::write(
        &index,
        format!("{good}\n```journey\nsection S\n  Step: high: Me\n```\n"),
    )
    .expect("break the page");
    let o = waymark_in(
        &h.src,
        &["build", ".", "--out", h.out.to_str().expect("UTF-8")],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(files(&h.out), site, "the last good site is as it was");
    std::fs::write(&index, good + "\nFixed.\n").expect("fix the page");
    let line = h.build_and_compare("after a failed build");
    assert!(line.contains("(1 rendered"), "{line}");
}
