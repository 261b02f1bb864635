//! What a journey says about its evidence, and what the evidence says back: the data
//! sources it names (`data survey: research/survey.csv {…}`), the steps, metrics and
//! quotes that draw on them, and the values computed from the rows, each with its
//! provenance. Plain data: reading the files is `crate::evidence`'s job.

use super::model::{Scale, Span};
use schemars::JsonSchema;
use serde::Serialize;
use thin_vec::ThinVec;

/// A table of evidence a journey names: `data NAME: PATH {options}`, or `[data]` in
/// `waymark.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DataSource {
    /// The name steps, metrics and quotes use.
    pub name: String,
    /// The file, relative to the file that names it (CSV, TSV or JSON Lines).
    pub path: String,
    /// Which columns hold what.
    pub columns: Columns,
    /// The scale of the score column; `null`: the journey's scale.
    pub scale: Option<Scale>,
    /// Rows kept: a column's value must equal the given one (trimmed, case-insensitive).
    pub filters: Vec<Filter>,
    /// Rows kept: dated on or after this day (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Rows kept: dated on or before this day (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// Fewer answers than this make a step's score weak evidence; `null`: the default (10).
    pub min_n: Option<u32>,
    /// Where it was declared.
    pub span: Span,
    /// Where each option was written, by its key, to point at a column that is missing.
    #[serde(skip)]
    #[schemars(skip)]
    pub option_spans: Vec<(String, Span)>,
}

/// The columns of a data source that waymark reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Columns {
    /// The step a row is about, matched against step names and `id:`s (`step`).
    pub step: String,
    /// A score (`score`).
    pub score: String,
    /// When the row was recorded, `YYYY-MM-DD` (`date`).
    pub date: String,
    /// A quote's words (`text`).
    pub text: String,
    /// Who or which interview a quote is from (`source`).
    pub source: String,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            step: "step".into(),
            score: "score".into(),
            date: "date".into(),
            text: "text".into(),
            source: "source".into(),
        }
    }
}

/// Rows kept only where `column` holds `value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Filter {
    /// `persona`, `market`, `segment`, `channel` or another column.
    pub column: String,
    /// The value to keep.
    pub value: String,
}

/// Where a step, metric or quote line names a data source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataRef {
    /// The source's name as written.
    pub name: String,
    /// Where the name was written.
    pub span: Span,
}

/// `metric: Checkout drop-off {data: funnel, column: dropoff, target: < 30%}`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRef {
    /// The metric's name, shown on the map.
    pub label: String,
    /// The source with its time series.
    pub source: DataRef,
    /// The column with the values.
    pub column: String,
    /// The value to reach, if any.
    pub target: Option<Target>,
    /// The whole line's value.
    pub span: Span,
}

/// How many quotes `quotes: NAME` pulls when no `limit` is given.
pub const DEFAULT_QUOTE_LIMIT: usize = 3;

/// `quotes: interviews {limit: 3}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRef {
    /// The research file's source.
    pub source: DataRef,
    /// At most this many quotes, newest first.
    pub limit: usize,
}

/// What a step's lines ask of the data; read by `crate::evidence`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepData {
    /// The source its score comes from (`Step: survey: Maya`).
    pub score: Option<DataRef>,
    /// Metrics over a time series.
    pub metrics: Vec<MetricRef>,
    /// Quotes pulled from a research file.
    pub quotes: Vec<QuoteRef>,
}

/// A value to reach: `< 30%`, `>= 4.2`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Target {
    /// How the value compares with the goal.
    pub op: TargetOp,
    /// The goal, in the metric's unit.
    pub value: f64,
    /// Whether the goal was written as a percentage.
    pub percent: bool,
}

/// How a metric's value must compare with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum TargetOp {
    /// `<`
    #[serde(rename = "<")]
    Below,
    /// `<=`
    #[serde(rename = "<=")]
    AtMost,
    /// `>`
    #[serde(rename = ">")]
    Above,
    /// `>=`
    #[serde(rename = ">=")]
    AtLeast,
}

impl TargetOp {
    /// The symbol as written.
    pub fn symbol(self) -> &'static str {
        match self {
            TargetOp::Below => "<",
            TargetOp::AtMost => "≤",
            TargetOp::Above => ">",
            TargetOp::AtLeast => "≥",
        }
    }
}

impl Target {
    /// Whether `value` meets the target.
    pub fn met_by(&self, value: f64) -> bool {
        match self.op {
            TargetOp::Below => value < self.value,
            TargetOp::AtMost => value <= self.value,
            TargetOp::Above => value > self.value,
            TargetOp::AtLeast => value >= self.value,
        }
    }
}

/// What the data says about one step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct StepEvidence {
    /// The score computed from a survey, with its sample size and interval.
    // Boxed: most steps have none, and a handbook holds every step.
    pub score: Option<Box<ScoreEvidence>>,
    /// Metrics computed from time series.
    #[schemars(with = "Vec<MetricEvidence>")]
    pub metrics: ThinVec<MetricEvidence>,
    /// Quotes pulled from research files (also shown in the step's `quotes`).
    #[schemars(with = "Vec<QuoteEvidence>")]
    pub quotes: ThinVec<QuoteEvidence>,
    /// Whether the step rests on evidence: a score from data with enough answers, a
    /// quote, or a metric from data. A step that is not backed is an assumption.
    pub backed: bool,
}

/// A step's score as the data gives it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ScoreEvidence {
    /// The data source's name.
    pub source: String,
    /// How many rows (answers) the mean is over.
    pub n: u64,
    /// The mean on the source's scale.
    pub mean: f64,
    /// The source's scale.
    pub source_scale: Scale,
    /// The 95 % confidence interval of the mean on the source's scale, cut to the scale;
    /// `null` with one answer.
    pub interval: Option<Interval>,
    /// The same interval on the journey's scale (the step's `score` is the mean on it).
    pub journey_interval: Option<Interval>,
    /// Fewer answers than `min_n`: weak evidence.
    pub weak: bool,
    /// The minimum number of answers that was applied.
    pub min_n: u32,
}

/// A range of values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// A metric computed from a time series.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct MetricEvidence {
    /// The metric's name.
    pub label: String,
    /// The data source's name.
    pub source: String,
    /// The column read.
    pub column: String,
    /// Whether values are percentages (cells or target written with `%`).
    pub percent: bool,
    /// One value per date (the mean of that date's rows), oldest first.
    pub series: Vec<Point>,
    /// The target, if one was set.
    pub target: Option<Target>,
    /// Whether the latest value meets the target; `null` without a target.
    pub meets_target: Option<bool>,
}

impl MetricEvidence {
    /// The newest value.
    pub fn latest(&self) -> Option<&Point> {
        self.series.last()
    }

    /// The value before the newest.
    pub fn previous(&self) -> Option<&Point> {
        self.series.len().checked_sub(2).map(|i| &self.series[i])
    }

    /// The newest value minus the one before it.
    pub fn change(&self) -> Option<f64> {
        Some(self.latest()?.value - self.previous()?.value)
    }
}

/// One value of a time series.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Point {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// The value.
    pub value: f64,
}

/// A quote pulled from a research file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct QuoteEvidence {
    /// The words.
    pub text: String,
    /// The data source's name.
    pub source: String,
    /// Who or which interview it is from, as the file says.
    pub from: Option<String>,
    /// When, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// How well a journey is backed, and by what.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct JourneyEvidence {
    /// Steps backed by evidence.
    pub backed: usize,
    /// All steps.
    pub steps: usize,
    /// Every data source the journey used, with what was found in it.
    pub sources: Vec<SourceUse>,
}

impl JourneyEvidence {
    /// The share of backed steps, 0 to 100 (100 for a journey without steps).
    pub fn percent(&self) -> f64 {
        if self.steps == 0 {
            100.0
        } else {
            self.backed as f64 * 100.0 / self.steps as f64
        }
    }
}

/// A data source as one journey used it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SourceUse {
    /// Its name.
    pub name: String,
    /// Its file, relative to the handbook (or as written outside a handbook).
    pub path: String,
    /// Rows read after the filters.
    pub rows: u64,
    /// The newest date of a kept row, `YYYY-MM-DD`.
    pub newest: Option<String>,
    /// Whether the newest row is older than the freshness limit.
    pub stale: bool,
}
