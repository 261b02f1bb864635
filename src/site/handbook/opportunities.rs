//! The opportunity list with its impact × effort matrix. An opportunity named on several
//! steps (the same words, whatever the case and the spaces around them) is one row that
//! lists its steps; its impact and effort are the first ones given, in the handbook's
//! order.

use super::filters::{journey_filters, Filter, Filters, RowValues};
use super::matrix::Matrix;
use super::{map_word, one_line, Generated, MapLink, Placed, Rows};
use crate::i18n::Locale;
use crate::journey::{Opportunity, Rating};
use serde::Serialize;
use std::collections::HashMap;

/// One opportunity and every step that names it.
struct Merged<'a> {
    /// The words of the first step that names it.
    text: &'a str,
    impact: Option<Rating>,
    effort: Option<Rating>,
    /// Each step: its journey, its place there (0-based) and its name.
    steps: Vec<(&'a Placed<'a>, usize, String)>,
    values: RowValues<'a>,
}

/// Every opportunity of `journeys`, merged: the highest impact first, the least effort
/// first among equals, then by the first journey's title, then in the handbook's order.
fn merged<'a>(journeys: &'a [Placed<'a>]) -> Vec<Merged<'a>> {
    let mut out: Vec<Merged> = Vec::new();
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for place in journeys {
        for (n, step) in place.journey.steps().enumerate() {
            for o in &step.opportunities {
                let text = o.text.trim();
                let at = *by_text.entry(text.to_lowercase()).or_insert_with(|| {
                    out.push(Merged {
                        text,
                        impact: None,
                        effort: None,
                        steps: Vec::new(),
                        values: RowValues::default(),
                    });
                    out.len() - 1
                });
                let m = &mut out[at];
                rate(m, o);
                if !m
                    .steps
                    .iter()
                    .any(|(p, k, _)| std::ptr::eq(*p, place) && *k == n)
                {
                    m.steps.push((place, n, one_line(&step.name)));
                }
                m.values.add_journey(place);
            }
        }
    }
    for m in &mut out {
        for (name, r) in [("impact", m.impact), ("effort", m.effort)] {
            if let Some(r) = r {
                m.values.add(name, r.name());
            }
        }
    }
    out.sort_by(|a, b| {
        b.impact
            .cmp(&a.impact)
            .then(a.effort.cmp(&b.effort))
            .then_with(|| a.steps[0].0.title().cmp(b.steps[0].0.title()))
    });
    out
}

/// Takes the ratings `o` gives where `m` has none yet.
fn rate(m: &mut Merged, o: &Opportunity) {
    m.impact = m.impact.or(o.impact);
    m.effort = m.effort.or(o.effort);
}

/// The opportunity list and the matrix.
pub(super) fn page<'a>(
    journeys: &'a [Placed<'a>],
    locale: &'a Locale,
) -> Result<Generated<'a>, String> {
    #[derive(Serialize)]
    struct StepLink {
        name: String,
        href: String,
        /// The journey's title, when the row names steps of several journeys.
        journey: Option<String>,
    }
    #[derive(Serialize)]
    struct Row<'a> {
        text: &'a str,
        impact: Option<&'a str>,
        effort: Option<&'a str>,
        /// For sorting: 0 without a rating, else 1 (low) to 3 (high).
        impact_rank: u8,
        effort_rank: u8,
        /// The first step's map and every step's name (for templates written for a
        /// row per step).
        map: MapLink,
        step: String,
        /// Each journey once, then each step linked to its place on the map.
        journeys: Vec<MapLink>,
        steps: Vec<StepLink>,
        filter: String,
    }
    #[derive(Serialize)]
    struct Page {
        matrix: Matrix,
        filters: Vec<Filter>,
    }
    let url = "opportunities.html";
    let merged = merged(journeys);
    let ratings: Vec<_> = merged.iter().map(|m| (m.impact, m.effort)).collect();
    let matrix = Matrix::new(&ratings, url, locale);
    let [journey, persona, owner, market] = journey_filters(locale);
    let mut filters = Filters::new(&[
        ("impact", locale.t("impact").to_string()),
        ("effort", locale.t("effort").to_string()),
        journey,
        persona,
        owner,
        market,
    ]);
    for (name, order) in [
        ("impact", [Rating::High, Rating::Medium, Rating::Low]),
        ("effort", Rating::ALL),
    ] {
        for r in order {
            let given = |m: &Merged| if name == "impact" { m.impact } else { m.effort };
            if merged.iter().any(|m| given(m) == Some(r)) {
                filters.offer(name, r.name(), map_word(locale, r.name()));
            }
        }
    }
    for m in &merged {
        filters.offer_row(&m.values);
    }
    filters.journeys(journeys);
    let word = move |r: Option<Rating>| r.map(|r| map_word(locale, r.name()));
    // Each row is made as it is written, and its opportunity dropped with it.
    let rows = merged.into_iter().map(move |m| {
        let mut maps: Vec<MapLink> = Vec::new();
        for (p, _, _) in &m.steps {
            let link = p.link(url);
            if !maps.iter().any(|l| l.href == link.href) {
                maps.push(link);
            }
        }
        let several = maps.len() > 1;
        Row {
            text: m.text,
            impact: word(m.impact),
            effort: word(m.effort),
            impact_rank: m.impact.map_or(0, Rating::rank),
            effort_rank: m.effort.map_or(0, Rating::rank),
            map: m.steps[0].0.link(url),
            step: m
                .steps
                .iter()
                .map(|s| s.2.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            steps: m
                .steps
                .iter()
                .map(|(p, n, name)| StepLink {
                    name: name.clone(),
                    href: p.step_href(url, *n),
                    journey: several.then(|| p.title().to_string()),
                })
                .collect(),
            journeys: maps,
            filter: m.values.json(),
        }
    });
    Ok(Generated::new(
        url,
        locale.t("opportunities"),
        "opportunities.html",
        Page {
            matrix,
            filters: filters.done(),
        },
        locale,
    )?
    .with_rows(Rows::new("opportunities-row.html", "o", rows)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_same_words_on_two_steps_are_one_opportunity() {
        let j = crate::journey::parse_source(
            "section S\n  A: 3\n    opportunity: Show the date {impact: high}\n  B: 2\n    \
             opportunity:  show THE date  {effort: low}\n    opportunity: Other\n",
            crate::journey::SourceKind::Journey,
            Default::default(),
        )
        .journeys
        .remove(0);
        let placed = [super::Placed {
            journey: &j,
            url: "a.html".into(),
            anchor: "map-1-figure".into(),
            page_title: "A",
            on_map: true,
            key: "a".into(),
            partner: None,
        }];
        let m = super::merged(&placed);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].text, "Show the date");
        assert_eq!(
            (m[0].impact, m[0].effort),
            (
                Some(crate::journey::Rating::High),
                Some(crate::journey::Rating::Low)
            )
        );
        let steps: Vec<_> = m[0].steps.iter().map(|s| (s.1, s.2.as_str())).collect();
        assert_eq!(steps, [(0, "A"), (1, "B")]);
    }
}
