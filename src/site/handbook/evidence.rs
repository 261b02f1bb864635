//! The evidence page: how much of each map rests on the team's data, which steps are
//! still assumptions, and every data source with its freshness and the maps that use it.
//! Also the stale data the review page lists.

use super::{one_line, Generated, MapLink, Placed, Rows};
use crate::i18n::Locale;
use crate::journey::validate;
use crate::site::load::Site;
use serde::Serialize;
use std::collections::BTreeMap;

/// A step that is an assumption, linked to its place on the map.
#[derive(Serialize)]
struct StepLink {
    name: String,
    href: String,
}

/// One journey: its share of backed steps and the steps that are not.
#[derive(Serialize)]
struct JourneyRow<'a> {
    map: MapLink,
    /// The share of backed steps, 0 to 100, rounded down so that 99.6 % never reads 100.
    percent: u32,
    backed: usize,
    steps: usize,
    unbacked: Vec<StepLink>,
    /// The sources the map reads, by name.
    sources: Vec<&'a str>,
}

/// One data file, however many maps read it and under whichever names.
#[derive(Serialize, Default)]
struct SourceRow {
    path: String,
    names: Vec<String>,
    /// The newest dated row any map kept, `YYYY-MM-DD`.
    newest: Option<String>,
    /// The most rows any map kept after its filters.
    rows: Option<u64>,
    stale: bool,
    /// Days since the newest row.
    age: Option<i64>,
    maps: Vec<MapLink>,
}

/// The data files the maps read, stale ones first, then by path; `[data]` sources no map
/// uses are listed too, unread.
fn sources(site: &Site, journeys: &[Placed], from: &str) -> Vec<SourceRow> {
    let today = site.today();
    let mut by_path: BTreeMap<String, SourceRow> = BTreeMap::new();
    for p in journeys {
        let Some(ev) = &p.journey.evidence else {
            continue;
        };
        for u in &ev.sources {
            let row = by_path.entry(u.path.clone()).or_default();
            row.path.clone_from(&u.path);
            if !row.names.contains(&u.name) {
                row.names.push(u.name.clone());
            }
            if u.newest > row.newest {
                row.newest.clone_from(&u.newest);
            }
            row.rows = Some(row.rows.unwrap_or(0).max(u.rows));
            row.stale |= u.stale;
            let link = p.link(from);
            if !row.maps.iter().any(|m| m.href == link.href) {
                row.maps.push(link);
            }
        }
    }
    for shared in &site.config.data {
        let Some(path) = crate::evidence::inside(&shared.base, &shared.source.path) else {
            continue;
        };
        let row = by_path.entry(path.clone()).or_default();
        row.path = path;
        if !row.names.contains(&shared.source.name) {
            row.names.push(shared.source.name.clone());
        }
    }
    let mut rows: Vec<SourceRow> = by_path.into_values().collect();
    for row in &mut rows {
        row.age = row
            .newest
            .as_deref()
            .and_then(validate::days_from_date)
            .map(|d| today - d);
    }
    rows.sort_by(|a, b| b.stale.cmp(&a.stale).then_with(|| a.path.cmp(&b.path)));
    rows
}

/// The evidence page: journeys least backed first, then the data sources.
pub(super) fn page<'a>(
    site: &Site,
    journeys: &'a [Placed<'a>],
    locale: &Locale,
) -> Result<Generated<'a>, String> {
    #[derive(Serialize)]
    struct Page {
        sources: Vec<SourceRow>,
    }
    let url = "evidence.html";
    let mut rows: Vec<(f64, JourneyRow)> = journeys
        .iter()
        .filter_map(|p| {
            let ev = p.journey.evidence.as_ref()?;
            let unbacked = p
                .journey
                .steps()
                .enumerate()
                .filter(|(_, s)| !s.evidence.as_ref().is_some_and(|e| e.backed))
                .map(|(k, s)| StepLink {
                    name: one_line(&s.name),
                    href: p.step_href(url, k),
                })
                .collect();
            let map = p.link(url);
            let share = ev.percent();
            Some((
                share,
                JourneyRow {
                    map,
                    percent: share.floor() as u32,
                    backed: ev.backed,
                    steps: ev.steps,
                    unbacked,
                    sources: ev.sources.iter().map(|s| s.name.as_str()).collect(),
                },
            ))
        })
        .collect();
    rows.sort_by(|a, b| {
        a.0.partial_cmp(&b.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| b.1.steps.cmp(&a.1.steps))
            .then_with(|| a.1.map.title.cmp(&b.1.map.title))
    });
    Ok(Generated::new(
        url,
        locale.t("evidence"),
        "evidence.html",
        Page {
            sources: sources(site, journeys, url),
        },
        locale,
    )?
    .with_rows(Rows::new(
        "evidence-row.html",
        "j",
        rows.into_iter().map(|(_, r)| r),
    )))
}

/// The stale data sources, for the review page (`from` is its URL): the oldest first.
pub(super) fn stale(site: &Site, journeys: &[Placed], from: &str) -> Vec<impl Serialize> {
    let mut rows: Vec<SourceRow> = sources(site, journeys, from)
        .into_iter()
        .filter(|s| s.stale)
        .collect();
    rows.sort_by(|a, b| b.age.cmp(&a.age).then_with(|| a.path.cmp(&b.path)));
    rows
}
