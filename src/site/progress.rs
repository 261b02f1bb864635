//! What a build tells whoever runs it, as calls rather than output: the library never
//! writes to the console itself. The command line shows a progress bar and a summary line;
//! a caller that wants nothing passes [`Quiet`].

use super::build::Built;
use std::path::Path;
use std::time::Duration;

/// The named steps of a build, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Page bodies rendered: markdown, maps and their downloads (counts pages).
    Render,
    /// Rendered bodies put into the page template (counts pages).
    Wrap,
    /// Every page's problems gathered, journeys checked against the whole handbook.
    Problems,
    /// The pages waymark writes itself: journeys, personas, registers, contents, 404.
    Generated,
    /// The offline search index.
    Search,
    /// The handbook's own files copied as they are (counts files).
    Statics,
    /// `sitemap.xml`, when the handbook has a `base_url`.
    Sitemap,
}

impl Step {
    /// The step as a few words, for a progress display.
    pub fn label(self) -> &'static str {
        match self {
            Step::Render => "pages",
            Step::Wrap => "pages wrapped",
            Step::Problems => "problems",
            Step::Generated => "handbook pages",
            Step::Search => "search index",
            Step::Statics => "static files",
            Step::Sitemap => "sitemap",
        }
    }
}

/// Where a finished build's files went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery<'a> {
    /// The build succeeded and replaced the output folder (the path as the user gave it).
    Written(&'a Path),
    /// The build failed; the last good site in this folder was left as it was.
    KeptLastGood(&'a Path),
    /// The build failed before anything was ever written to this folder.
    NothingWritten(&'a Path),
    /// The build failed before an output folder was chosen.
    Untouched,
    /// The site stays in memory (the preview).
    Memory,
}

/// The end of a build: what it made, what went wrong, where it went.
#[derive(Debug, Clone, Copy)]
pub struct Summary<'a> {
    /// The build: counts and problems.
    pub built: &'a Built,
    /// The handbook's folder; problem paths are relative to it.
    pub root: &'a Path,
    /// Where the files went.
    pub delivery: Delivery<'a>,
    /// How long the build took.
    pub elapsed: Duration,
}

/// Receives a build's progress. Every method does nothing unless implemented, and may be
/// called from several threads at once (pages render in parallel).
pub trait Progress: Sync {
    /// `step` begins; `total` is how many times [`Progress::advance`] will count for it
    /// (0 when the step is not counted).
    fn start(&self, step: Step, total: usize) {
        let _ = (step, total);
    }

    /// `n` more items of the current step are done.
    fn advance(&self, n: usize) {
        let _ = n;
    }

    /// Something the person building should read that is not a problem of a page: an
    /// output folder put back after an interrupted build, a file left behind.
    fn note(&self, message: &str) {
        let _ = message;
    }

    /// The build is over (written, failed, or kept in memory).
    fn finish(&self, summary: &Summary<'_>) {
        let _ = summary;
    }
}

/// Progress nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {}
