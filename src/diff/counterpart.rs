//! A journey's counterpart (`counterpart PATH "Title"`): the other state of the same
//! journey, read from its file and paired, so the future map can draw the current one
//! over itself ([`super::overlay`]). Nothing outside the root folder is read.

use super::matching::normalise;
use crate::diagnostics::Diagnostic;
use crate::journey::source::{parse_source, FenceOptions, SourceKind};
use crate::journey::{Journey, State};
use std::path::Path;

/// Files larger than this are not read as a counterpart.
const LIMIT: u64 = crate::files::TEXT_LIMIT;

/// A journey's counterpart, read and checked.
#[derive(Debug, Clone, Default)]
pub struct Counterparted {
    /// The counterpart journey; `None` when it could not be found (the diagnostics say
    /// why) or the journey names none.
    pub journey: Option<Journey>,
    /// The counterpart's file, relative to the root.
    pub path: Option<String>,
    /// Errors and warnings, located at the `counterpart` line of the journey.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and pairs the counterpart `journey` names. `root` is the folder nothing is read
/// outside of and `base` the journey's file's folder relative to it (for a single file,
/// [`crate::evidence::root_of_file`] gives both). The counterpart is the journey of the
/// given title, else the file's only journey, else its one journey of the other state;
/// it must have the other state, and stages that differ are a warning.
pub fn resolve_counterpart(
    journey: &Journey,
    root: &Path,
    base: &str,
    fences: FenceOptions,
) -> Counterparted {
    let mut out = Counterparted::default();
    let Some(cp) = &journey.counterpart else {
        return out;
    };
    let err = |m: String, help: &str| Diagnostic::error(cp.span, m).with_help(help);
    let Some(rel) = crate::evidence::inside(base, &cp.path) else {
        out.diagnostics.push(err(
            format!("counterpart `{}` is outside {}", cp.path, root.display()),
            "name a file by its path relative to this one, inside the same folder tree",
        ));
        return out;
    };
    let text = crate::files::read_in(root, &rel, LIMIT)
        .and_then(|bytes| crate::files::into_text(&root.join(&rel), bytes));
    let text = match text {
        Ok(t) => t,
        Err(r) => {
            out.diagnostics.push(err(
                format!("cannot read counterpart `{}`: {}", cp.path, r.message),
                "check the path: it is relative to the file this journey is in",
            ));
            return out;
        }
    };
    let kind = SourceKind::of(Path::new(&rel)).unwrap_or(SourceKind::Markdown);
    let parsed = parse_source(&text, kind, fences);
    let other = match journey.state {
        Some(State::Future) => Some(State::Current),
        Some(State::Current) => Some(State::Future),
        None => None,
    };
    let found = pick(&parsed.journeys, cp.title.as_deref(), other);
    let found = match found {
        Ok(j) => j,
        Err(m) => {
            out.diagnostics.push(err(
                format!("counterpart `{}`: {m}", cp.path),
                "write the counterpart's title after its path: counterpart PATH \"Title\"",
            ));
            return out;
        }
    };
    if let Some(want) = other {
        if found.state != Some(want) {
            let has = found.state.map_or("no `state`".to_string(), |s| {
                format!("`state {}`", s.name())
            });
            out.diagnostics.push(err(
                format!(
                    "counterpart `{}` has {has}; the counterpart of a {} journey must be `state {}`",
                    found.display_title("untitled"),
                    journey.state.map(State::name).unwrap_or_default(),
                    want.name()
                ),
                &format!("add `state {}` to the counterpart journey", want.name()),
            ));
            return out;
        }
    }
    if let Some(w) = stage_warning(journey, found, cp.span) {
        out.diagnostics.push(w);
    }
    // Its scores may come from its data, read as its own file reads them; its data's
    // problems are its own file's to report.
    let mut found = found.clone();
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let ctx = crate::evidence::DataContext {
        root,
        base: dir,
        shared: &[],
        min_n: crate::evidence::DEFAULT_MIN_N,
        stale_after_days: crate::evidence::DEFAULT_STALE_AFTER_DAYS,
        today: crate::evidence::today(),
    };
    crate::evidence::attach(&mut found, &ctx);
    out.path = Some(rel);
    out.journey = Some(found);
    out
}

/// Per journey of the file `file` (`None` for a block without one), what its map draws
/// over itself: for a future-state journey that names its counterpart, the counterpart
/// laid over it ([`super::overlay`]). Nothing outside the file's root
/// ([`crate::evidence::root_of_file`]) is read; problems finding a counterpart go to
/// `diags`. Every way in that reads single files (`svg`, `render`, mdBook) asks this.
pub(crate) fn overlays<'a>(
    journeys: impl Iterator<Item = Option<&'a Journey>>,
    file: &Path,
    fences: FenceOptions,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Option<super::Comparison>> {
    // The root is looked for only when a journey names a counterpart.
    let mut root: Option<(std::path::PathBuf, String)> = None;
    journeys
        .map(|j| {
            let j = j.filter(|j| j.state == Some(State::Future) && j.counterpart.is_some())?;
            let (dir, base) = root.get_or_insert_with(|| crate::evidence::root_of_file(file));
            let found = resolve_counterpart(j, dir, base, fences);
            diags.extend(found.diagnostics);
            found.journey.map(|old| super::overlay(&old, j))
        })
        .collect()
}

/// The counterpart among `journeys`: by `title`, else the only one, else the only one of
/// the `other` state; the reason when there is none.
fn pick<'a>(
    journeys: &'a [Journey],
    title: Option<&str>,
    other: Option<State>,
) -> Result<&'a Journey, String> {
    if journeys.is_empty() {
        return Err("the file holds no journey".to_string());
    }
    let titles = || {
        journeys
            .iter()
            .map(|j| format!("`{}`", j.display_title("untitled")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(t) = title {
        let key = normalise(t);
        return journeys
            .iter()
            .find(|j| j.title.as_deref().map(normalise).as_deref() == Some(key.as_str()))
            .ok_or_else(|| format!("no journey titled `{t}` (the file holds {})", titles()));
    }
    if let [only] = journeys {
        return Ok(only);
    }
    let of_state: Vec<&Journey> = journeys
        .iter()
        .filter(|j| j.state == other && other.is_some())
        .collect();
    match of_state.as_slice() {
        [one] => Ok(one),
        _ => Err(format!(
            "the file holds {} journeys ({}); name the one to compare with",
            journeys.len(),
            titles()
        )),
    }
}

/// A warning naming the stages only one of the two journeys has, if any.
fn stage_warning(a: &Journey, b: &Journey, span: crate::journey::Span) -> Option<Diagnostic> {
    let missing = |x: &Journey, y: &Journey| -> Vec<String> {
        x.stages
            .iter()
            .filter(|s| {
                !y.stages
                    .iter()
                    .any(|t| normalise(&t.name) == normalise(&s.name))
            })
            .map(|s| format!("`{}`", s.name))
            .collect()
    };
    let (only_here, only_there) = (missing(a, b), missing(b, a));
    if only_here.is_empty() && only_there.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !only_there.is_empty() {
        parts.push(format!("missing here: {}", only_there.join(", ")));
    }
    if !only_here.is_empty() {
        parts.push(format!(
            "missing in the counterpart: {}",
            only_here.join(", ")
        ));
    }
    Some(
        Diagnostic::warning(
            span,
            format!("the counterparts' stages differ ({})", parts.join("; ")),
        )
        .with_help("give both journeys the same stages so their curves compare step by step"),
    )
}
