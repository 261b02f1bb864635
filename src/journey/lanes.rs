//! Every step lane, declared once: its words, its label, where the map draws it, how its
//! cards look, whether search and the written description use it, and where a [`Step`]
//! keeps its values. The parser, the map, the table, the CSV download, search text, the
//! description and the locale tests all read [`LANES`]; none of them lists lanes itself.
//!
//! Adding a lane: a field on [`Step`], an entry here, and its label in
//! `render/labels.rs` and every `locales/*.toml` (the tests below name what is missing).

use super::model::{Image, Link, Opportunity, Pain, Stage, Step};
use thin_vec::ThinVec;

/// One kind of step content (`channel:`, `pain:` …).
#[derive(Clone, Copy)]
pub(crate) struct Lane {
    /// The word written before the colon, and the lane's name in messages and CSV.
    pub keyword: &'static str,
    /// Other reserved words for the same lane, named as written in messages (`evidence`).
    pub also: &'static [&'static str],
    /// Plurals and common forms, read as `keyword` (`touchpoints`, `pain point`).
    pub aliases: &'static [&'static str],
    /// The key of its name in `render::labels` and the locales' `[map]` tables.
    pub label: &'static str,
    /// What it holds and where a step keeps it.
    pub content: Content,
    /// Its row on the map; `None`: the map leaves it out (the table still shows it).
    pub map: Option<MapRow>,
    /// Where its words come in a journey's search text (the first words of a page
    /// become its search snippet); `None`: not searched.
    pub search: Option<u8>,
    /// Whether the written description of a map counts its entries.
    pub described: bool,
}

/// What a lane holds: its values' type, read and written through plain field accessors.
#[derive(Clone, Copy)]
pub(crate) enum Content {
    /// Lines of text, drawn as cards that look like the [`Look`].
    Text(Field<String>, Look),
    /// Pain points: red cards with severity dots.
    Pains(Field<Pain>),
    /// Opportunities: green dashed cards with impact and effort.
    Opportunities(Field<Opportunity>),
    /// Links: cards that link.
    Links(Field<Link>),
    /// Pictures: shown by storyboards and the table.
    Images(Field<Image>),
}

/// Where a step keeps a lane's values.
pub(crate) struct Field<T: 'static> {
    /// The values, to read.
    pub get: fn(&Step) -> &ThinVec<T>,
    /// The values, to add to.
    pub get_mut: fn(&mut Step) -> &mut ThinVec<T>,
}

// Derived `Clone` would ask `T: Clone`; two fn pointers copy whatever `T` is.
impl<T> Clone for Field<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Field<T> {}

/// How a text lane's cards look on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Look {
    /// A plain card.
    Plain,
    /// A channel's icon before the text.
    Icon,
    /// On the alternate lane background (touchpoints beside channels).
    Tinted,
    /// Italic, in quotation marks (what the customer thinks).
    Quoted,
    /// A dashed border (what stops the customer).
    Dashed,
    /// Italic (research evidence).
    Italic,
}

/// Where a lane's row sits on the map, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Band {
    /// Under the actions, above the emotion curve: what the customer meets, thinks, feels.
    Experience,
    /// Under the emotion curve, above the line of visibility.
    Insight,
    /// Under the line of visibility: the service blueprint.
    Blueprint,
    /// Under the blueprint: measures, evidence, notes and links.
    Evidence,
}

impl Band {
    /// Every band, top to bottom.
    pub(crate) const ALL: [Band; 4] = [
        Band::Experience,
        Band::Insight,
        Band::Blueprint,
        Band::Evidence,
    ];
}

/// A lane's row on the map. Lanes with the same band and order share one row, their
/// cards in table order under the row's label.
#[derive(Clone, Copy)]
pub(crate) struct MapRow {
    /// Where the row sits.
    pub band: Band,
    /// Its place in the band, top first.
    pub order: u8,
    /// The label key of the row (a shared row has its own).
    pub label: &'static str,
    /// A stage's own values of this kind, drawn in the stage's first column.
    pub stage: Option<fn(&Stage) -> &Vec<String>>,
}

/// A `Field` reading and writing `step.$name`.
macro_rules! field {
    ($name:ident) => {
        Field {
            get: |s| &s.$name,
            get_mut: |s| &mut s.$name,
        }
    };
}

/// A map row of its own, labelled like the lane.
const fn row(band: Band, order: u8, label: &'static str) -> Option<MapRow> {
    Some(MapRow {
        band,
        order,
        label,
        stage: None,
    })
}

/// Every lane, in the order the table shows them.
pub(crate) static LANES: &[Lane] = &[
    Lane {
        keyword: "channel",
        also: &[],
        aliases: &["channels"],
        label: "channel",
        content: Content::Text(field!(channels), Look::Icon),
        map: row(Band::Experience, 1, "touchpoints"),
        search: Some(6),
        described: false,
    },
    Lane {
        keyword: "touchpoint",
        also: &[],
        aliases: &["touchpoints"],
        label: "touchpoint",
        content: Content::Text(field!(touchpoints), Look::Tinted),
        map: row(Band::Experience, 1, "touchpoints"),
        search: Some(5),
        described: false,
    },
    Lane {
        keyword: "thought",
        also: &[],
        aliases: &["thoughts"],
        label: "thought",
        content: Content::Text(field!(thoughts), Look::Quoted),
        map: row(Band::Experience, 2, "thought"),
        search: Some(1),
        described: false,
    },
    Lane {
        keyword: "feeling",
        also: &[],
        aliases: &["feelings", "emotion"],
        label: "feeling",
        content: Content::Text(field!(feelings), Look::Plain),
        map: row(Band::Experience, 3, "feeling"),
        search: Some(2),
        described: false,
    },
    Lane {
        keyword: "need",
        also: &[],
        aliases: &["needs"],
        label: "need",
        content: Content::Text(field!(needs), Look::Plain),
        map: row(Band::Insight, 1, "need"),
        search: Some(3),
        described: false,
    },
    Lane {
        keyword: "barrier",
        also: &[],
        aliases: &["barriers"],
        label: "barrier",
        content: Content::Text(field!(barriers), Look::Dashed),
        map: row(Band::Insight, 2, "barrier"),
        search: Some(4),
        described: false,
    },
    Lane {
        keyword: "pain",
        also: &[],
        aliases: &["pains", "pain point", "painpoint"],
        label: "pain",
        content: Content::Pains(field!(pains)),
        map: row(Band::Insight, 3, "pain"),
        search: Some(13),
        described: true,
    },
    Lane {
        keyword: "opportunity",
        also: &[],
        aliases: &["opportunities", "idea"],
        label: "opportunity",
        content: Content::Opportunities(field!(opportunities)),
        map: row(Band::Insight, 4, "opportunity"),
        search: Some(14),
        described: true,
    },
    Lane {
        keyword: "frontstage",
        also: &[],
        aliases: &[],
        label: "frontstage",
        content: Content::Text(field!(frontstage), Look::Plain),
        map: row(Band::Blueprint, 1, "frontstage"),
        search: Some(8),
        described: false,
    },
    Lane {
        keyword: "backstage",
        also: &[],
        aliases: &[],
        label: "backstage",
        content: Content::Text(field!(backstage), Look::Plain),
        map: row(Band::Blueprint, 2, "backstage"),
        search: Some(7),
        described: false,
    },
    Lane {
        keyword: "support",
        also: &[],
        aliases: &[],
        label: "support",
        content: Content::Text(field!(support), Look::Plain),
        map: row(Band::Blueprint, 3, "support"),
        search: Some(9),
        described: false,
    },
    Lane {
        keyword: "metric",
        also: &[],
        aliases: &["metrics", "kpi"],
        label: "metric",
        content: Content::Text(field!(metrics), Look::Plain),
        map: Some(MapRow {
            band: Band::Evidence,
            order: 1,
            label: "metric",
            stage: Some(|s| &s.metrics),
        }),
        search: Some(12),
        described: false,
    },
    Lane {
        keyword: "quote",
        also: &["evidence"],
        aliases: &["quotes"],
        label: "quote",
        content: Content::Text(field!(quotes), Look::Italic),
        map: row(Band::Evidence, 2, "quote"),
        search: Some(10),
        described: false,
    },
    Lane {
        keyword: "link",
        also: &[],
        aliases: &["links"],
        label: "link",
        content: Content::Links(field!(links)),
        map: row(Band::Evidence, 4, "link"),
        search: None,
        described: false,
    },
    Lane {
        keyword: "image",
        also: &[],
        aliases: &["images"],
        label: "image",
        content: Content::Images(field!(images)),
        map: None,
        search: None,
        described: false,
    },
    Lane {
        keyword: "note",
        also: &[],
        aliases: &["notes"],
        label: "note",
        content: Content::Text(field!(notes), Look::Plain),
        map: row(Band::Evidence, 3, "note"),
        search: Some(11),
        described: false,
    },
];

impl Lane {
    /// How many values `step` has in this lane.
    pub(crate) fn len(&self, step: &Step) -> usize {
        match self.content {
            Content::Text(f, _) => (f.get)(step).len(),
            Content::Pains(f) => (f.get)(step).len(),
            Content::Opportunities(f) => (f.get)(step).len(),
            Content::Links(f) => (f.get)(step).len(),
            Content::Images(f) => (f.get)(step).len(),
        }
    }

    /// Cuts `step`'s values in this lane to their number (see [`exact`]).
    pub(crate) fn fit(&self, step: &mut Step) {
        match self.content {
            Content::Text(f, _) => exact((f.get_mut)(step)),
            Content::Pains(f) => exact((f.get_mut)(step)),
            Content::Opportunities(f) => exact((f.get_mut)(step)),
            Content::Links(f) => exact((f.get_mut)(step)),
            Content::Images(f) => exact((f.get_mut)(step)),
        }
    }

    /// The words of each of `step`'s values: the text, a link's label, a picture's alt.
    pub(crate) fn words<'s>(&self, step: &'s Step) -> Vec<&'s str> {
        match self.content {
            Content::Text(f, _) => (f.get)(step).iter().map(String::as_str).collect(),
            Content::Pains(f) => (f.get)(step).iter().map(|p| p.text.as_str()).collect(),
            Content::Opportunities(f) => (f.get)(step).iter().map(|o| o.text.as_str()).collect(),
            Content::Links(f) => (f.get)(step).iter().map(|l| l.label.as_str()).collect(),
            Content::Images(f) => (f.get)(step).iter().map(|i| i.alt.as_str()).collect(),
        }
    }
}

/// Moves `values` into a buffer of exactly their number. A vector grown one push at a
/// time holds room for at least four, and `shrink_to_fit` may keep the block it has (an
/// allocator keeps a block shrunk by less than half): a handbook holds every journey it
/// read until its own pages are made.
pub(crate) fn exact<V: Exact>(values: &mut V) {
    values.exact();
}

/// A vector that can be moved into a buffer of exactly its length (see [`exact`]).
pub(crate) trait Exact {
    /// Moves the values into a buffer of exactly their number, if it has spare room.
    fn exact(&mut self);
}

impl<T> Exact for Vec<T> {
    fn exact(&mut self) {
        if self.capacity() > self.len() {
            let mut fitted = Vec::with_capacity(self.len());
            fitted.append(self);
            *self = fitted;
        }
    }
}

impl<T> Exact for ThinVec<T> {
    fn exact(&mut self) {
        if self.capacity() > self.len() {
            let mut fitted = ThinVec::with_capacity(self.len());
            fitted.append(self);
            *self = fitted;
        }
    }
}

/// The lane a reserved word (`keyword` or one of `also`, any case) stands for.
pub(crate) fn find(word: &str) -> Option<&'static Lane> {
    LANES.iter().find(|l| {
        l.keyword.eq_ignore_ascii_case(word) || l.also.iter().any(|a| a.eq_ignore_ascii_case(word))
    })
}

/// The keyword of the lane `alias` (any case) is another form of.
pub(crate) fn alias(alias: &str) -> Option<&'static str> {
    LANES
        .iter()
        .find(|l| l.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias)))
        .map(|l| l.keyword)
}

/// The words of `step` that search finds, lane by lane in search order.
pub(crate) fn search_words(step: &Step) -> impl Iterator<Item = &str> {
    let mut searched: Vec<(u8, &Lane)> = LANES
        .iter()
        .filter_map(|l| l.search.map(|at| (at, l)))
        .collect();
    searched.sort_by_key(|(at, _)| *at);
    searched.into_iter().flat_map(move |(_, l)| l.words(step))
}

/// How many reserved words the lanes have: each keyword and its `also` words.
pub(crate) const fn word_count(lanes: &[Lane]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < lanes.len() {
        n += 1 + lanes[i].also.len();
        i += 1;
    }
    n
}

/// The lanes' reserved words in table order, each keyword before its `also` words.
pub(crate) const fn words<const N: usize>(lanes: &[Lane]) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < lanes.len() {
        out[n] = lanes[i].keyword;
        n += 1;
        let mut k = 0;
        while k < lanes[i].also.len() {
            out[n] = lanes[i].also[k];
            n += 1;
            k += 1;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::keywords;

    /// Every value of a parsed journey sits in a buffer of its own size: a handbook keeps
    /// every journey it read, and a lane grown by one push has room for four.
    #[test]
    fn a_parsed_journey_holds_no_spare_room() {
        let j = crate::journey::parse_source(
            "section S\n  A: 3\n    pain: Slow\n    thought: Hm\n    thought: Why\n    \
             thought: Now\n    thought: Then\n    thought: Again\n  B: 2\n  C: 4\n    \
             opportunity: Faster\n",
            crate::journey::SourceKind::Journey,
            Default::default(),
        )
        .journeys
        .remove(0);
        let steps = &j.stages[0].steps;
        assert_eq!(steps.capacity(), 3);
        for step in steps {
            for lane in LANES {
                let cap = match lane.content {
                    Content::Text(f, _) => (f.get)(step).capacity(),
                    Content::Pains(f) => (f.get)(step).capacity(),
                    Content::Opportunities(f) => (f.get)(step).capacity(),
                    Content::Links(f) => (f.get)(step).capacity(),
                    Content::Images(f) => (f.get)(step).capacity(),
                };
                assert_eq!(cap, lane.len(step), "{} of {}", lane.keyword, step.name);
            }
        }
        assert_eq!(steps[0].thoughts.len(), 5);
    }

    #[test]
    fn keywords_and_the_table_agree() {
        let words: Vec<&str> = LANES
            .iter()
            .flat_map(|l| std::iter::once(l.keyword).chain(l.also.iter().copied()))
            .collect();
        assert_eq!(keywords::STEP, words.as_slice());
        for lane in LANES {
            for w in std::iter::once(lane.keyword).chain(lane.also.iter().copied()) {
                assert_eq!(find(w).map(|l| l.keyword), Some(lane.keyword), "{w}");
                assert_eq!(
                    find(&w.to_uppercase()).map(|l| l.keyword),
                    Some(lane.keyword)
                );
                assert_eq!(
                    keywords::canonical(w),
                    None,
                    "`{w}` is reserved and an alias"
                );
            }
            for a in lane.aliases {
                assert_eq!(keywords::canonical(a), Some(lane.keyword), "{a}");
                assert!(find(a).is_none(), "`{a}` is an alias and a reserved word");
                for other in [keywords::JOURNEY, keywords::STAGE_START, keywords::STAGE] {
                    assert!(!keywords::is_one_of(a, other), "alias `{a}` is a keyword");
                }
            }
        }
        let mut all: Vec<&str> = LANES
            .iter()
            .flat_map(|l| l.aliases.iter().chain(l.also).copied().chain([l.keyword]))
            .collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n, "a word stands for two lanes");
    }

    #[test]
    fn the_language_reference_lists_every_lane() {
        let doc = include_str!("../../docs/journey-language.md");
        for lane in LANES {
            assert!(
                doc.contains(&format!("| `{}:` |", lane.keyword)),
                "docs/journey-language.md has no row for `{}:`",
                lane.keyword
            );
        }
    }

    #[test]
    fn shared_map_rows_agree() {
        let rows: Vec<MapRow> = LANES.iter().filter_map(|l| l.map).collect();
        for a in &rows {
            for b in &rows {
                if (a.band, a.order) == (b.band, b.order) {
                    assert_eq!(a.label, b.label, "one row, two labels");
                }
            }
        }
        let mut orders: Vec<u8> = LANES.iter().filter_map(|l| l.search).collect();
        let n = orders.len();
        orders.sort_unstable();
        orders.dedup();
        assert_eq!(orders.len(), n, "two lanes share a place in search text");
    }
}
