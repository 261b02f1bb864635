//! The lines that name evidence: `data NAME: PATH {…}`, a step's `id:`, metrics over a
//! data source's time series and quotes pulled from a research file. What the rows say is
//! computed later (`crate::evidence`); here the lines are only read and checked.

use super::checks::{is_slug, is_valid_date};
use super::lanes::LaneOption;
use super::lex::parse_number;
use super::Parser;
use crate::journey::keywords;
use crate::journey::lanes::Lane;
use crate::journey::model::*;

impl<'b> Parser<'b> {
    /// `data NAME: PATH {options}`; `value` starts at `value_at`.
    pub(super) fn data_source(&mut self, value: &str, value_at: usize, line: (usize, usize)) {
        let (main, opts) = Self::options(value);
        let Some((name, path)) = main.split_once(':') else {
            self.error(
                value_at,
                value_at + value.len(),
                "a data source needs a name and a file",
            )
            .help("write `data survey: research/survey.csv` (options in braces after the file)");
            return;
        };
        let (name, path) = (name.trim(), path.trim());
        if !is_slug(name) {
            self.error(value_at, value_at + main.find(':').unwrap_or(0).max(1), format!("`{name}` is not a data source name"))
                .help("name it with letters, digits, `-` and `_`, e.g. `data survey: research/survey.csv`");
            return;
        }
        if path.is_empty() {
            self.error(
                value_at,
                value_at + main.len(),
                format!("the data source `{name}` names no file"),
            )
            .help(format!(
                "write the file after the colon: `data {name}: research/{name}.csv`"
            ));
            return;
        }
        if self.journey.data.iter().any(|d| d.name == name) {
            self.error(
                value_at,
                value_at + name.len(),
                format!("the data source `{name}` is named twice"),
            )
            .help("give each data source its own name");
            return;
        }
        let mut source = DataSource {
            name: name.to_string(),
            path: path.to_string(),
            columns: Columns::default(),
            scale: None,
            filters: Vec::new(),
            since: None,
            until: None,
            min_n: None,
            span: self.span(line.0, line.1),
            option_spans: Vec::new(),
        };
        for o in opts {
            self.data_option(&mut source, &o, value_at);
        }
        self.journey.data.push(source);
    }

    fn data_option(&mut self, source: &mut DataSource, o: &LaneOption<'_>, value_at: usize) {
        let key = o.key.to_ascii_lowercase();
        let (vs, ve) = (value_at + o.value_at, value_at + o.value_at + o.value.len());
        if o.value.is_empty() {
            self.error(
                value_at + o.key_at,
                ve.max(value_at + o.key_at + 1),
                format!("the option `{}` needs a value", o.key),
            )
            .help(format!("write `{}: …` inside the braces", o.key));
            return;
        }
        let span = self.span(vs, ve);
        source.option_spans.push((key.clone(), span));
        let value = o.value.to_string();
        match key.as_str() {
            "step" => source.columns.step = value,
            "score" => source.columns.score = value,
            "date" => source.columns.date = value,
            "text" => source.columns.text = value,
            "source" => source.columns.source = value,
            "scale" => match scale_of(o.value) {
                Some(s) => source.scale = Some(s),
                None => {
                    self.error(vs, ve, format!("`{}` is not a scale", o.value))
                        .help("write the lowest and highest score with `..` between them: `scale: 1..5`, `scale: 0..10`");
                }
            },
            "since" | "until" => {
                if !is_valid_date(o.value) {
                    self.error(vs, ve, format!("`{}` is not a date", o.value))
                        .help(format!(
                            "write `{key}: YYYY-MM-DD`, e.g. `{key}: 2026-01-01`"
                        ));
                } else if key == "since" {
                    source.since = Some(value);
                } else {
                    source.until = Some(value);
                }
            }
            "min_n" => match o.value.parse::<u32>() {
                Ok(n) if n > 0 => source.min_n = Some(n),
                _ => {
                    self.error(vs, ve, format!("`{}` is not a number of answers", o.value))
                        .help("write a whole number above 0, e.g. `min_n: 10`");
                }
            },
            k if keywords::DATA_FILTERS.contains(&k) => source.filters.push(Filter {
                column: key.clone(),
                value,
            }),
            _ => self.unknown_option(o.key, value_at + o.key_at, keywords::DATA_OPTIONS, "data"),
        }
    }

    /// `id: checkout-web` under a step.
    pub(super) fn step_id(&mut self, value: &str, value_at: usize, key_span: (usize, usize)) {
        if !is_slug(value) {
            let end = (value_at + value.len()).max(key_span.1);
            self.error(
                value_at.min(end),
                end,
                format!("`{value}` is not a step id"),
            )
            .help("write the id with letters, digits, `-` and `_`, e.g. `id: checkout-web`");
            return;
        }
        let taken = self.journey.steps().any(|s| {
            s.id.as_deref()
                .is_some_and(|i| i.eq_ignore_ascii_case(value))
        });
        if taken {
            self.error(
                value_at,
                value_at + value.len(),
                format!("the step id `{value}` is used twice"),
            )
            .help("give each step its own id");
            return;
        }
        let span = self.span(value_at, value_at + value.len());
        if let Some(step) = self.current_step() {
            if step.id.is_some() {
                self.push(crate::diagnostics::Diagnostic::error(
                    span,
                    "this step already has an id",
                ))
                .help("a step has one `id:`; remove one of them");
                return;
            }
            step.id = Some(value.to_string());
        }
    }

    /// A `metric:` or `quote:` line under a step: from a data source when it names one,
    /// plain text otherwise.
    pub(super) fn data_lane(&mut self, lane: &Lane, value: &str, value_at: usize) {
        let data = if lane.keyword == "metric" {
            self.data_metric(value, value_at).map(|m| {
                if let Some(step) = self.current_step() {
                    step.data_mut().metrics.push(m);
                }
            })
        } else {
            self.data_quotes(value, value_at).map(|q| {
                if let Some(step) = self.current_step() {
                    step.data_mut().quotes.push(q);
                }
            })
        };
        if data.is_none() {
            if let Some(step) = self.current_step() {
                let field = if lane.keyword == "metric" {
                    &mut step.metrics
                } else {
                    &mut step.quotes
                };
                field.push(value.to_string());
            }
        }
    }

    /// `Checkout drop-off {data: funnel, column: dropoff, target: < 30%}`; `None` when
    /// the braces name no `data` (the line is plain text then).
    pub(super) fn data_metric(&mut self, value: &str, value_at: usize) -> Option<MetricRef> {
        let (label, opts) = Self::options(value);
        if !opts.iter().any(|o| o.key.eq_ignore_ascii_case("data")) {
            return None;
        }
        let mut source = DataRef::default();
        let mut column = "value".to_string();
        let mut target = None;
        for o in &opts {
            let (vs, ve) = (value_at + o.value_at, value_at + o.value_at + o.value.len());
            match o.key.to_ascii_lowercase().as_str() {
                "data" => {
                    source = DataRef {
                        name: o.value.to_string(),
                        span: self.span(vs, ve.max(vs + 1)),
                    }
                }
                "column" => column = o.value.to_string(),
                "target" => match target_of(o.value) {
                    Some(t) => target = Some(t),
                    None => {
                        self.error(vs, ve.max(vs + 1), format!("`{}` is not a target", o.value))
                            .help(
                                "write a comparison and a value: `target: < 30%`, `target: >= 4.2`",
                            );
                    }
                },
                _ => self.unknown_option(
                    o.key,
                    value_at + o.key_at,
                    keywords::METRIC_OPTIONS,
                    "metric",
                ),
            }
        }
        if source.name.is_empty() {
            self.error(
                value_at,
                value_at + value.len(),
                "`data:` needs the name of a data source",
            )
            .help("write `{data: funnel, column: dropoff}`");
            return None;
        }
        let label = self.nonempty_text(label, value_at, "metric");
        Some(MetricRef {
            label,
            source,
            column,
            target,
            span: self.span(value_at, value_at + value.len()),
        })
    }

    /// `interviews {limit: 3}`: a source's name with options; `None` for a quote's words.
    fn data_quotes(&mut self, value: &str, value_at: usize) -> Option<QuoteRef> {
        let (name, opts) = Self::options(value);
        if opts.is_empty() || !is_slug(name.trim()) {
            return None;
        }
        let mut limit = DEFAULT_QUOTE_LIMIT;
        for o in &opts {
            let (vs, ve) = (value_at + o.value_at, value_at + o.value_at + o.value.len());
            if o.key.eq_ignore_ascii_case("limit") {
                match o.value.parse::<usize>() {
                    Ok(n) if n > 0 => limit = n,
                    _ => {
                        self.error(
                            vs,
                            ve.max(vs + 1),
                            format!("`{}` is not a number of quotes", o.value),
                        )
                        .help("write a whole number above 0, e.g. `limit: 3`");
                    }
                }
            } else {
                self.unknown_option(
                    o.key,
                    value_at + o.key_at,
                    keywords::QUOTE_OPTIONS,
                    "quotes",
                );
            }
        }
        let name = name.trim();
        Some(QuoteRef {
            source: DataRef {
                name: name.to_string(),
                span: self.span(value_at, value_at + name.len()),
            },
            limit,
        })
    }
}

/// `1..5` as a scale, lowest first.
fn scale_of(text: &str) -> Option<Scale> {
    let (a, b) = text.split_once("..")?;
    let (min, max) = (parse_number(a)?, parse_number(b)?);
    (min < max).then_some(Scale { min, max })
}

/// `< 30%`, `>= 4.2`, `≤ 2`.
pub(crate) fn target_of(text: &str) -> Option<Target> {
    let t = text.trim();
    let ops: [(&str, TargetOp); 6] = [
        ("<=", TargetOp::AtMost),
        (">=", TargetOp::AtLeast),
        ("≤", TargetOp::AtMost),
        ("≥", TargetOp::AtLeast),
        ("<", TargetOp::Below),
        (">", TargetOp::Above),
    ];
    let (op, rest) = ops
        .iter()
        .find_map(|(s, op)| t.strip_prefix(s).map(|r| (*op, r.trim())))?;
    let (number, percent) = match rest.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (rest, false),
    };
    let value = parse_number(number)?;
    Some(Target { op, value, percent })
}
