//! The handbook's "since last review" view (a map's changes since the commit that set
//! its review date, read through the real git) and current/future pairs: linked both
//! ways, listed together, and every bad `counterpart` reported at its line.

use std::path::Path;
use std::process::Command;

use crate::common::waymark;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn commit(dir: &Path, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

/// Builds `dir` into `dir/out`: (success, stderr).
fn build(dir: &Path) -> (bool, String) {
    let out = dir.join("out");
    let o = waymark(&[
        "build",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

fn page(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join("out").join(rel)).unwrap()
}

/// The `<details>` of the view on a page, when there is one.
fn view(html: &str) -> Option<&str> {
    let start = html.find("<details class=\"wm-since-review\">")?;
    let end = html[start..].find("</details>")? + start;
    Some(&html[start..end])
}

const OLD: &str = "# Buying\n\n```journey\ntitle Buy a ticket\nreviewed 2026-01-10\nsection Find\n  Search: 3\n  Compare prices: 2\n    pain: Hidden fees\nsection Pay\n  Enter card: 2\n  Confirm: 4\n```\n";

const REVIEWED: &str = "# Buying\n\n```journey\ntitle Buy a ticket\nreviewed 2026-03-01\nsection Find\n  Search: 3\n  Compare prices: 2\n    pain: Hidden fees\nsection Pay\n  Enter card: 2\n  Confirm: 4\n```\n";

/// After the review: a step added, one removed, a score changed, the pain resolved, an
/// opportunity added.
const LATER: &str = "# Buying\n\n```journey\ntitle Buy a ticket\nreviewed 2026-03-01\nsection Find\n  Search: 3\n  Compare prices: 4\n    opportunity: Show the full price first\n  Read reviews: 3\nsection Pay\n  Enter card: 2\n```\n";

#[test]
fn a_page_shows_exactly_the_changes_since_its_review_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q"]);
    write(dir, "index.md", "# Home\n");
    write(dir, "buy.md", OLD);
    commit(dir, "first map");
    // An edit before the review is part of what was reviewed.
    write(
        dir,
        "buy.md",
        &OLD.replace("Search: 3", "Search: 3\n    channel: web"),
    );
    commit(dir, "channel");
    write(dir, "buy.md", REVIEWED);
    let review = commit(dir, "reviewed");
    // Right after the review nothing changed: no view.
    let (ok, err) = build(dir);
    assert!(ok, "{err}");
    assert!(view(&page(dir, "buy.html")).is_none());

    write(dir, "buy.md", LATER);
    commit(dir, "later edits");
    let (ok, err) = build(dir);
    assert!(ok, "{err}");
    let html = page(dir, "buy.html");
    let v = view(&html).unwrap_or_else(|| panic!("no view in {html}"));
    assert!(
        v.contains(&format!("title=\"{review}\">{}</code>", &review[..7])),
        "{v}"
    );
    assert!(v.contains("2026-03-01"), "{v}");
    for said in [
        "Steps added: 1",
        "Steps removed: 1",
        "Score changes: 1",
        "Pains resolved: 1",
        "Opportunities added: 1",
        "<li>Find › Read reviews</li>",
        "<li>Pay › Confirm</li>",
        "<li>Find › Compare prices: 2 → 4 (+2)</li>",
        "<li>Hidden fees (Find › Compare prices)</li>",
        "<li>Show the full price first (Find › Compare prices)</li>",
    ] {
        assert!(v.contains(said), "`{said}` missing from {v}");
    }
    // The review date and the edit before the review are not changes since it.
    assert!(!v.contains("Other changes"), "{v}");
    assert!(
        !v.contains("Steps renamed") && !v.contains("Steps moved"),
        "{v}"
    );
    // Uncommitted edits count too: the page as it is now is compared.
    write(
        dir,
        "buy.md",
        &LATER.replace("  Enter card: 2\n", "  Enter card: 2\n  Receipt: 5\n"),
    );
    let (ok, err) = build(dir);
    assert!(ok, "{err}");
    let html = page(dir, "buy.html");
    assert!(view(&html).unwrap().contains("Steps added: 2"), "{html}");
    // A new review date not yet committed: nothing to compare with.
    write(dir, "buy.md", &LATER.replace("2026-03-01", "2026-04-01"));
    let (ok, err) = build(dir);
    assert!(ok, "{err}");
    assert!(view(&page(dir, "buy.html")).is_none());
}

#[test]
fn the_view_links_the_commit_when_the_handbook_says_where() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q"]);
    write(
        dir,
        "waymark.toml",
        "commit_url = \"https://git.example.com/cx/commit/{commit}\"\n",
    );
    write(dir, "buy.md", REVIEWED);
    let review = commit(dir, "reviewed");
    write(dir, "buy.md", LATER);
    commit(dir, "later");
    let (ok, err) = build(dir);
    assert!(ok, "{err}");
    let html = page(dir, "buy.html");
    let href = format!("<a href=\"https://git.example.com/cx/commit/{review}\">");
    assert!(view(&html).unwrap().contains(&href), "{html}");
}

#[test]
fn no_repository_no_new_file_no_view_and_the_build_is_fine() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "buy.md", LATER);
    let (ok, err) = build(dir);
    assert!(ok, "{err}");
    assert!(!err.contains("error"), "{err}");
    assert!(view(&page(dir, "buy.html")).is_none());
    // In a repository, but the file is not committed yet.
    git(dir, &["init", "-q"]);
    write(dir, "other.md", "# Other\n");
    commit(dir, "another page");
    let (ok, err) = build(dir);
    assert!(ok, "{err}");
    assert!(view(&page(dir, "buy.html")).is_none());
}

fn journey(title: &str, state: &str, counterpart: &str, stages: &[&str]) -> String {
    let mut s = format!("# {title}\n\n```journey\ntitle {title}\n");
    if !state.is_empty() {
        s.push_str(&format!("state {state}\n"));
    }
    if !counterpart.is_empty() {
        s.push_str(&format!("counterpart {counterpart}\n"));
    }
    for st in stages {
        s.push_str(&format!("section {st}\n  Do something in {st}: 3\n"));
    }
    s.push_str("```\n");
    s
}

#[test]
fn pairs_are_linked_both_ways_and_listed_together() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        "a-today.md",
        &journey(
            "Buy today",
            "current",
            "plans/b-future.md",
            &["Find", "Pay"],
        ),
    );
    write(
        dir,
        "m-other.md",
        &journey("Something else", "", "", &["Find"]),
    );
    // The future page does not name its counterpart: it is linked back anyway.
    write(
        dir,
        "plans/b-future.md",
        &journey("Buy tomorrow", "future", "", &["Find", "Pay"]),
    );
    let (ok, err) = build(dir);
    assert!(ok, "{err}");
    assert!(err.contains(": 0 warnings"), "{err}");
    let today = page(dir, "a-today.html");
    assert!(
        today.contains("<p class=\"wm-counterpart\"><span>Future state:</span> <a href=\"./plans/b-future.html#map-1-figure\">Buy tomorrow</a></p>"),
        "{today}"
    );
    let future = page(dir, "plans/b-future.html");
    assert!(
        future.contains(
            "<span>Current state:</span> <a href=\"../a-today.html#map-1-figure\">Buy today</a>"
        ),
        "{future}"
    );
    let index = page(dir, "journeys.html");
    let (a, b, m) = (
        index.find(">Buy today</a> <span class=\"wm-state wm-state-current\">current</span>"),
        index.find(">Buy tomorrow</a> <span class=\"wm-state wm-state-future\">future</span>"),
        index.find(">Something else</a>"),
    );
    let (a, b, m) = (a.expect(&index), b.expect(&index), m.expect(&index));
    // Listed together: the future right after the current, before the page between them.
    assert!(a < b && b < m, "{index}");
}

#[test]
fn every_bad_counterpart_is_reported_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        "missing.md",
        &journey("Missing", "current", "nowhere.md", &["Find"]),
    );
    write(dir, "empty-target.md", "# No map here\n");
    write(
        dir,
        "empty.md",
        &journey("Empty", "current", "empty-target.md", &["Find"]),
    );
    write(
        dir,
        "untitled.md",
        &journey("Untitled", "current", "two.md \"Nope\"", &["Find"]),
    );
    write(
        dir,
        "two.md",
        &format!(
            "{}{}",
            journey("One", "future", "", &["Find"]),
            journey("Two", "future", "", &["Find"])
        ),
    );
    write(
        dir,
        "which.md",
        &journey("Which", "current", "two.md", &["Find"]),
    );
    write(
        dir,
        "same-a.md",
        &journey("Same A", "current", "same-b.md", &["Find"]),
    );
    write(
        dir,
        "same-b.md",
        &journey("Same B", "current", "", &["Find"]),
    );
    write(
        dir,
        "stages-a.md",
        &journey("Stages A", "current", "stages-b.md", &["Find", "Pay"]),
    );
    write(
        dir,
        "stages-b.md",
        &journey("Stages B", "future", "", &["Find", "Use"]),
    );
    let (ok, err) = build(dir);
    assert!(!ok, "{err}");
    for (file, line, said) in [
        (
            "missing.md",
            6,
            "the counterpart page `nowhere.md` does not exist in the handbook",
        ),
        ("empty.md", 6, "`empty-target.md` holds no journey"),
        ("untitled.md", 6, "`two.md` has no journey titled \"Nope\""),
        (
            "which.md",
            6,
            "`two.md` holds 2 journeys; which one is the counterpart?",
        ),
        ("same-a.md", 6, "both show the current state"),
        (
            "stages-a.md",
            6,
            "different stages (missing here: `Use`; missing in stages-b.md: `Pay`)",
        ),
    ] {
        let at = format!("{file}:{line}:");
        let found = err.lines().position(|l| l.contains(said));
        let found = found.unwrap_or_else(|| panic!("`{said}` missing from {err}"));
        let near = err
            .lines()
            .skip(found)
            .take(3)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(near.contains(&at), "`{said}` not at {at}: {near}");
    }
    assert!(err.contains("its journeys: \"One\", \"Two\""), "{err}");
    // The stage difference is a warning, the rest errors.
    let stages = err
        .lines()
        .find(|l| l.contains("different stages"))
        .unwrap();
    assert!(stages.starts_with("warning"), "{stages}");
}
