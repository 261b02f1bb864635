//! The handbook's tables of maps: every journey, compared on one scale, and the maps due
//! for review.

use super::compare::{emotion, Emotion};
use super::{one_line, persona_link, Generated, MapLink, PersonaLink, Placed, Rows};
use crate::i18n::Locale;
use crate::journey::{validate, Persona};
use crate::render::parts::score_text;
use crate::site::load::Site;
use serde::Serialize;
use std::collections::BTreeMap;

/// Every map in one table.
pub(super) fn journeys<'a>(
    journeys: &'a [Placed<'a>],
    personas: &[&'a Persona],
    locale: &Locale,
) -> Result<Generated<'a>, String> {
    #[derive(Serialize)]
    struct Lowest {
        step: String,
        score: String,
    }
    #[derive(Serialize)]
    struct Row<'a> {
        map: MapLink,
        persona: Option<PersonaLink<'a>>,
        stages: usize,
        steps: usize,
        /// The mean score as a share of the map's own scale, so maps on different
        /// scales compare.
        average: Option<String>,
        /// The mean on the map's own scale.
        mean: Option<String>,
        scale_min: String,
        scale_max: String,
        lowest: Option<Lowest>,
        /// Every score as a share of the scale, summed up and drawn (see `compare`).
        emotion: Option<Emotion>,
        pains: usize,
        owner: Option<&'a str>,
        reviewed: Option<&'a str>,
        /// `current` or `future`, when the map says.
        state: Option<&'static str>,
        /// The map of the journey's other state.
        counterpart: Option<MapLink>,
    }
    let url = "journeys.html";
    // The rows are made as they are written, after this function returns.
    let personas = personas.to_vec();
    let rows = journeys.iter().map(move |p| {
        let j = p.journey;
        let scores: Vec<f64> = j.steps().filter_map(|s| s.score).collect();
        let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
        let span = j.scale.max - j.scale.min;
        let lowest = j
            .steps()
            .filter_map(|s| s.score.map(|score| (s, score)))
            .min_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal));
        Row {
            map: p.link(url),
            persona: j
                .persona
                .as_deref()
                .map(|n| persona_link(n, url, &personas)),
            stages: j.stages.len(),
            steps: j.steps().count(),
            average: mean
                .filter(|_| span > 0.0)
                .map(|m| format!("{:.0} %", (m - j.scale.min) / span * 100.0)),
            mean: mean.map(score_text),
            scale_min: score_text(j.scale.min),
            scale_max: score_text(j.scale.max),
            lowest: lowest.map(|(s, score)| Lowest {
                step: one_line(&s.name),
                score: score_text(score),
            }),
            emotion: emotion(j),
            pains: j.steps().map(|s| s.pains.len()).sum(),
            owner: j.owner.as_deref(),
            reviewed: j.reviewed.as_deref(),
            state: j.state.map(|s| s.name()),
            counterpart: p.partner.as_ref().map(|o| MapLink {
                href: format!("{}#{}", crate::site::url::href(url, &o.url), o.anchor()),
                title: one_line(&o.title),
            }),
        }
    });
    Ok(Generated::new(
        url,
        locale.t("journeys"),
        "journeys.html",
        BTreeMap::<&str, &str>::new(),
        locale,
    )?
    .with_rows(Rows::new("journeys-row.html", "j", rows)))
}

/// The maps due for review, the longest unreviewed first, and the stale data.
pub(super) fn review(
    site: &Site,
    journeys: &[Placed],
    locale: &Locale,
) -> Result<Generated<'static>, String> {
    #[derive(Serialize)]
    struct Row<'a> {
        map: MapLink,
        owner: Option<&'a str>,
        reviewed: Option<&'a str>,
        days: Option<i64>,
    }
    #[derive(Serialize)]
    struct Rows<'a, S> {
        due: Vec<Row<'a>>,
        stale_data: Vec<S>,
    }
    let url = "review.html";
    let today = site.today();
    let stale = i64::from(site.config.stale_after_days);
    let mut due: Vec<(&Placed, Option<i64>)> = journeys
        .iter()
        .filter(|p| validate::is_due(p.journey, today, stale))
        .map(|p| {
            let reviewed = p.journey.reviewed.as_deref();
            (
                p,
                reviewed
                    .and_then(validate::days_from_date)
                    .map(|d| today - d),
            )
        })
        .collect();
    due.sort_by(|a, b| {
        b.1.unwrap_or(i64::MAX)
            .cmp(&a.1.unwrap_or(i64::MAX))
            .then_with(|| a.0.title().cmp(b.0.title()))
    });
    let rows = due
        .into_iter()
        .map(|(p, days)| Row {
            map: p.link(url),
            owner: p.journey.owner.as_deref(),
            reviewed: p.journey.reviewed.as_deref(),
            days,
        })
        .collect();
    Generated::new(
        url,
        locale.t("due_for_review"),
        "review.html",
        Rows {
            due: rows,
            stale_data: super::evidence::stale(site, journeys, url),
        },
        locale,
    )
}
