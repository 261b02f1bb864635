//! A journey's evidence read from the team's own data: scores from survey exports (a mean
//! with n and a 95 % interval), metrics from time series (latest value, change, target),
//! quotes from research files, and how well each step and journey is backed.
//!
//! Runs after parsing, before drawing, the same way for every entry point: each builds a
//! [`DataContext`] (where the journey's file is, which folder nothing is read outside of,
//! the handbook's shared sources and thresholds) and calls [`attach`]. Files are streamed
//! row by row (`table`), never read whole; only the columns a journey asks for are kept.

mod compute;
mod needs;
mod open;
mod rows;
mod stats;
mod table;

use crate::diagnostics::Diagnostic;
use crate::journey::{DataSource, Journey};
use std::path::{Component, Path, PathBuf};

/// Fewer answers than this make a step's score weak evidence, unless a source says otherwise.
pub const DEFAULT_MIN_N: u32 = 10;

/// Data whose newest row is older than this many days is stale, unless the handbook says otherwise.
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 180;

/// A data source named once for a whole handbook (`[data]` in `waymark.toml`).
#[derive(Debug, Clone, PartialEq)]
pub struct SharedSource {
    /// The source; its path is relative to `base`.
    pub source: DataSource,
    /// The folder, inside the root, its path is relative to.
    pub base: String,
}

/// Where a journey's data is looked for, and what counts as enough and fresh.
#[derive(Debug, Clone)]
pub struct DataContext<'a> {
    /// Nothing is read outside this folder (the handbook, the book, the project).
    pub root: &'a Path,
    /// The folder of the file that holds the journey, relative to `root` (`""`: the root).
    pub base: &'a str,
    /// Sources every journey may use; a journey's own source of the same name wins.
    pub shared: &'a [SharedSource],
    /// Answers a score needs not to be weak evidence.
    pub min_n: u32,
    /// Data whose newest row is older than this many days is stale.
    pub stale_after_days: u32,
    /// Today, as days since 1970-01-01.
    pub today: i64,
}

/// What reading a journey's data found.
#[derive(Debug, Clone, Default)]
pub struct Attached {
    /// Problems with the data, at the lines of the journey that name it.
    pub diagnostics: Vec<Diagnostic>,
    /// Every data file read, relative to the root: a change to one of them changes the map.
    pub files: Vec<String>,
}

/// Reads the data `journey` names and fills in its evidence: steps' scores and
/// [`crate::journey::StepEvidence`], stage metrics and [`crate::journey::JourneyEvidence`].
pub fn attach(journey: &mut Journey, ctx: &DataContext<'_>) -> Attached {
    compute::attach(journey, ctx)
}

/// Reads the data of the journeys of one file given on the command line (`svg`, `render`,
/// `export`, `check`, the mdBook preprocessor's chapters go through [`attach`]): paths are
/// relative to the file, nothing is read outside [`root_of_file`]; standard input's data
/// is looked for in the current folder.
pub fn attach_to_file<'j>(
    journeys: impl IntoIterator<Item = &'j mut Journey>,
    name: &Path,
) -> Attached {
    let (root, base) = if crate::sources::is_stdin(name) {
        (PathBuf::from("."), String::new())
    } else {
        root_of_file(name)
    };
    let ctx = DataContext {
        root: &root,
        base: &base,
        shared: &[],
        min_n: DEFAULT_MIN_N,
        stale_after_days: DEFAULT_STALE_AFTER_DAYS,
        today: today(),
    };
    let mut all = Attached::default();
    for journey in journeys {
        let one = attach(journey, &ctx);
        all.diagnostics.extend(one.diagnostics);
        all.files.extend(one.files);
    }
    all
}

/// Today, as days since 1970-01-01: `WAYMARK_TODAY` (`YYYY-MM-DD`) when set, so that
/// freshness can be reproduced, else the clock.
pub fn today() -> i64 {
    std::env::var("WAYMARK_TODAY")
        .ok()
        .as_deref()
        .and_then(crate::journey::validate::days_from_date)
        .unwrap_or_else(crate::journey::validate::today)
}

/// The folder nothing is read outside of for a single file given on the command line,
/// and the file's folder relative to it: the nearest folder above the file that holds a
/// `waymark.toml`, a `book.toml` or a `.git`, else the file's own folder.
pub fn root_of_file(file: &Path) -> (PathBuf, String) {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    let root = dir
        .ancestors()
        .find(|a| {
            ["waymark.toml", "book.toml", ".git"]
                .iter()
                .any(|m| a.join(m).exists())
        })
        .unwrap_or(&dir)
        .to_path_buf();
    let base = dir
        .strip_prefix(&root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    (root, base)
}

/// `path` (as written, relative to `base`) as a path relative to the root; `None` when it
/// is absolute or climbs out of the root.
pub(crate) fn inside(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in Path::new(base).join(path).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?.to_string()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_paths_stay_inside_the_root() {
        assert_eq!(
            inside("guides", "../research/a.csv").as_deref(),
            Some("research/a.csv")
        );
        assert_eq!(
            inside("", "research/./a.csv").as_deref(),
            Some("research/a.csv")
        );
        assert_eq!(inside("guides", "../../etc/passwd"), None);
        assert_eq!(inside("", "/etc/passwd"), None);
    }
}
