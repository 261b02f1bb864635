//! The validated journey model: plain data that every writer (SVG, table, site pages,
//! JSON export) reads. Nothing here knows about syntax or output formats.

use schemars::JsonSchema;
use serde::Serialize;
use thin_vec::ThinVec;

pub use super::evidence::*;

/// A byte range in the source file (not in the journey block), end exclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// One customer journey map.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Journey {
    /// `title`, or the front matter's `title:`.
    pub title: Option<String>,
    /// Accessible title (`accTitle:`).
    pub acc_title: Option<String>,
    /// Accessible description (`accDescr:` or `accDescr { … }`).
    pub acc_descr: Option<String>,
    /// What the customer wants, what the team wants to learn (`goal`).
    pub goal: Option<String>,
    /// Name of the main persona (`persona`).
    pub persona: Option<String>,
    /// The emotion scale scores are read on (`scale`).
    pub scale: Scale,
    /// Date of the last review, `YYYY-MM-DD` (`reviewed`).
    pub reviewed: Option<String>,
    /// Who keeps this map up to date (`owner`).
    pub owner: Option<String>,
    /// Market or region the journey describes (`market`).
    pub market: Option<String>,
    /// Language of the journey's text, a BCP 47 tag (`lang`).
    pub lang: Option<String>,
    /// Preferred layout (`layout`, or the fence's `layout=`).
    pub layout: Option<Layout>,
    /// Preferred theme name (`theme`, or the fence's `theme=`).
    pub theme: Option<String>,
    /// Whether the map shows how things are or how they should become (`state`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<State>,
    /// The same journey in the other state (`counterpart PATH "Title"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterpart: Option<Counterpart>,
    /// Where the journey cycles back (`loop`).
    pub loops: Vec<Loop>,
    /// Stages, left to right.
    pub stages: Vec<Stage>,
    /// Personas defined inside this block (also collected handbook-wide).
    pub personas: Vec<Persona>,
    /// Data sources the journey names (`data NAME: PATH {…}`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataSource>,
    /// How well the journey is backed by evidence; set once its data has been read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<JourneyEvidence>,
    /// Where the block sits in its file.
    pub span: Span,
    /// Where header values were written, for diagnostics about them.
    #[serde(skip)]
    #[schemars(skip)]
    pub header_spans: HeaderSpans,
}

/// Where the journey's header values were written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeaderSpans {
    /// The persona's name in `persona Name`.
    pub persona: Option<Span>,
    /// The date in `reviewed YYYY-MM-DD`.
    pub reviewed: Option<Span>,
    /// The theme's name, in the fence or after `theme`.
    pub theme: Option<Span>,
    /// The language tag, in the fence or after `lang`.
    pub lang: Option<Span>,
}

impl Journey {
    /// Every step of every stage, in order.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.stages.iter().flat_map(|s| s.steps.iter())
    }

    /// Every step with the index of its stage, in order.
    pub fn steps_by_stage(&self) -> impl Iterator<Item = (usize, &Step)> {
        self.stages
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.steps.iter().map(move |st| (i, st)))
    }

    /// The title to show: the title, else the accessible title, else `fallback`.
    pub fn display_title<'a>(&'a self, fallback: &'a str) -> &'a str {
        self.title
            .as_deref()
            .or(self.acc_title.as_deref())
            .unwrap_or(fallback)
    }

    /// Every distinct actor in order of first appearance.
    pub fn actors(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for step in self.steps() {
            for a in &step.actors {
                if !out.contains(&a.as_str()) {
                    out.push(a);
                }
            }
        }
        out
    }
}

/// The range scores are given in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Scale {
    /// Lowest (worst) score.
    pub min: f64,
    /// Highest (best) score.
    pub max: f64,
}

impl Default for Scale {
    fn default() -> Self {
        Scale { min: 1.0, max: 5.0 }
    }
}

impl Scale {
    /// The score in the middle of the scale: neither happy nor sad.
    pub fn neutral(&self) -> f64 {
        (self.min + self.max) / 2.0
    }

    /// Where `score` lies on the scale, 0.0 (min) to 1.0 (max), clamped.
    pub fn fraction(&self, score: f64) -> f64 {
        if self.max <= self.min {
            return 0.5;
        }
        ((score - self.min) / (self.max - self.min)).clamp(0.0, 1.0)
    }

    /// Whether `score` lies within the scale.
    pub fn contains(&self, score: f64) -> bool {
        score >= self.min && score <= self.max
    }
}

/// How a journey is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Stages as columns, one lane per kind of content, the emotion curve across.
    Map,
    /// Mermaid's look: section bands, task cards, faces by score.
    Timeline,
    /// An HTML table, one lane per row and one step per column.
    Table,
    /// Panels in reading order.
    Storyboard,
}

impl Layout {
    /// Every layout, in the order they are documented.
    pub const ALL: [Layout; 4] = [
        Layout::Map,
        Layout::Timeline,
        Layout::Table,
        Layout::Storyboard,
    ];

    /// Every layout's name, in the order of [`Layout::ALL`].
    pub const NAMES: &'static [&'static str] = &["map", "timeline", "table", "storyboard"];

    /// The name used in the language and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Map => "map",
            Layout::Timeline => "timeline",
            Layout::Table => "table",
            Layout::Storyboard => "storyboard",
        }
    }

    /// Parses a layout name (case-insensitive).
    pub fn from_name(name: &str) -> Option<Layout> {
        Layout::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(name))
    }
}

/// Which state of a journey a map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// How the journey is today ("as-is").
    Current,
    /// How the journey should become ("to-be").
    Future,
}

impl State {
    /// The word used in the language.
    pub fn name(self) -> &'static str {
        match self {
            State::Current => "current",
            State::Future => "future",
        }
    }

    /// Reads `current`/`as-is` or `future`/`to-be` (any case).
    pub fn from_name(word: &str) -> Option<State> {
        match word.to_ascii_lowercase().as_str() {
            "current" | "as-is" => Some(State::Current),
            "future" | "to-be" => Some(State::Future),
            _ => None,
        }
    }

    /// The other state.
    pub fn other(self) -> State {
        match self {
            State::Current => State::Future,
            State::Future => State::Current,
        }
    }
}

/// Where a journey's other state is drawn: a file (relative to this one) and, when that
/// file holds several journeys, the title of the one meant.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Counterpart {
    /// The file, relative to the file this journey is in.
    pub path: String,
    /// The journey's title, when the file holds several.
    pub title: Option<String>,
    /// Where it was written.
    pub span: Span,
}

/// A score a step has for one persona of several (`scores: Maya 4, Tom 2`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PersonaScore {
    /// The persona's name.
    pub persona: String,
    /// The score on the journey's scale.
    pub score: f64,
    /// Where it was written.
    pub span: Span,
}

/// A journey that cycles back from one stage to an earlier one.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Loop {
    /// Stage the loop leaves from.
    pub from: String,
    /// Stage the loop returns to.
    pub to: String,
    /// Optional words on the arrow (`loop Advocacy -> Awareness: referrals`).
    pub label: Option<String>,
    /// Where it was written.
    pub span: Span,
}

/// A stage (Mermaid's `section`), a column of the map.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Stage {
    /// Stage name; empty for steps written before the first `section`.
    pub name: String,
    /// What the customer wants to achieve in this stage.
    pub goal: Option<String>,
    /// The larger phase this stage belongs to (e.g. "Acquisition").
    pub phase: Option<String>,
    /// Stage-level metrics and KPIs.
    pub metrics: Vec<String>,
    /// Stage metrics over a data source's time series.
    #[serde(skip)]
    #[schemars(skip)]
    pub data_metrics: Vec<MetricRef>,
    /// Stage metrics computed from data, with their provenance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metric_evidence: Vec<MetricEvidence>,
    /// Steps, in order.
    pub steps: Vec<Step>,
    /// Where the stage header was written.
    pub span: Span,
}

/// One step (Mermaid's task): what the customer does.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Step {
    /// What the customer does; `<br>` becomes a line break (`\n`).
    pub name: String,
    /// A stable key for the step (`id:`), matched against data rows before the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Emotion score on the journey's scale; `null` when not given.
    pub score: Option<f64>,
    /// Who takes part (Mermaid's actors).
    #[schemars(with = "Vec<String>")]
    pub actors: ThinVec<String>,
    /// Scores for other personas on the same step (`scores: Tom 2, Ana 4`); the step's
    /// `score` is the main persona's.
    #[serde(skip_serializing_if = "ThinVec::is_empty")]
    #[schemars(with = "Vec<PersonaScore>")]
    pub persona_scores: ThinVec<PersonaScore>,
    /// Where customer and business meet ("Checkout page").
    #[schemars(with = "Vec<String>")]
    pub touchpoints: ThinVec<String>,
    /// Channels ("web", "app", "phone", …).
    #[schemars(with = "Vec<String>")]
    pub channels: ThinVec<String>,
    /// What the customer thinks.
    #[schemars(with = "Vec<String>")]
    pub thoughts: ThinVec<String>,
    /// What the customer feels.
    #[schemars(with = "Vec<String>")]
    pub feelings: ThinVec<String>,
    /// What the customer needs to move on.
    #[schemars(with = "Vec<String>")]
    pub needs: ThinVec<String>,
    /// What stops the customer.
    #[schemars(with = "Vec<String>")]
    pub barriers: ThinVec<String>,
    /// What frustrates the customer.
    #[schemars(with = "Vec<Pain>")]
    pub pains: ThinVec<Pain>,
    /// Ideas to fix pains or amplify highs.
    #[schemars(with = "Vec<Opportunity>")]
    pub opportunities: ThinVec<Opportunity>,
    /// What staff the customer meets do (above the line of visibility).
    #[schemars(with = "Vec<String>")]
    pub frontstage: ThinVec<String>,
    /// What the business does out of sight.
    #[schemars(with = "Vec<String>")]
    pub backstage: ThinVec<String>,
    /// Systems, partners and processes that support the step.
    #[schemars(with = "Vec<String>")]
    pub support: ThinVec<String>,
    /// Step-level metrics.
    #[schemars(with = "Vec<String>")]
    pub metrics: ThinVec<String>,
    /// Quotes and evidence from research.
    #[schemars(with = "Vec<String>")]
    pub quotes: ThinVec<String>,
    /// Links to further material.
    #[schemars(with = "Vec<Link>")]
    pub links: ThinVec<Link>,
    /// Pictures of the step (storyboards).
    #[schemars(with = "Vec<Image>")]
    pub images: ThinVec<Image>,
    /// Free notes.
    #[schemars(with = "Vec<String>")]
    pub notes: ThinVec<String>,
    /// What the step's lines ask of data sources, when they ask anything (see
    /// [`Step::data`]): boxed, as most steps ask nothing and a handbook holds every step.
    #[serde(skip)]
    #[schemars(skip)]
    pub data: Option<Box<StepData>>,
    /// What the data says about the step; set once its journey's data has been read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<StepEvidence>,
    /// Where the step was written.
    pub span: Span,
}

impl Step {
    /// What the step's lines ask of data sources (nothing, for most steps).
    pub fn data(&self) -> &StepData {
        static NOTHING: StepData = StepData {
            score: None,
            metrics: Vec::new(),
            quotes: Vec::new(),
        };
        self.data.as_deref().unwrap_or(&NOTHING)
    }

    /// What the step's lines ask of data sources, to add to.
    pub fn data_mut(&mut self) -> &mut StepData {
        self.data.get_or_insert_default()
    }
}

/// A pain point.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Pain {
    /// What hurts.
    pub text: String,
    /// How much it hurts.
    pub severity: Severity,
    /// Where it was written.
    pub span: Span,
}

/// How severe a pain point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Annoying (1).
    Low,
    /// Hurts (2, the default).
    Medium,
    /// Makes customers leave (3).
    High,
    /// Stops the journey (4).
    Critical,
}

impl Severity {
    /// All severities, mildest first.
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The word used in the language.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// 1 (low) to 4 (critical).
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }
}

/// Low, medium or high: how opportunities are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    /// Low (1).
    Low,
    /// Medium (2).
    Medium,
    /// High (3).
    High,
}

impl Rating {
    /// All levels, lowest first.
    pub const ALL: [Rating; 3] = [Rating::Low, Rating::Medium, Rating::High];

    /// The word used in the language.
    pub fn name(self) -> &'static str {
        match self {
            Rating::Low => "low",
            Rating::Medium => "medium",
            Rating::High => "high",
        }
    }

    /// 1 (low) to 3 (high).
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }
}

/// An idea that fixes a pain point or amplifies a high.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Opportunity {
    /// The idea.
    pub text: String,
    /// How much it would help; `null` when not judged.
    pub impact: Option<Rating>,
    /// How much work it is; `null` when not judged.
    pub effort: Option<Rating>,
    /// Where it was written.
    pub span: Span,
}

/// A link to further material. Only http(s), mailto and relative URLs are accepted.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Link {
    /// The words to show (the URL when none were given).
    pub label: String,
    /// The URL.
    pub url: String,
}

/// A picture.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Image {
    /// Text alternative.
    pub alt: String,
    /// Where the picture is (relative path or http(s) URL).
    pub url: String,
}

/// A persona: who travels. Defined once, referenced by name from many journeys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Persona {
    /// The name journeys refer to.
    pub name: String,
    /// Role, age, situation: one line.
    pub role: Option<String>,
    /// A longer description.
    pub about: Option<String>,
    /// What they want.
    pub goals: Vec<String>,
    /// What frustrates them.
    pub frustrations: Vec<String>,
    /// Something they said.
    pub quote: Option<String>,
    /// A picture of them.
    pub image: Option<Image>,
    /// Where the definition was written.
    pub span: Span,
}
