//! "Since last review": in a handbook kept in git, what changed in each map since the
//! commit that gave its `reviewed` line the value it has now. Read through the `git`
//! binary, compared with [`crate::diff`], written as a `<details>` under the map.
//!
//! Nothing here is an error: outside a repository, without git, for a file git does not
//! track yet or a review not committed yet there is simply no view. Git runs with a time
//! limit so a slow repository cannot hold a build (or the preview's reload) up for long.

use crate::diff::{self, DiffOptions, JourneyDiff, Side};
use crate::journey::source::FenceOptions;
use crate::journey::{parse_source, Journey, SourceKind};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long git may take for one page before the page goes without the view.
const PAGE_BUDGET: Duration = Duration::from_secs(3);

/// How many commits that touched a `reviewed` line are looked at, newest first.
const MAX_COMMITS: &str = "50";

/// The repository a handbook is in, as one build sees it.
#[derive(Debug, Clone)]
pub(crate) struct Repo {
    /// The handbook's folder; git runs there, and paths are relative to it.
    root: PathBuf,
    /// The commit checked out; with the page's text it keys the cache.
    head: String,
}

impl Repo {
    /// The commit checked out.
    pub(crate) fn head(&self) -> &str {
        &self.head
    }
}

/// What the build says about git, once: `Ok(None)` is no repository (said nowhere).
pub(crate) fn open(root: &Path) -> Result<Option<Repo>, String> {
    let deadline = Instant::now() + PAGE_BUDGET;
    match git(
        root,
        &["rev-parse", "--verify", "--quiet", "HEAD"],
        deadline,
    ) {
        Ok(Some(out)) => {
            let head = out.trim().to_string();
            Ok((!head.is_empty()).then(|| Repo {
                root: root.to_path_buf(),
                head,
            }))
        }
        Ok(None) => Ok(None),
        Err(Failure::Missing) => Err(
            "maps show no \"since last review\" view: git is not installed (or not on PATH)"
                .to_string(),
        ),
        Err(Failure::Slow) => {
            Err("maps show no \"since last review\" view: git did not answer in time".to_string())
        }
    }
}

/// One map's changes since its review.
#[derive(Debug, Clone)]
pub(crate) struct SinceReview {
    /// The commit that set the review date, in full.
    pub commit: String,
    /// The review date it set.
    pub reviewed: String,
    /// What changed from that commit's version to the page as it is now.
    pub diff: JourneyDiff,
}

/// Each page's views by (page, text hash, checked-out commit): git runs once per page
/// version, and again only after a commit.
#[derive(Debug, Default)]
pub(crate) struct ReviewCache {
    pages: Mutex<HashMap<(String, u64, String), Arc<PageReviews>>>,
}

/// The views of one page's journeys, in page order (`None`: no view for that map), and
/// what to tell the person building.
#[derive(Debug, Default)]
pub(crate) struct PageReviews {
    /// One entry per journey of the page.
    pub maps: Vec<Option<SinceReview>>,
    /// A note for the build's progress, when git failed part way.
    pub note: Option<String>,
}

impl ReviewCache {
    /// The views of the page at `src` (relative to the handbook's folder) whose text is
    /// `text`; `mermaid`: whether journeys in ```mermaid fences count.
    pub(crate) fn page(
        &self,
        repo: &Repo,
        src: &str,
        text: &str,
        mermaid: bool,
    ) -> Arc<PageReviews> {
        let mut h = DefaultHasher::new();
        text.hash(&mut h);
        let key = (src.to_string(), h.finish(), repo.head.clone());
        if let Some(hit) = self.pages.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return hit;
        }
        let found = Arc::new(page_reviews(repo, src, text, FenceOptions { mermaid }));
        if let Ok(mut m) = self.pages.lock() {
            // Older versions of this page will not be asked for again.
            m.retain(|k, _| k.0 != key.0);
            m.insert(key, found.clone());
        }
        found
    }
}

/// Finds each journey's review commit and compares that version with the page's. Both
/// sides are compared as written, as `waymark diff` does: scores a journey reads from
/// data are today's and cannot be had for the old version.
fn page_reviews(repo: &Repo, src: &str, text: &str, fences: FenceOptions) -> PageReviews {
    let deadline = Instant::now() + PAGE_BUDGET;
    let kind = SourceKind::of(Path::new(src)).unwrap_or(SourceKind::Markdown);
    let journeys = parse_source(text, kind, fences).journeys;
    let mut out = PageReviews {
        maps: vec![None; journeys.len()],
        note: None,
    };
    if journeys.iter().all(|j| j.reviewed.is_none()) {
        return out;
    }
    let path = format!("./{src}");
    let run = || -> Result<Vec<Option<SinceReview>>, Failure> {
        let mut maps = vec![None; journeys.len()];
        // Commits whose diff of this file adds or removes a line holding `reviewed`,
        // newest first: between two of them no journey's review date changed.
        let log = git(
            &repo.root,
            &[
                "log",
                "--format=%H",
                "-n",
                MAX_COMMITS,
                "-G",
                "reviewed",
                "--",
                &path,
            ],
            deadline,
        )?
        .unwrap_or_default();
        let commits: Vec<&str> = log
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut versions: Vec<Vec<Journey>> = Vec::new();
        for c in &commits {
            let shown = git(&repo.root, &["show", &format!("{c}:{path}")], deadline)?;
            let parsed = shown.map(|t| parse_source(&t, kind, fences).journeys);
            versions.push(parsed.unwrap_or_default());
        }
        for (n, j) in journeys.iter().enumerate() {
            let Some(now) = j.reviewed.as_deref() else {
                continue;
            };
            let value = |v: &[Journey]| find(v, j, n).and_then(|o| o.reviewed.clone());
            // The oldest commit of the newest run that has today's value.
            let mut at = None;
            for (i, v) in versions.iter().enumerate() {
                if value(v).as_deref() == Some(now) {
                    at = Some(i);
                } else {
                    break;
                }
            }
            let Some(i) = at else { continue };
            let Some(old) = find(&versions[i], j, n) else {
                continue;
            };
            if let Some(d) = compare(old, j) {
                maps[n] = Some(SinceReview {
                    commit: commits[i].to_string(),
                    reviewed: now.to_string(),
                    diff: d,
                });
            }
        }
        Ok(maps)
    };
    match run() {
        Ok(maps) => out.maps = maps,
        Err(Failure::Slow) => {
            out.note = Some(format!(
                "{src}: no \"since last review\" view, git took longer than {} s",
                PAGE_BUDGET.as_secs()
            ));
        }
        Err(Failure::Missing) => {
            out.note = Some(format!(
                "{src}: no \"since last review\" view, git could not be started"
            ));
        }
    }
    out
}

/// The journey of `version` that `j` (the `n`th of its page) continues: the same title,
/// else the same place.
fn find<'a>(version: &'a [Journey], j: &Journey, n: usize) -> Option<&'a Journey> {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    match j.title.as_deref() {
        Some(t) => version
            .iter()
            .find(|o| o.title.as_deref().map(norm) == Some(norm(t)))
            .or_else(|| version.get(n).filter(|o| o.title.is_none())),
        None => version.get(n),
    }
}

/// What changed from `old` to `new`, without the review date itself; `None` when
/// nothing else did.
fn compare(old: &Journey, new: &Journey) -> Option<JourneyDiff> {
    let side = |j: &Journey| Side {
        name: PathBuf::new(),
        text: String::new(),
        journeys: vec![j.clone()],
        warnings: Vec::new(),
    };
    let doc = diff::diff(&side(old), &side(new), DiffOptions { min_match: 0.0 }).ok()?;
    let mut d = doc.journeys.into_iter().next()?;
    let before = d.fields.len();
    d.fields.retain(|f| f.field != "reviewed");
    d.summary.fields_changed -= before - d.fields.len();
    (d.summary.total() > 0).then_some(d)
}

/// Why git gave no answer.
#[derive(Debug)]
enum Failure {
    /// Not installed, or not startable.
    Missing,
    /// Past the deadline (the process was ended).
    Slow,
}

/// Runs git in `dir`: `Ok(None)` when it ran and said no (not a repository, no such
/// file), its output otherwise. Past `deadline` the process is killed.
fn git(dir: &Path, args: &[&str], deadline: Instant) -> Result<Option<String>, Failure> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        // A pager or a password prompt must never start.
        .env("GIT_PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .spawn()
        .map_err(|_| Failure::Missing)?;
    // Read on a thread so a full pipe never stalls git while the deadline is watched.
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut bytes);
        }
        bytes
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(2));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = reader.join();
                return Err(Failure::Slow);
            }
        }
    };
    let bytes = reader.join().unwrap_or_default();
    if !status.success() {
        return Ok(None);
    }
    Ok(String::from_utf8(bytes).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journey(text: &str) -> Journey {
        parse_source(text, SourceKind::Journey, FenceOptions::default())
            .journeys
            .remove(0)
    }

    #[test]
    fn the_review_date_alone_is_no_change() {
        let old = journey("title Buy\nreviewed 2026-01-01\nsection S\n  Pay: 2\n");
        let new = journey("title Buy\nreviewed 2026-03-01\nsection S\n  Pay: 2\n");
        assert!(compare(&old, &new).is_none());
        let newer = journey("title Buy\nreviewed 2026-03-01\nsection S\n  Pay: 4\n");
        let d = compare(&old, &newer).expect("a change");
        assert_eq!(d.summary.scores_changed, 1);
        assert!(d.fields.is_empty());
    }

    #[test]
    fn journeys_continue_by_title_then_place() {
        let a = journey("title Buy\nsection S\n  Pay: 2\n");
        let b = journey("title Sell\nsection S\n  Pay: 2\n");
        let v = vec![b.clone(), a.clone()];
        assert_eq!(
            find(&v, &a, 0).and_then(|j| j.title.as_deref()),
            Some("Buy")
        );
        let untitled = journey("section S\n  Pay: 2\n");
        assert!(find(&v, &untitled, 1).is_some());
        assert!(find(&v, &journey("title Other\nsection S\n  Pay: 2\n"), 0).is_none());
    }
}
