//! Current and future state in the handbook: each `counterpart PATH "Title"` resolved to
//! a journey of another page, both maps linked to each other, and every way a pair can
//! be wrong said at the `counterpart` line.

use super::load::{Page, Site};
use crate::diagnostics::Diagnostic;
use crate::journey::{Counterpart, Journey, State};
use std::collections::{BTreeMap, HashMap};

/// A journey of the handbook: its page's source path and its place among the page's
/// journeys (from 0).
pub(crate) type At = (String, usize);

/// The other journey of a pair, as a map of the one at hand shows it.
#[derive(Debug, Clone)]
pub(crate) struct Partner {
    /// Where it is.
    pub at: At,
    /// Its page's URL.
    pub url: String,
    /// Its title (its page's when it has none).
    pub title: String,
    /// The state it shows, when it says.
    pub state: Option<State>,
}

impl Partner {
    /// The anchor of its map on its page.
    pub(crate) fn anchor(&self) -> String {
        format!("map-{}-figure", self.at.1 + 1)
    }
}

/// Every pair of the handbook, both ways, and the problems of the `counterpart` lines.
#[derive(Debug, Default)]
pub(crate) struct Pairs {
    partners: HashMap<At, Partner>,
    problems: BTreeMap<String, Vec<Diagnostic>>,
}

impl Pairs {
    /// The other journey of the `n`th journey of page `src`.
    pub(crate) fn partner(&self, src: &str, n: usize) -> Option<&Partner> {
        self.partners.get(&(src.to_string(), n))
    }

    /// The current-state journey a future-state map (the `n`th journey of page `src`)
    /// draws over itself: its partner, when the partner does not show the future too.
    pub(crate) fn current_of<'s>(
        &self,
        site: &'s Site,
        src: &str,
        n: usize,
    ) -> Option<&'s Journey> {
        let page = site.pages.get(src)?;
        let (_, j) = page.journeys.get(n)?;
        if j.state != Some(State::Future) {
            return None;
        }
        let p = self
            .partner(src, n)
            .filter(|p| p.state != Some(State::Future))?;
        site.pages
            .get(&p.at.0)?
            .journeys
            .get(p.at.1)
            .map(|(_, o)| o)
    }

    /// The problems of page `src`'s `counterpart` lines.
    pub(crate) fn problems(&self, src: &str) -> &[Diagnostic] {
        self.problems.get(src).map_or(&[], Vec::as_slice)
    }
}

/// Resolves every `counterpart` of the published pages.
pub(crate) fn find(site: &Site) -> Pairs {
    let mut pairs = Pairs::default();
    for page in site.published() {
        for (n, (_, j)) in page.journeys.iter().enumerate() {
            let Some(c) = &j.counterpart else { continue };
            match resolve(site, page, c) {
                Err(d) => pairs.problems.entry(page.src.clone()).or_default().push(*d),
                Ok((other, m, o)) => {
                    let here = (page.src.clone(), n);
                    let there = (other.src.clone(), m);
                    if here == there {
                        pairs.problems.entry(page.src.clone()).or_default().push(
                            Diagnostic::error(c.span, "a journey cannot be its own counterpart")
                                .with_help("name the page of the journey's other state"),
                        );
                        continue;
                    }
                    // When both name each other, the first in path order reports.
                    let both = o.counterpart.as_ref().is_some_and(|oc| {
                        resolve(site, other, oc)
                            .is_ok_and(|(p, k, _)| (p.src.as_str(), k) == (page.src.as_str(), n))
                    });
                    if !both || here < there {
                        let found = checks(j, o, c.span, &other.src);
                        if !found.is_empty() {
                            pairs
                                .problems
                                .entry(page.src.clone())
                                .or_default()
                                .extend(found);
                        }
                    }
                    pairs.partners.insert(here.clone(), partner(other, m, o));
                    // The other map links back, unless it names a counterpart itself.
                    if o.counterpart.is_none() {
                        pairs
                            .partners
                            .entry(there)
                            .or_insert_with(|| partner(page, n, j));
                    }
                }
            }
        }
    }
    pairs
}

/// The pages paired with page `src` either way (whichever names the other): what must be
/// drawn again when it changes, since a future map draws its current state and each map
/// links to its partner by title.
pub(crate) fn linked(site: &Site, src: &str) -> Vec<String> {
    let names = |page: &Page| -> Vec<String> {
        let dir = page.src.rsplit_once('/').map_or("", |(d, _)| d);
        page.journeys
            .iter()
            .filter_map(|(_, j)| super::pages::join(dir, &j.counterpart.as_ref()?.path))
            .collect()
    };
    let mut out: Vec<String> = site.pages.get(src).map(names).unwrap_or_default();
    out.extend(
        site.pages
            .values()
            .filter(|p| p.src != src && names(p).iter().any(|t| t == src))
            .map(|p| p.src.clone()),
    );
    out.retain(|p| p != src && site.pages.contains_key(p));
    out.sort();
    out.dedup();
    out
}

fn partner(page: &Page, n: usize, j: &Journey) -> Partner {
    Partner {
        at: (page.src.clone(), n),
        url: page.url.clone(),
        title: j.display_title(&page.title).to_string(),
        state: j.state,
    }
}

/// The page and journey `c` names, or the located reason there is none.
fn resolve<'s>(
    site: &'s Site,
    page: &Page,
    c: &Counterpart,
) -> Result<(&'s Page, usize, &'s Journey), Box<Diagnostic>> {
    let dir = page.src.rsplit_once('/').map_or("", |(d, _)| d);
    let target = super::pages::join(dir, &c.path);
    let Some(other) = target
        .as_deref()
        .and_then(|t| site.pages.get(t))
        .filter(|p| !p.draft)
    else {
        let why = match target.as_deref().and_then(|t| site.pages.get(t)) {
            Some(_) => "is a draft, which is not published",
            None => "does not exist in the handbook",
        };
        return Err(Box::new(
            Diagnostic::error(c.span, format!("the counterpart page `{}` {why}", c.path))
                .with_help(
                "write the path of the page with the journey's other state, relative to this page",
            ),
        ));
    };
    if other.journeys.is_empty() {
        return Err(Box::new(
            Diagnostic::error(c.span, format!("`{}` holds no journey", c.path))
                .with_help("name the page whose map shows the journey's other state"),
        ));
    }
    let titles = || {
        other
            .journeys
            .iter()
            .map(|(_, o)| format!("\"{}\"", o.display_title(&other.title)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &c.title {
        Some(t) => {
            let norm = |s: &str| {
                s.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            };
            other
                .journeys
                .iter()
                .enumerate()
                .find(|(_, (_, o))| norm(o.display_title(&other.title)) == norm(t))
                .map(|(m, (_, o))| (other, m, o))
                .ok_or_else(|| {
                    Box::new(
                        Diagnostic::error(
                            c.span,
                            format!("`{}` has no journey titled \"{t}\"", c.path),
                        )
                        .with_help(format!("its journeys: {}", titles())),
                    )
                })
        }
        None if other.journeys.len() == 1 => Ok((other, 0, &other.journeys[0].1)),
        None => Err(Box::new(
            Diagnostic::error(
                c.span,
                format!(
                    "`{}` holds {} journeys; which one is the counterpart?",
                    c.path,
                    other.journeys.len()
                ),
            )
            .with_help(format!(
                "add its title after the path: `counterpart {} \"Title\"`; its journeys: {}",
                c.path,
                titles()
            )),
        )),
    }
}

/// What is wrong with the pair `j` (here) and `o` (on page `there`).
fn checks(j: &Journey, o: &Journey, span: crate::journey::Span, there: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match (j.state, o.state) {
        (Some(a), Some(b)) if a == b => out.push(
            Diagnostic::error(
                span,
                format!(
                    "this journey and its counterpart in {there} both show the {} state",
                    a.name()
                ),
            )
            .with_help(format!(
                "one of them shows the {} state: write `state {}` there",
                a.other().name(),
                a.other().name()
            )),
        ),
        (None, _) => out.push(
            Diagnostic::warning(
                span,
                "this journey names a counterpart but not its own state",
            )
            .with_help("add `state current` or `state future`"),
        ),
        _ => {}
    }
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let names = |x: &Journey| {
        x.stages
            .iter()
            .filter(|s| !s.name.trim().is_empty())
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    };
    let (mine, theirs) = (names(j), names(o));
    let missing = |a: &[String], b: &[String]| {
        a.iter()
            .filter(|s| !b.iter().any(|t| norm(t) == norm(s)))
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
    };
    let (only_here, only_there) = (missing(&mine, &theirs), missing(&theirs, &mine));
    if !only_here.is_empty() || !only_there.is_empty() {
        let mut said = Vec::new();
        if !only_there.is_empty() {
            said.push(format!("missing here: {}", only_there.join(", ")));
        }
        if !only_here.is_empty() {
            said.push(format!("missing in {there}: {}", only_here.join(", ")));
        }
        out.push(
            Diagnostic::warning(span, format!("this journey and its counterpart have different stages ({})", said.join("; ")))
                .with_help("give both states the same stages so their maps line up, or rename a stage on one side"),
        );
    }
    out
}
