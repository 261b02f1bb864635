//! Reading a handbook folder: config, pages (front matter, journeys, personas), static
//! files. Nothing is rendered here.

use super::config::{self, Config, ConfigError};
use super::frontmatter;
use crate::diagnostics::Diagnostic;
use crate::journey::source::{find_blocks, FenceOptions};
use crate::journey::{parse_block, Journey, Persona, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

/// One markdown (or `.journey`) source file.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the root, with `/` (`journeys/a.md`).
    pub src: String,
    /// Output path relative to the root (`journeys/a.html`).
    pub url: String,
    /// The file's text (see [`Page::text`]).
    text: Text,
    /// Title for navigation and `<title>`.
    pub title: String,
    /// Meta description.
    pub description: Option<String>,
    /// Sidebar position among siblings.
    pub order: Option<i64>,
    /// Not published.
    pub draft: bool,
    /// The language of the page's text (front matter, else its first journey's).
    pub lang: Option<String>,
    /// Journeys, with the byte offset of each fence in `text`.
    pub journeys: Vec<(usize, Journey)>,
    /// Personas defined on this page.
    pub personas: Vec<Persona>,
    /// The data files its journeys name or read, relative to the root: a change to one
    /// renders the page again, and none of them is published.
    pub data_files: Vec<String>,
    /// Problems found while reading.
    pub diagnostics: Vec<Diagnostic>,
    /// [`Page::handbook_hash`], worked out once per read.
    handbook_hash: std::sync::OnceLock<u64>,
}

/// A page's text, behind a lock so that a one-off build can let go of it through the
/// handbook it shares between steps, as soon as the page is rendered and its problems are
/// known: the texts are a sixth of a large handbook's memory, and nothing reads them again.
#[derive(Debug, Default)]
struct Text(RwLock<String>);

impl Clone for Text {
    fn clone(&self) -> Self {
        Text(RwLock::new(self.read().clone()))
    }
}

impl Text {
    fn read(&self) -> RwLockReadGuard<'_, String> {
        // A panic while the text was written left it whole: it is only ever replaced.
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Page {
    /// The file's text (empty once a one-off build has rendered the page).
    pub fn text(&self) -> RwLockReadGuard<'_, String> {
        self.text.read()
    }

    /// Takes the file's text out of the page, which reads as empty from then on: for a
    /// build that has rendered the page, found its problems and reads its text no more.
    pub(crate) fn take_text(&self) -> String {
        let mut text = self.text.0.write().unwrap_or_else(PoisonError::into_inner);
        std::mem::take(&mut *text)
    }

    /// What the handbook's own pages (journeys index, persona pages, registers) read of
    /// this page, hashed: the preview and the build cache write them again only when one
    /// of these changed.
    pub(crate) fn handbook_hash(&self) -> u64 {
        *self.handbook_hash.get_or_init(|| {
            use std::hash::{Hash, Hasher};
            /// Hashes text as it is formatted, instead of formatting it into a string first.
            struct Hashing(xxhash_rust::xxh3::Xxh3);
            impl std::fmt::Write for Hashing {
                fn write_str(&mut self, s: &str) -> std::fmt::Result {
                    self.0.update(s.as_bytes());
                    Ok(())
                }
            }
            let mut h = Hashing(xxhash_rust::xxh3::Xxh3::new());
            (&self.src, &self.url, &self.title, self.order, self.draft).hash(&mut h.0);
            (&self.lang, &self.description).hash(&mut h.0);
            // Every field of every journey and persona, as their Debug form shows them.
            let _ = std::fmt::write(
                &mut h,
                format_args!("{:?}{:?}", self.journeys, self.personas),
            );
            h.0.finish()
        })
    }
}

/// A handbook folder, read.
#[derive(Debug, Clone)]
pub struct Site {
    /// The folder.
    pub root: PathBuf,
    /// Its settings.
    pub config: Config,
    /// Pages by source path, sorted.
    pub pages: BTreeMap<String, Page>,
    /// Files that are not pages, relative to the root: copied as they are, unless a
    /// journey reads them as data (see [`Site::is_data`]).
    pub statics: Vec<String>,
    /// `SUMMARY.md`, when the handbook has one.
    pub summary: Option<String>,
    /// Files that could not be read (not UTF-8, unreadable).
    pub unreadable: Vec<(String, String)>,
    /// Every data file a page reads, worked out once after the pages last changed: every
    /// link of every page asks whether it points at data.
    data: std::sync::OnceLock<std::collections::HashSet<String>>,
}

/// Folders and files of a handbook that are never pages or static files.
fn is_reserved(rel: &str) -> bool {
    rel == config::FILE
        || rel == "SUMMARY.md"
        || rel.starts_with("templates/")
        || rel.starts_with("theme/")
}

/// Whether `rel` (relative to the root) is a source the site is built from.
pub fn is_source(rel: &str, config: &Config) -> bool {
    let out = config.output.to_string_lossy().replace('\\', "/");
    let out = out.trim_start_matches("./").trim_end_matches('/');
    let inside = |dir: &str| rel == dir || rel.starts_with(&format!("{dir}/"));
    let hidden = rel
        .split('/')
        .any(|seg| seg.starts_with('.') && seg.len() > 1);
    !inside(out) && !inside("_site") && !hidden
}

/// Whether `dir` is a site waymark wrote (it holds the output marker). Such a folder is
/// never read back as sources, whatever it is called and however `--out` named it.
fn is_output(dir: &Path) -> bool {
    dir.join(super::output::MARKER).is_file()
}

/// Whether `rel` (relative to `root`) lies in a site waymark wrote.
pub(crate) fn in_output(root: &Path, rel: &str) -> bool {
    let mut dir = root.to_path_buf();
    rel.split('/').any(|seg| {
        dir.push(seg);
        is_output(&dir)
    })
}

fn is_page(rel: &str) -> bool {
    rel.ends_with(".md") || rel.ends_with(".markdown") || rel.ends_with(".journey")
}

/// The output path of a page.
pub fn page_url(src: &str) -> String {
    let stem = src
        .strip_suffix(".markdown")
        .or_else(|| src.strip_suffix(".md"))
        .or_else(|| src.strip_suffix(".journey"))
        .unwrap_or(src);
    match stem.rsplit_once('/') {
        Some((dir, "README")) => format!("{dir}/index.html"),
        None if stem == "README" => "index.html".to_string(),
        _ => format!("{stem}.html"),
    }
}

/// What the walk of a handbook found.
enum Found {
    /// A file to read or copy (a link or special file too: reading it enforces the policy).
    File(String),
    /// Something the walk refuses: a link to a folder outside the handbook.
    Refused(String, String),
}

/// Every file of the handbook at `root`, in a stable order. Links to folders are never
/// followed (see [`crate::files`]); hidden, scratch and non-source paths are left out.
fn walk(root: &Path, config: &Config) -> Vec<Found> {
    let rel_of = |path: &Path| -> Option<String> {
        let rel = path.strip_prefix(root).ok()?;
        // Non-UTF-8 names do not belong to the handbook (`files::belongs`).
        Some(rel.to_str()?.replace('\\', "/"))
    };
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || (rel_of(e.path())
                    .is_some_and(|rel| crate::files::belongs(&rel) && is_source(&rel, config))
                    && !(e.file_type().is_dir() && is_output(e.path())))
        });
    let mut found = Vec::new();
    for entry in walker.flatten() {
        if entry.depth() == 0 || entry.file_type().is_dir() {
            continue;
        }
        let Some(rel) = rel_of(entry.path()) else {
            continue;
        };
        if entry.path_is_symlink() && entry.path().is_dir() {
            // Its files are read where they really are; one outside is reported.
            if let Err(e) = crate::files::resolve(root, &rel) {
                found.push(Found::Refused(rel, e.to_string()));
            }
            continue;
        }
        found.push(Found::File(rel));
    }
    found
}

impl Site {
    /// Reads the handbook at `root`.
    pub fn load(root: &Path) -> Result<Site, ConfigError> {
        let config = config::load(root)?;
        let found = walk(root, &config);
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            pages: BTreeMap::new(),
            statics: Vec::new(),
            summary: None,
            unreadable: Vec::new(),
            data: std::sync::OnceLock::new(),
        };
        let mut pages = Vec::new();
        for item in found {
            let rel = match item {
                Found::File(rel) => rel,
                Found::Refused(rel, e) => {
                    site.unreadable.push((rel, e));
                    continue;
                }
            };
            if rel == "SUMMARY.md" {
                match crate::files::read_text_in(root, &rel, crate::files::TEXT_LIMIT) {
                    Ok(text) => site.summary = Some(text),
                    Err(e) => site.unreadable.push((rel, e.to_string())),
                }
                continue;
            }
            if is_reserved(&rel) {
                continue;
            }
            if is_page(&rel) {
                pages.push(rel);
            } else {
                site.statics.push(rel);
            }
        }
        // Pages are read and parsed in parallel: in a large handbook this is most of a
        // build that the build cache lets render only a few pages.
        use rayon::prelude::*;
        let read: Vec<(String, Option<Result<Page, String>>)> = pages
            .into_par_iter()
            .map(|rel| {
                let page = read_file(&site.root, &rel, &site.config);
                (rel, page)
            })
            .collect();
        for (rel, page) in read {
            site.put_page(rel, page);
        }
        Ok(site)
    }

    /// Reads (or re-reads) one page; a page that is gone is dropped. What the handbook's
    /// policy refuses (a link out of it, a special file, a huge file) is recorded as
    /// unreadable, never read.
    pub fn read_page(&mut self, rel: &str) {
        let page = read_file(&self.root, rel, &self.config);
        self.put_page(rel.to_string(), page);
    }

    /// Puts what [`read_file`] found at `rel` in its place.
    fn put_page(&mut self, rel: String, page: Option<Result<Page, String>>) {
        self.data = std::sync::OnceLock::new();
        self.unreadable.retain(|(r, _)| *r != rel);
        match page {
            Some(Ok(page)) => {
                self.pages.insert(rel, page);
            }
            Some(Err(e)) => {
                self.pages.remove(&rel);
                self.unreadable.push((rel, e));
            }
            None => {
                self.pages.remove(&rel);
            }
        }
    }

    /// Every persona defined anywhere, first definition first.
    pub fn personas(&self) -> Vec<&Persona> {
        let mut out: Vec<&Persona> = Vec::new();
        for page in self.pages.values() {
            for p in &page.personas {
                if !out.iter().any(|q| q.name.eq_ignore_ascii_case(&p.name)) {
                    out.push(p);
                }
            }
        }
        out
    }

    /// Published pages, in source order.
    pub fn published(&self) -> impl Iterator<Item = &Page> {
        self.pages.values().filter(|p| !p.draft)
    }

    /// Today for staleness, as days since 1970.
    pub fn today(&self) -> i64 {
        today(&self.config)
    }

    /// Whether a journey of any page (drafts too) names or reads `rel` as data. Such
    /// files are never published: raw survey exports often hold personal data.
    pub fn is_data(&self, rel: &str) -> bool {
        self.data
            .get_or_init(|| {
                self.pages
                    .values()
                    .flat_map(|p| p.data_files.iter().cloned())
                    .collect()
            })
            .contains(rel)
    }

    /// The files copied into the site as they are: every static file but data.
    pub fn published_statics(&self) -> impl Iterator<Item = &String> {
        self.statics.iter().filter(|s| !self.is_data(s))
    }
}

/// The page at `rel`: `None` when it is gone, an error when the handbook's policy refuses
/// it (a link out of it, a special file, a huge file) or it cannot be read.
fn read_file(root: &Path, rel: &str, config: &Config) -> Option<Result<Page, String>> {
    let gone = !crate::files::belongs(rel)
        || std::fs::symlink_metadata(root.join(rel)).map_or(true, |m| m.is_dir());
    if gone {
        return None;
    }
    Some(
        crate::files::read_text_in(root, rel, crate::files::TEXT_LIMIT)
            .map(|text| read(root, rel, text, config))
            .map_err(|e| e.to_string()),
    )
}

/// Today for staleness, as days since 1970: the config's `today`, else `WAYMARK_TODAY`,
/// else the clock.
fn today(config: &Config) -> i64 {
    config
        .today
        .as_deref()
        .and_then(crate::journey::validate::days_from_date)
        .unwrap_or_else(crate::evidence::today)
}

/// Reads the data the page's journeys use (paths relative to the page, nothing outside
/// `root`, `[data]` shared) and returns every data file they name or read, so that a
/// change to one of them — or its appearing — renders the page again.
fn attach_data(
    root: &Path,
    rel: &str,
    config: &Config,
    journeys: &mut [(usize, Journey)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let base = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let ctx = crate::evidence::DataContext {
        root,
        base,
        shared: &config.data,
        min_n: config.min_n,
        stale_after_days: config.data_stale_after_days,
        today: today(config),
    };
    let mut files: Vec<String> = Vec::new();
    for (_, journey) in journeys.iter_mut() {
        let attached = crate::evidence::attach(journey, &ctx);
        diagnostics.extend(attached.diagnostics);
        files.extend(attached.files);
        // Named but not read (missing, broken): still the page's, so that fixing the file
        // renders the page again and the file is never published.
        files.extend(
            journey
                .data
                .iter()
                .filter_map(|d| crate::evidence::inside(base, &d.path)),
        );
        let used = used_sources(journey);
        files.extend(
            config
                .data
                .iter()
                .filter(|s| used.contains(&s.source.name.as_str()))
                .filter_map(|s| crate::evidence::inside(&s.base, &s.source.path)),
        );
    }
    files.sort();
    files.dedup();
    files
}

/// The names of the data sources a journey's steps and stages draw on.
fn used_sources(journey: &Journey) -> Vec<&str> {
    let mut names = Vec::new();
    for step in journey.steps() {
        names.extend(step.data().score.iter().map(|r| r.name.as_str()));
        names.extend(step.data().metrics.iter().map(|m| m.source.name.as_str()));
        names.extend(step.data().quotes.iter().map(|q| q.source.name.as_str()));
    }
    for stage in &journey.stages {
        names.extend(stage.data_metrics.iter().map(|m| m.source.name.as_str()));
    }
    names
}

/// Reads one page's text (`rel` inside the handbook at `root`), with the data its
/// journeys use.
pub fn read(root: &Path, rel: &str, text: String, config: &Config) -> Page {
    let mut diagnostics = Vec::new();
    let journey_file = rel.ends_with(".journey");
    let (fm, _) = if journey_file {
        (frontmatter::FrontMatter::default(), 0)
    } else {
        match frontmatter::split(&text) {
            Ok(x) => x,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(Span::new(0, 3.min(text.len())), e).with_help(
                        "close the front matter with a line holding only `---` (or `+++`)",
                    ),
                );
                (frontmatter::FrontMatter::default(), 0)
            }
        }
    };
    let mut journeys = Vec::new();
    let mut personas = Vec::new();
    let blocks = if journey_file {
        vec![crate::journey::Block::contiguous(text.as_str(), 0)]
    } else {
        find_blocks(
            &text,
            FenceOptions {
                mermaid: config.mermaid,
            },
        )
    };
    for block in &blocks {
        let parsed = parse_block(block);
        diagnostics.extend(parsed.diagnostics);
        personas.extend(parsed.personas);
        if let Some(j) = parsed.journey {
            journeys.push((block.span.start, j));
        }
    }
    // A vector of journeys (each 584 bytes) starts with room for four; most pages have one.
    crate::journey::lanes::exact(&mut journeys);
    let data_files = attach_data(root, rel, config, &mut journeys, &mut diagnostics);
    let title = fm
        .title
        .clone()
        .or_else(|| first_heading(&text))
        .or_else(|| journeys.first().and_then(|(_, j)| j.title.clone()))
        .unwrap_or_else(|| {
            let stem = rel.rsplit('/').next().unwrap_or(rel);
            stem.split('.')
                .next()
                .unwrap_or(stem)
                .replace(['-', '_'], " ")
        });
    let lang = fm
        .lang
        .clone()
        .or_else(|| journeys.first().and_then(|(_, j)| j.lang.clone()));
    Page {
        lang,
        src: rel.to_string(),
        url: page_url(rel),
        text: Text(RwLock::new(text)),
        title,
        description: fm.description,
        order: fm.order,
        draft: fm.draft,
        journeys,
        personas,
        data_files,
        diagnostics,
        handbook_hash: std::sync::OnceLock::new(),
    }
}

fn first_heading(text: &str) -> Option<String> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let mut inside = false;
    let mut words = String::new();
    for event in Parser::new_ext(text, crate::journey::source::markdown_options()) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => inside = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => return Some(words.trim().to_string()),
            Event::Text(t) | Event::Code(t) if inside => words.push_str(&t),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(page_url("index.md"), "index.html");
        assert_eq!(page_url("a/README.md"), "a/index.html");
        assert_eq!(page_url("j/flow.journey"), "j/flow.html");
        let c = Config::default();
        assert!(!is_source("_site/x.html", &c));
        assert!(!is_source("a/.git/x", &c));
        assert!(is_source("a/b.md", &c));
    }
}
