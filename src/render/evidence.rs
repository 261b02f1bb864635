//! What a picture says about its evidence, in the words every layout shares: a score's
//! n and interval, a data metric's latest value, change and target, a pulled quote's
//! source, and which steps are assumptions. Drawing is each layout's job.

use super::labels::Labels;
use super::scene::num;
use crate::journey::{Journey, MetricEvidence, ScoreEvidence, Step, TargetOp};

/// Whether the journey draws on data at all. Only such maps mark assumptions: on a map
/// without data every step would be one, and the marks would say nothing.
pub(crate) fn uses_data(j: &Journey) -> bool {
    j.evidence.as_ref().is_some_and(|e| !e.sources.is_empty())
}

/// Whether `step` is marked as an assumption: its journey uses data, and nothing backs it.
pub(crate) fn is_assumption(j: &Journey, step: &Step) -> bool {
    uses_data(j) && !step.evidence.as_ref().is_some_and(|e| e.backed)
}

/// The score's evidence, when the step's score comes from data.
pub(crate) fn score(step: &Step) -> Option<&ScoreEvidence> {
    step.evidence.as_ref()?.score.as_deref()
}

/// `n = 42`.
pub(crate) fn n_text(ev: &ScoreEvidence) -> String {
    format!("n = {}", ev.n)
}

/// `n = 42, 95 % CI 0.1–0.7, survey` (the interval on the journey's scale).
pub(crate) fn score_detail(ev: &ScoreEvidence, l: &Labels) -> String {
    let mut parts = vec![n_text(ev)];
    if let Some(i) = ev.journey_interval {
        parts.push(format!(
            "{} {} – {}",
            l.get("ci"),
            signed(i.low),
            signed(i.high)
        ));
    }
    parts.push(ev.source.clone());
    parts.join(", ")
}

/// A number with a true minus sign, which reads apart from the dash of a range.
fn signed(v: f64) -> String {
    num(v).replace('-', "−")
}

/// A score with its evidence: `0.4 (n = 42, 95 % CI 0.1–0.7, survey)`, and `weak
/// evidence` after it when there are too few answers.
pub(crate) fn score_with_detail(v: f64, ev: &ScoreEvidence, l: &Labels) -> String {
    let mut s = format!("{} ({})", num(v), score_detail(ev, l));
    if ev.weak {
        s.push_str(&format!(", {}", l.get("weak")));
    }
    s
}

/// A metric value as shown: `33.8 %`, `1043`.
pub(crate) fn value_text(v: f64, percent: bool) -> String {
    if percent {
        format!("{} %", num(v))
    } else {
        num(v)
    }
}

/// Whether a change moved a metric towards its target or away from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Judged {
    /// Towards the target.
    Better,
    /// Away from it.
    Worse,
    /// No target, or no change.
    Neither,
}

/// The change against the previous period, judged against the target's direction.
pub(crate) fn change(m: &MetricEvidence) -> Option<(f64, Judged)> {
    let d = m.change()?;
    let judged = match m.target.map(|t| t.op) {
        _ if d == 0.0 => Judged::Neither,
        None => Judged::Neither,
        Some(TargetOp::Below | TargetOp::AtMost) if d < 0.0 => Judged::Better,
        Some(TargetOp::Above | TargetOp::AtLeast) if d > 0.0 => Judged::Better,
        Some(_) => Judged::Worse,
    };
    Some((d, judged))
}

/// `▼ −1.2 pp · better`: the arrow, the signed change (percentage points for
/// percentages) and, when there is a target, whether it moved towards it.
pub(crate) fn change_text(m: &MetricEvidence, l: &Labels) -> Option<(String, Judged)> {
    let (s, judged) = change_only(m, l)?;
    Some(match judged_word(judged, l) {
        Some(w) => (format!("{s} · {w}"), judged),
        None => (s, judged),
    })
}

/// `better` or `worse`, when the change was judged.
fn judged_word(j: Judged, l: &Labels) -> Option<&str> {
    match j {
        Judged::Better => Some(l.get("better")),
        Judged::Worse => Some(l.get("worse")),
        Judged::Neither => None,
    }
}

/// `▼ −1.2 pp`: the arrow and the signed change.
fn change_only(m: &MetricEvidence, l: &Labels) -> Option<(String, Judged)> {
    let (d, judged) = change(m)?;
    let arrow = if d > 0.0 {
        "▲"
    } else if d < 0.0 {
        "▼"
    } else {
        "▶"
    };
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "−"
    } else {
        "±"
    };
    let mut s = format!("{arrow} {sign}{}", num(d.abs()));
    if m.percent {
        s.push_str(&format!(" {}", l.get("pp")));
    }
    Some((s, judged))
}

/// `✓ target < 30 %: met` or `✗ target < 30 %: missed`, with whether it was met.
pub(crate) fn target_text(m: &MetricEvidence, l: &Labels) -> Option<(String, bool)> {
    let t = m.target?;
    let met = m.meets_target?;
    let (mark, word) = if met {
        ("✓", l.get("met"))
    } else {
        ("✗", l.get("missed"))
    };
    Some((
        format!(
            "{mark} {} {} {}: {word}",
            l.get("target"),
            t.op.symbol(),
            value_text(t.value, t.percent)
        ),
        met,
    ))
}

/// The source and the date of the newest value: `funnel · 2026-02-16`.
pub(crate) fn metric_source(m: &MetricEvidence) -> String {
    match m.latest() {
        Some(p) => format!("{} · {}", m.source, p.date),
        None => m.source.clone(),
    }
}

/// A metric in one line of text, for the table and text alternatives:
/// `Checkout drop-off: 33.8 % (funnel, 2026-02-16); ▼ −1.2 pp since 2026-02-09, better;
/// ✗ target < 30 %: missed`.
pub(crate) fn metric_line(m: &MetricEvidence, l: &Labels) -> String {
    let Some(latest) = m.latest() else {
        return format!("{}: {} ({})", m.label, l.get("no_data"), m.source);
    };
    let mut s = format!(
        "{}: {} ({}, {})",
        m.label,
        value_text(latest.value, m.percent),
        m.source,
        latest.date
    );
    if let (Some((change, judged)), Some(prev)) = (change_only(m, l), m.previous()) {
        s.push_str(&format!("; {change} {} {}", l.get("since"), prev.date));
        if let Some(w) = judged_word(judged, l) {
            s.push_str(&format!(", {w}"));
        }
    }
    if let Some((target, _)) = target_text(m, l) {
        s.push_str(&format!("; {target}"));
    }
    s
}

/// Where a quote of the step's came from (`P07 · 2026-02-11 · interviews`), when it was
/// pulled from a research file.
pub(crate) fn quote_source(step: &Step, text: &str) -> Option<String> {
    let q = step
        .evidence
        .as_ref()?
        .quotes
        .iter()
        .find(|q| q.text == text)?;
    let parts: Vec<&str> = [
        q.from.as_deref(),
        q.date.as_deref(),
        Some(q.source.as_str()),
    ]
    .into_iter()
    .flatten()
    .filter(|p| !p.is_empty())
    .collect();
    Some(parts.join(" · "))
}

/// `Backed by evidence: 4 / 6 (67 %). Assumptions: Reads reviews, Rides the bike.`, for
/// the written description of a map whose journey uses data.
pub(crate) fn summary(j: &Journey, l: &Labels) -> Option<String> {
    if !uses_data(j) {
        return None;
    }
    let e = j.evidence.as_ref()?;
    let mut s = format!(
        "{}: {} / {} ({} %).",
        l.get("backed"),
        e.backed,
        e.steps,
        num(e.percent().round())
    );
    let assumed: Vec<String> = j
        .steps()
        .filter(|st| is_assumption(j, st))
        .map(|st| st.name.replace('\n', " "))
        .collect();
    if !assumed.is_empty() {
        s.push_str(&format!(
            " {}: {}.",
            l.get("assumptions"),
            assumed.join(", ")
        ));
    }
    Some(s)
}
