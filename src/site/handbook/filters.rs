//! What the registers' filter controls offer, and the values each row is filtered by.
//!
//! The page lists every row, sorted, and works without JavaScript; its script shows the
//! filter controls the template wrote (hidden until then) and reads each row's values
//! from `data-filter`, a JSON object of lists (`{"severity":["high"],"journey":[…]}`), so
//! a merged opportunity can belong to several journeys. Filter names are the URL's query
//! keys (`pain-points.html?severity=high`), and values are never translated, so a link
//! means the same in every language.

use super::{map_word, Placed};
use crate::i18n::Locale;
use crate::journey::Journey;
use serde::{Serialize, Serializer};

/// One choice of a filter: the value in the URL and the words shown.
#[derive(Serialize, Debug, Clone)]
pub(super) struct Choice {
    pub value: String,
    pub label: String,
}

/// One filter control: a select box.
#[derive(Serialize, Debug)]
pub(super) struct Filter {
    /// The query key and the select's name.
    pub name: &'static str,
    pub label: String,
    pub choices: Vec<Choice>,
}

/// A row's values: every filter's values for it, by filter name in order, borrowed from
/// the journeys (a register has a row per pain point or opportunity of the handbook, and
/// a map per row was most of its memory).
#[derive(Default, Debug)]
pub(super) struct RowValues<'a>(Vec<(&'static str, Vec<&'a str>)>);

impl<'a> RowValues<'a> {
    /// Adds `value` to the row's `name` values (once).
    pub(super) fn add(&mut self, name: &'static str, value: &'a str) {
        match self.0.binary_search_by(|(n, _)| n.cmp(&name)) {
            Ok(i) if self.0[i].1.contains(&value) => {}
            Ok(i) => self.0[i].1.push(value),
            Err(i) => self.0.insert(i, (name, vec![value])),
        }
    }

    /// The row's values for the filter `name`.
    fn get(&self, name: &str) -> &[&'a str] {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// Adds what a journey says about a row: the journey itself, its persona, owner and
    /// market.
    pub(super) fn add_journey(&mut self, p: &'a Placed<'a>) {
        let j: &Journey = p.journey;
        self.add("journey", &p.key);
        for (name, value) in [("persona", &j.persona), ("owner", &j.owner)] {
            if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                self.add(name, v);
            }
        }
        // `market DE, AT` is two markets.
        for m in j.market.iter().flat_map(|m| m.split(',')).map(str::trim) {
            if !m.is_empty() {
                self.add("market", m);
            }
        }
    }

    /// The `data-filter` attribute's value (the template escapes it).
    pub(super) fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

/// As a JSON object of lists (`{"journey":[…],"severity":["high"]}`).
impl Serialize for RowValues<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(name, values)| (name, values)))
    }
}

/// The filters of a register in the order they are shown; choices in the order given
/// (severities and ratings most important first), journeys (by title), personas, owners
/// and markets alphabetically. A filter nobody could use (no values) is left
/// out.
pub(super) struct Filters {
    filters: Vec<Filter>,
    /// Every journey some row offered has, for [`Filters::journeys`].
    with_rows: std::collections::HashSet<String>,
}

impl Filters {
    /// Filters named `names` (query key and interface word key), with no choices yet.
    pub(super) fn new(names: &[(&'static str, String)]) -> Filters {
        Filters {
            filters: names
                .iter()
                .map(|(name, label)| Filter {
                    name,
                    label: label.clone(),
                    choices: Vec::new(),
                })
                .collect(),
            with_rows: std::collections::HashSet::new(),
        }
    }

    /// Offers `value`, shown as `label`, in the filter `name` (once).
    pub(super) fn offer(&mut self, name: &str, value: &str, label: &str) {
        if let Some(f) = self.filters.iter_mut().find(|f| f.name == name) {
            if !f.choices.iter().any(|c| c.value == value) {
                f.choices.push(Choice {
                    value: value.to_string(),
                    label: label.to_string(),
                });
            }
        }
    }

    /// Offers every value of `row`, each shown as itself, except journeys (shown by
    /// title: offered by [`Filters::journeys`], which the row's are kept for) and names
    /// whose words are given by the caller.
    pub(super) fn offer_row(&mut self, row: &RowValues) {
        for key in row.get("journey") {
            if !self.with_rows.contains(*key) {
                self.with_rows.insert(key.to_string());
            }
        }
        for (name, values) in &row.0 {
            if matches!(*name, "persona" | "owner" | "market") {
                for v in values {
                    self.offer(name, v, v);
                }
            }
        }
    }

    /// Offers every journey that has a row offered (see [`Filters::offer_row`]), by title.
    pub(super) fn journeys(&mut self, journeys: &[Placed]) {
        for p in journeys {
            if self.with_rows.contains(p.key.as_str()) {
                self.offer("journey", &p.key, p.title());
            }
        }
    }

    /// The filters to show: journey, persona, owner and market sorted, empty ones left
    /// out.
    pub(super) fn done(mut self) -> Vec<Filter> {
        for f in &mut self.filters {
            if matches!(f.name, "journey" | "persona" | "owner" | "market") {
                f.choices.sort_by(|a, b| {
                    a.label
                        .to_lowercase()
                        .cmp(&b.label.to_lowercase())
                        .then_with(|| a.label.cmp(&b.label))
                });
            }
        }
        self.filters.retain(|f| !f.choices.is_empty());
        self.filters
    }
}

/// The labels of the filters shared by both registers: journey, persona, owner, market.
pub(super) fn journey_filters(locale: &Locale) -> [(&'static str, String); 4] {
    [
        ("journey", locale.t("journey").to_string()),
        ("persona", locale.t("persona").to_string()),
        ("owner", locale.t("owner").to_string()),
        ("market", map_word(locale, "market").to_string()),
    ]
}
