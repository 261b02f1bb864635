//! What `waymark build` and `waymark serve` read from a handbook folder: nothing outside it
//! through a link (theme and template files, pages, static files, map themes, the config,
//! folders), no special files, no editor backups or scratch files; and the preview's
//! watcher agreeing with the walk on which files belong to the handbook.

#![cfg(unix)]

use crate::common::Server;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "TOP-SECRET-d41d8cd98f00b204";

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn link(target: &Path, dir: &Path, rel: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    symlink(target, p).unwrap();
}

/// A small handbook in `dir/site`, and a secret file beside it in `dir/outside`.
fn handbook(dir: &Path) -> (PathBuf, PathBuf) {
    let src = dir.join("site");
    write(&src, "index.md", "# Home\n\nWelcome.\n");
    write(
        &src,
        "j/map.md",
        "# Map page\n\n```journey\ntitle Checkout\nsection Pay\n  Enters card: 2: Maya\n```\n",
    );
    let secret = dir.join("outside/secret.txt");
    write(dir, "outside/secret.txt", SECRET);
    (src, secret)
}

/// Runs `waymark build` on `src`, giving up (and failing) if it never finishes.
fn build(src: &Path) -> Output {
    build_with_env(src, &[])
}

fn build_with_env(src: &Path, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["build", src.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run waymark build");
    // A build that reads a FIFO or /dev/zero never ends by itself.
    let end = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > end {
            let _ = child.kill();
            let _ = child.wait();
            panic!("waymark build {} never finished", src.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Every regular file under `dir` (links not followed) holding `needle`, but `except`.
fn holding(dir: &Path, needle: &str, except: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path() != except)
        .filter(|e| {
            std::fs::read(e.path()).is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle))
        })
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn links_out_of_the_handbook_are_refused_and_named() {
    for (rel, named) in [
        ("theme/waymark.js", "theme/waymark.js"),
        ("theme/waymark.css", "theme/waymark.css"),
        ("theme/favicon.svg", "theme/favicon.svg"),
        ("templates/page.html", "templates/page.html"),
        ("leak.md", "leak.md"),
        ("j/leak.journey", "j/leak.journey"),
        ("img/logo.png", "img/logo.png"),
        ("SUMMARY.md", "SUMMARY.md"),
        ("waymark.toml", "waymark.toml"),
        ("themes/evil.toml", "themes/evil.toml"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let (src, secret) = handbook(tmp.path());
        link(&secret, &src, rel);
        let o = build(&src);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{rel}: the build must fail\n{err}");
        assert!(
            err.contains(named),
            "{rel}: the error names the file\n{err}"
        );
        assert!(
            err.contains("outside the handbook"),
            "{rel}: the error says why\n{err}"
        );
        assert!(err.contains("help:"), "{rel}: and how to fix it\n{err}");
        assert!(!err.contains(SECRET), "{rel}: the report leaks\n{err}");
        let leaks = holding(tmp.path(), SECRET, &secret);
        assert!(leaks.is_empty(), "{rel}: leaked into {leaks:?}");
    }
}

#[test]
fn a_folder_linked_from_outside_is_not_walked() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, secret) = handbook(tmp.path());
    write(
        tmp.path(),
        "outside/docs/inside.md",
        &format!("# {SECRET}\n"),
    );
    link(&tmp.path().join("outside/docs"), &src, "docs");
    // The theme folder itself linked out of the handbook.
    write(tmp.path(), "outside/theme/waymark.css", SECRET);
    link(&tmp.path().join("outside/theme"), &src, "theme");
    let o = build(&src);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("docs is a link to the folder"), "{err}");
    assert!(err.contains("theme/waymark.css"), "{err}");
    let leaks = holding(tmp.path(), SECRET, &secret);
    let leaks: Vec<_> = leaks
        .into_iter()
        .filter(|p| !p.starts_with(tmp.path().join("outside")))
        .collect();
    assert!(leaks.is_empty(), "leaked into {leaks:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_build_machines_environment_and_endless_files_are_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, _) = handbook(tmp.path());
    link(Path::new("/proc/self/environ"), &src, "theme/waymark.js");
    link(Path::new("/dev/zero"), &src, "theme/waymark.css");
    link(Path::new("/etc/passwd"), &src, "templates/page.html");
    let token = "ghp_handbooktoken0123456789";
    let o = build_with_env(&src, &[("WAYMARK_TEST_TOKEN", token)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("templates/page.html is a link to /etc/passwd"),
        "{err}"
    );
    assert!(!err.contains("root:"), "{err}");
    assert!(holding(tmp.path(), token, Path::new("")).is_empty());
    assert!(holding(tmp.path(), "root:", Path::new("")).is_empty());

    // One at a time, so each refusal is seen (the first fatal one stops the build).
    std::fs::remove_file(src.join("templates/page.html")).unwrap();
    let o = build_with_env(&src, &[("WAYMARK_TEST_TOKEN", token)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("theme/waymark.css is a link to /dev/zero"),
        "{err}"
    );
    std::fs::remove_file(src.join("theme/waymark.css")).unwrap();
    let o = build_with_env(&src, &[("WAYMARK_TEST_TOKEN", token)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("theme/waymark.js is a link to"), "{err}");
    assert!(!err.contains(token), "{err}");
    assert!(holding(tmp.path(), token, Path::new("")).is_empty());
}

#[test]
fn special_and_huge_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, _) = handbook(tmp.path());
    std::fs::create_dir_all(src.join("theme")).unwrap();
    let fifo = src.join("theme/waymark.js");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let o = build(&src);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("theme/waymark.js is not a regular file but a named pipe"),
        "{err}"
    );
    std::fs::remove_file(&fifo).unwrap();

    // Larger than any page needs: refused before it is read into memory.
    let big = std::fs::File::create(src.join("big.md")).unwrap();
    big.set_len(9 << 20).unwrap();
    let o = build(&src);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("big.md is larger than 8 MiB"), "{err}");
}

#[test]
fn links_inside_the_handbook_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, _) = handbook(tmp.path());
    write(&src, "styles/site.css", "body { color: rebeccapurple }");
    link(Path::new("../styles/site.css"), &src, "theme/waymark.css");
    link(Path::new("index.md"), &src, "home.md");
    // A folder linked inside the handbook: its files are published where they really are.
    link(Path::new("j"), &src, "again");
    let o = build(&src);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let out = src.join("_site");
    let css = std::fs::read_to_string(out.join("waymark.css")).unwrap();
    assert!(css.contains("rebeccapurple"));
    let home = std::fs::read_to_string(out.join("home.html")).unwrap();
    assert!(home.contains("Welcome."));
    assert!(out.join("j/map.html").is_file());
    assert!(!out.join("again").exists());
}

#[test]
fn editor_backups_and_scratch_files_are_never_published() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, _) = handbook(tmp.path());
    let plan = "---\ndraft: true\n---\n# Plan\n\nDRAFT-PLAN-CONTENT\n";
    write(&src, "plan.md", plan);
    for rel in [
        "plan.md~",
        "#plan.md#",
        "plan.md.swp",
        "x.tmp",
        "plan.md___jb_tmp___",
        "plan.md___jb_old___",
        "4913",
        "dl.pdf.part",
        "dl.pdf.crdownload",
        "old~/plan.md",
    ] {
        write(&src, rel, plan);
    }
    // Emacs' lock file: a link to nowhere.
    link(Path::new("user@host.1234:1700000000"), &src, ".#plan.md");
    let o = build(&src);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let out = src.join("_site");
    assert!(out.join("index.html").is_file());
    let leaks = holding(&out, "DRAFT-PLAN-CONTENT", Path::new(""));
    assert!(leaks.is_empty(), "the draft leaked into {leaks:?}");
    let names: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for scratch in ["plan.md~", "#plan.md#", "x.tmp", "4913", "old~"] {
        assert!(!names.iter().any(|n| n == scratch), "{scratch} published");
    }
}

const OVERLAY: &str = "id=\"waymark-error-overlay\"";

#[test]
fn preview_survives_a_scratch_file_that_comes_and_goes() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, _) = handbook(tmp.path());
    let server = Server::start(&src, &[]);
    write(&src, "x.tmp", "half-written");
    write(&src, "index.md~", "# Home\n\nbackup\n");
    // A new page changes the navigation, so the whole handbook is read again.
    write(&src, "new.md", "# New\n");
    let (code, _) = server.until("/new.html", |c, _| c == 200);
    assert_eq!(code, 200);
    assert_eq!(server.get("/x.tmp").0, 404, "scratch files are not served");
    assert_eq!(server.get("/index.md~").0, 404);
    std::fs::remove_file(src.join("x.tmp")).unwrap();
    // An edit of a page's body (its title and so the navigation stay): a rebuild, not a
    // full re-read, which must not trip over the file that is gone.
    write(&src, "index.md", "# Home\n\nEdited body.\n");
    let (_, body) = server.until("/index.html", |_, b| b.contains("Edited body."));
    assert!(body.contains("Edited body."), "the edit was never built");
    assert!(!body.contains(OVERLAY), "{body}");
}

#[test]
fn preview_refuses_a_page_replaced_by_a_link_out_of_the_handbook() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, secret) = handbook(tmp.path());
    let server = Server::start(&src, &[]);
    assert_eq!(server.get("/j/map.html").0, 200);
    std::fs::remove_file(src.join("j/map.md")).unwrap();
    symlink(&secret, src.join("j/map.md")).unwrap();
    let (_, body) = server.until("/j/map.html", |_, b| b.contains(OVERLAY));
    assert!(body.contains(OVERLAY), "the refusal is shown: {body}");
    assert!(body.contains("map.md is a link to"), "{body}");
    assert!(body.contains("outside the handbook"), "{body}");
    assert!(!body.contains(SECRET), "the outside file was served");
    for path in ["/j/map.html", "/index.html", "/j/map.md"] {
        assert!(!server.get(path).1.contains(SECRET), "{path} leaked");
    }
    // Put back as a file, the page is built again and the overlay goes.
    std::fs::remove_file(src.join("j/map.md")).unwrap();
    write(&src, "j/map.md", "# Map page\n\nBack again.\n");
    let (_, body) = server.until("/j/map.html", |_, b| b.contains("Back again."));
    assert!(
        body.contains("Back again.") && !body.contains(OVERLAY),
        "{body}"
    );
}

/// The number of inotify watches the process `pid` holds.
#[cfg(target_os = "linux")]
fn watches(pid: u32) -> usize {
    let mut n = 0;
    for fd in std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .flatten()
    {
        let is_inotify =
            std::fs::read_link(fd.path()).is_ok_and(|t| t.to_string_lossy().contains("inotify"));
        if is_inotify {
            let info = format!("/proc/{pid}/fdinfo/{}", fd.file_name().to_string_lossy());
            let info = std::fs::read_to_string(info).unwrap_or_default();
            n += info
                .lines()
                .filter(|l| l.starts_with("inotify wd:"))
                .count();
        }
    }
    n
}

#[cfg(target_os = "linux")]
#[test]
fn preview_does_not_watch_folders_linked_from_outside() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, _) = handbook(tmp.path());
    for i in 0..40 {
        std::fs::create_dir_all(tmp.path().join(format!("outside/tree/d{i}"))).unwrap();
    }
    link(&tmp.path().join("outside/tree"), &src, "vendor");
    // The watch is in place once the server says where it listens.
    let server = Server::start(&src, &[]);
    let n = watches(server.child.id());
    assert!(n > 0, "the handbook is watched");
    assert!(n < 40, "{n} watches: the linked folder was followed");
}
