//! The diff document: what `waymark diff --format json` prints (versioned as
//! `waymark-diff/1`, described by `waymark diff --schema`), and what the text and
//! Markdown reports are written from.

use crate::journey::{Rating, Scale, Severity};
use schemars::JsonSchema;
use serde::Serialize;

/// The version of the diff format; bumped on any incompatible change.
pub(crate) const SCHEMA: &str = "waymark-diff/1";

/// Everything that changed between two versions of a file's journeys.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DiffDocument {
    /// The format version, `waymark-diff/1`.
    pub schema: String,
    /// The old side as given: a file, or `REV:path`.
    pub old: String,
    /// The new side as given.
    pub new: String,
    /// Counts over every journey.
    pub summary: Summary,
    /// Journeys found on both sides, in the new side's order.
    pub journeys: Vec<JourneyDiff>,
    /// Journeys only the new side has.
    pub journeys_added: Vec<JourneyRef>,
    /// Journeys only the old side has.
    pub journeys_removed: Vec<JourneyRef>,
}

impl DiffDocument {
    /// Whether anything changed.
    pub fn has_changes(&self) -> bool {
        self.summary.total() > 0
    }
}

/// How many of each kind of change there are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Summary {
    /// Journeys only the new side has.
    pub journeys_added: usize,
    /// Journeys only the old side has.
    pub journeys_removed: usize,
    /// Title, persona, owner, reviewed date, market, goal or scale changes.
    pub fields_changed: usize,
    /// Stages only the new side has.
    pub stages_added: usize,
    /// Stages only the old side has.
    pub stages_removed: usize,
    /// Matched stages whose name changed.
    pub stages_renamed: usize,
    /// Matched stages that changed place among the others.
    pub stages_moved: usize,
    /// Steps only the new side has.
    pub steps_added: usize,
    /// Steps only the old side has.
    pub steps_removed: usize,
    /// Matched steps whose name changed.
    pub steps_renamed: usize,
    /// Matched steps now in another stage, or out of their old order.
    pub steps_moved: usize,
    /// Matched steps with any other change (score, pains, opportunities, lanes).
    pub steps_changed: usize,
    /// Matched steps whose score changed.
    pub scores_changed: usize,
    /// Pains the new side has and the old did not (those of added steps too).
    pub pains_added: usize,
    /// Pains the old side had and the new does not (those of removed steps too).
    pub pains_resolved: usize,
    /// Matched pains reworded or of another severity.
    pub pains_changed: usize,
    /// Opportunities the new side has and the old did not.
    pub opportunities_added: usize,
    /// Opportunities the old side had and the new does not.
    pub opportunities_dropped: usize,
    /// Matched opportunities reworded or judged differently.
    pub opportunities_changed: usize,
}

impl Summary {
    /// Every change counted once (a step both renamed and moved counts twice).
    pub fn total(&self) -> usize {
        let Summary {
            journeys_added,
            journeys_removed,
            fields_changed,
            stages_added,
            stages_removed,
            stages_renamed,
            stages_moved,
            steps_added,
            steps_removed,
            steps_renamed,
            steps_moved,
            steps_changed,
            scores_changed: _,
            pains_added: _,
            pains_resolved: _,
            pains_changed: _,
            opportunities_added: _,
            opportunities_dropped: _,
            opportunities_changed: _,
        } = *self;
        // Score, pain and opportunity changes are already counted in `steps_changed`,
        // `steps_added` or `steps_removed`.
        journeys_added
            + journeys_removed
            + fields_changed
            + stages_added
            + stages_removed
            + stages_renamed
            + stages_moved
            + steps_added
            + steps_removed
            + steps_renamed
            + steps_moved
            + steps_changed
    }

    /// Adds `other`'s counts to these.
    pub(crate) fn add(&mut self, other: &Summary) {
        self.journeys_added += other.journeys_added;
        self.journeys_removed += other.journeys_removed;
        self.fields_changed += other.fields_changed;
        self.stages_added += other.stages_added;
        self.stages_removed += other.stages_removed;
        self.stages_renamed += other.stages_renamed;
        self.stages_moved += other.stages_moved;
        self.steps_added += other.steps_added;
        self.steps_removed += other.steps_removed;
        self.steps_renamed += other.steps_renamed;
        self.steps_moved += other.steps_moved;
        self.steps_changed += other.steps_changed;
        self.scores_changed += other.scores_changed;
        self.pains_added += other.pains_added;
        self.pains_resolved += other.pains_resolved;
        self.pains_changed += other.pains_changed;
        self.opportunities_added += other.opportunities_added;
        self.opportunities_dropped += other.opportunities_dropped;
        self.opportunities_changed += other.opportunities_changed;
    }
}

/// A journey only one side has.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct JourneyRef {
    /// Its title (or accessible title); `null` when it has none.
    pub title: Option<String>,
    /// Its place among the journeys of its file, from 1.
    pub position: usize,
    /// How many stages it has.
    pub stages: usize,
    /// How many steps it has.
    pub steps: usize,
}

/// How the two versions of a journey were paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PairedBy {
    /// Both have the same title.
    Title,
    /// Neither found a journey of its title on the other side; they hold the same place
    /// among their file's journeys, and enough of their steps match.
    Position,
}

/// What changed in one journey.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct JourneyDiff {
    /// The old version's title; `null` when it has none.
    pub old_title: Option<String>,
    /// The new version's title; `null` when it has none.
    pub new_title: Option<String>,
    /// The old version's place among the journeys of its file, from 1.
    pub old_position: usize,
    /// The new version's place, from 1.
    pub new_position: usize,
    /// How the two were paired.
    pub paired_by: PairedBy,
    /// Steps found on both sides.
    pub matched_steps: usize,
    /// Header values that changed, in the order title, persona, owner, reviewed, market,
    /// goal, scale.
    pub fields: Vec<FieldChange>,
    /// The emotion scale, when it changed.
    pub scale: Option<ScaleChange>,
    /// Stages that changed or hold changed steps, in the new order; removed stages after
    /// the stage that came before them.
    pub stages: Vec<StageDiff>,
    /// Counts for this journey.
    pub summary: Summary,
}

/// A header value that changed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FieldChange {
    /// `title`, `persona`, `owner`, `reviewed`, `market`, `goal` or `scale`.
    pub field: String,
    /// The old value; `null` when it was not set.
    pub old: Option<String>,
    /// The new value; `null` when it is no longer set.
    pub new: Option<String>,
}

/// A changed emotion scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct ScaleChange {
    /// The old scale.
    pub old: Scale,
    /// The new scale.
    pub new: Scale,
}

/// Whether an item is new, gone, or on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Only the new side has it.
    Added,
    /// Only the old side has it.
    Removed,
    /// On both sides, changed.
    Changed,
    /// On both sides, itself unchanged (a stage listed for its steps' changes).
    Unchanged,
}

/// A stage that changed, or holds steps that did.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StageDiff {
    /// Added, removed, changed (renamed or moved) or unchanged.
    pub change: Change,
    /// Its old name; `null` when added. An empty name is the stage of steps written
    /// before the first `section`.
    pub old_name: Option<String>,
    /// Its new name; `null` when removed.
    pub new_name: Option<String>,
    /// Its old place among the stages, from 1.
    pub old_position: Option<usize>,
    /// Its new place, from 1.
    pub new_position: Option<usize>,
    /// Its name changed.
    pub renamed: bool,
    /// It changed place among the stages found on both sides.
    pub moved: bool,
    /// Steps that changed: the new stage's in order, removed ones after the step that
    /// came before them.
    pub steps: Vec<StepDiff>,
}

/// How a matched step moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Move {
    /// Into another stage.
    Stage,
    /// Within its stage, out of its old order.
    Order,
}

/// A step that was added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StepDiff {
    /// Added, removed or changed.
    pub change: Change,
    /// Its old name; `null` when added.
    pub old_name: Option<String>,
    /// Its new name; `null` when removed.
    pub new_name: Option<String>,
    /// Its `id:`, new side first.
    pub id: Option<String>,
    /// The name of the stage it was in; `null` when added.
    pub old_stage: Option<String>,
    /// The name of the stage it is in; `null` when removed.
    pub new_stage: Option<String>,
    /// Its old place in its stage, from 1.
    pub old_position: Option<usize>,
    /// Its new place in its stage, from 1.
    pub new_position: Option<usize>,
    /// Its name changed.
    pub renamed: bool,
    /// How it moved, when it did.
    pub moved: Option<Move>,
    /// How alike the two versions are (0 to 1, see the matching rule); `null` unless
    /// matched.
    pub similarity: Option<f64>,
    /// Its score, when it changed (an added or removed step: the score it has or had).
    pub score: Option<ScoreChange>,
    /// Pains added, resolved or changed.
    pub pains: Vec<PainChange>,
    /// Opportunities added, dropped or changed.
    pub opportunities: Vec<OpportunityChange>,
    /// Entries of text lanes (touchpoints, channels, thoughts, …) added or removed; on
    /// matched steps only.
    pub lanes: Vec<LaneChange>,
}

/// A score before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct ScoreChange {
    /// The old score on the old scale; `null` when there was none.
    pub old: Option<f64>,
    /// The new score on the new scale; `null` when there is none.
    pub new: Option<f64>,
    /// New minus old on the new scale (the old score placed at the same point of the new
    /// scale when the scale changed); `null` unless both are there.
    pub delta: Option<f64>,
}

/// What happened to a pain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PainStatus {
    /// A new pain.
    Added,
    /// Gone from the new side.
    Resolved,
    /// Reworded, or of another severity.
    Changed,
}

/// A pain as one side has it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PainItem {
    /// What hurts.
    pub text: String,
    /// How much.
    pub severity: Severity,
}

/// A pain added, resolved or changed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PainChange {
    /// What happened to it.
    pub change: PainStatus,
    /// The old version; `null` when added.
    pub old: Option<PainItem>,
    /// The new version; `null` when resolved.
    pub new: Option<PainItem>,
}

/// What happened to an opportunity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OpportunityStatus {
    /// A new opportunity.
    Added,
    /// Gone from the new side.
    Dropped,
    /// Reworded, or judged differently (impact or effort).
    Changed,
}

/// An opportunity as one side has it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct OpportunityItem {
    /// The idea.
    pub text: String,
    /// How much it would help; `null` when not judged.
    pub impact: Option<Rating>,
    /// How much work it is; `null` when not judged.
    pub effort: Option<Rating>,
}

/// An opportunity added, dropped or changed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct OpportunityChange {
    /// What happened to it.
    pub change: OpportunityStatus,
    /// The old version; `null` when added.
    pub old: Option<OpportunityItem>,
    /// The new version; `null` when dropped.
    pub new: Option<OpportunityItem>,
}

/// Entries of one text lane added to or removed from a matched step.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LaneChange {
    /// The lane's word (`touchpoint`, `channel`, …).
    pub lane: String,
    /// Entries only the new side has.
    pub added: Vec<String>,
    /// Entries only the old side has.
    pub removed: Vec<String>,
}
