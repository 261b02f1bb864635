//! The pain-point register: every pain point, the most severe first, with what its
//! filters offer, and the same rows as `pain-points.csv`.

use super::filters::{journey_filters, Filter, Filters, RowValues};
use super::{csv, map_word, one_line, Generated, MapLink, Placed, Rows};
use crate::i18n::Locale;
use crate::journey::{Pain, Severity, Stage, Step};
use serde::Serialize;

/// Where the CSV goes, beside the page.
pub(super) const CSV: &str = "pain-points.csv";

/// The CSV's columns: names a script can rely on, the same in every language.
const CSV_HEADER: [&str; 10] = [
    "severity",
    "pain",
    "journey",
    "stage",
    "step",
    "persona",
    "owner",
    "market",
    "opportunities",
    "link",
];

/// A pain point where it was found.
#[derive(Clone, Copy)]
struct Found<'a> {
    pain: &'a Pain,
    stage: &'a Stage,
    step: &'a Step,
    /// The step's place in its journey, 0-based.
    n: usize,
    place: &'a Placed<'a>,
}

/// Every pain point of `journeys`: the most severe first, then by journey title, then in
/// the handbook's order.
fn found<'a>(journeys: &'a [Placed<'a>]) -> Vec<Found<'a>> {
    let mut out = Vec::new();
    for place in journeys {
        let mut n = 0;
        for stage in &place.journey.stages {
            for step in &stage.steps {
                for pain in &step.pains {
                    out.push(Found {
                        pain,
                        stage,
                        step,
                        n,
                        place,
                    });
                }
                n += 1;
            }
        }
    }
    out.sort_by(|a, b| {
        b.pain
            .severity
            .cmp(&a.pain.severity)
            .then_with(|| a.place.title().cmp(b.place.title()))
    });
    out
}

/// What the filters know of the row of `f`: its severity, its journey and what the
/// journey says.
fn row_values<'a>(f: &Found<'a>) -> RowValues<'a> {
    let mut v = RowValues::default();
    v.add("severity", f.pain.severity.name());
    v.add_journey(f.place);
    v
}

/// The register, with `pain-points.csv` beside it.
pub(super) fn page<'a>(
    journeys: &'a [Placed<'a>],
    locale: &'a Locale,
) -> Result<Generated<'a>, String> {
    #[derive(Serialize)]
    struct Row<'a> {
        severity: &'static str,
        rank: u8,
        word: &'a str,
        text: &'a str,
        map: MapLink,
        stage: &'a str,
        step: String,
        /// The step on its map.
        step_href: String,
        opportunities: Vec<&'a str>,
        persona: Option<&'a str>,
        owner: Option<&'a str>,
        market: Option<&'a str>,
        /// The row's values for the filters, as JSON (see `filters`).
        filter: String,
    }
    #[derive(Serialize)]
    struct Page {
        filters: Vec<Filter>,
        csv: &'static str,
    }
    let url = "pain-points.html";
    let found = found(journeys);
    let [journey, persona, owner, market] = journey_filters(locale);
    let mut filters = Filters::new(&[
        ("severity", locale.t("severity").to_string()),
        journey,
        persona,
        owner,
        market,
    ]);
    for s in Severity::ALL.iter().rev() {
        if found.iter().any(|f| f.pain.severity == *s) {
            filters.offer("severity", s.name(), map_word(locale, s.name()));
        }
    }
    // Each row's values are made again as it is written: a register holds every pain point.
    for f in &found {
        filters.offer_row(&row_values(f));
    }
    filters.journeys(journeys);
    // Written line by line as the page is: at 100,000 pages it is a 42 MB file.
    let lines = found.clone();
    let csv = move |put: &mut dyn FnMut(&[u8]) -> Result<(), String>| {
        let mut line = String::new();
        csv::line(&mut line, CSV_HEADER);
        put(line.as_bytes())?;
        for f in lines {
            let j = f.place.journey;
            let opportunities: Vec<&str> = f
                .step
                .opportunities
                .iter()
                .map(|o| o.text.as_str())
                .collect();
            // From the site's root, where the CSV is.
            let link = f.place.step_href(CSV, f.n);
            line.clear();
            csv::line(
                &mut line,
                [
                    f.pain.severity.name(),
                    &f.pain.text,
                    f.place.title(),
                    &f.stage.name,
                    &one_line(&f.step.name),
                    j.persona.as_deref().unwrap_or_default(),
                    j.owner.as_deref().unwrap_or_default(),
                    j.market.as_deref().unwrap_or_default(),
                    &opportunities.join("; "),
                    link.trim_start_matches("./"),
                ],
            );
            put(line.as_bytes())?;
        }
        Ok(())
    };
    // Each row is made as it is written, and its values dropped with it.
    let rows = found.into_iter().map(move |f| {
        let j = f.place.journey;
        Row {
            severity: f.pain.severity.name(),
            rank: f.pain.severity.rank(),
            word: map_word(locale, f.pain.severity.name()),
            text: &f.pain.text,
            map: f.place.link(url),
            stage: &f.stage.name,
            step: one_line(&f.step.name),
            step_href: f.place.step_href(url, f.n),
            opportunities: f
                .step
                .opportunities
                .iter()
                .map(|o| o.text.as_str())
                .collect(),
            persona: j.persona.as_deref(),
            owner: j.owner.as_deref(),
            market: j.market.as_deref(),
            filter: row_values(&f).json(),
        }
    });
    let mut page = Generated::new(
        url,
        locale.t("pain_points"),
        "pain-points.html",
        Page {
            filters: filters.done(),
            csv: CSV,
        },
        locale,
    )?
    .with_rows(Rows::new("pain-points-row.html", "p", rows));
    page.files.push((CSV.to_string(), Box::new(csv)));
    Ok(page)
}
