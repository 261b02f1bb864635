//! The "since last review" view under a map, and the line linking a map to its other
//! state: plain HTML, every word the author wrote escaped.

use super::pairs::Partner;
use super::review::SinceReview;
use crate::diff::{Change, Move, OpportunityStatus, PainStatus, StepDiff};
use crate::i18n::Locale;
use crate::journey::State;
use crate::render::parts::score_text;
use crate::render::svg::escape;

/// The view: a `<details>` whose summary counts the changes and whose body lists them,
/// with the review commit (linked when the handbook sets `commit_url`).
pub(crate) fn since_review(view: &SinceReview, words: &Locale, commit_url: Option<&str>) -> String {
    let t = |k: &str| escape(words.t(k));
    let d = &view.diff;
    let step = |s: &StepDiff| {
        let name = s
            .new_name
            .as_deref()
            .or(s.old_name.as_deref())
            .unwrap_or("");
        let stage = s
            .new_stage
            .as_deref()
            .or(s.old_stage.as_deref())
            .unwrap_or("");
        if stage.trim().is_empty() {
            escape(&one_line(name))
        } else {
            format!("{} › {}", escape(&one_line(stage)), escape(&one_line(name)))
        }
    };
    let mut lists: Vec<(&str, Vec<String>)> = [
        "stages_added",
        "stages_removed",
        "stages_renamed",
        "steps_added",
        "steps_removed",
        "steps_renamed",
        "steps_moved",
        "score_changes",
        "pains_added",
        "pains_resolved",
        "opportunities_added",
        "opportunities_dropped",
        "other_changes",
    ]
    .into_iter()
    .map(|k| (k, Vec::new()))
    .collect();
    let mut push = |key: &str, item: String| {
        if let Some((_, v)) = lists.iter_mut().find(|(k, _)| *k == key) {
            v.push(item);
        }
    };
    for f in &d.fields {
        let v = |x: &Option<String>| x.as_deref().map_or("–".to_string(), escape);
        push(
            "other_changes",
            format!("{}: {} → {}", escape(&f.field), v(&f.old), v(&f.new)),
        );
    }
    for stage in &d.stages {
        let (old, new) = (stage.old_name.as_deref(), stage.new_name.as_deref());
        match stage.change {
            Change::Added => push("stages_added", escape(&one_line(new.unwrap_or("")))),
            Change::Removed => push("stages_removed", escape(&one_line(old.unwrap_or("")))),
            _ if stage.renamed => push(
                "stages_renamed",
                format!(
                    "{} → {}",
                    escape(&one_line(old.unwrap_or(""))),
                    escape(&one_line(new.unwrap_or("")))
                ),
            ),
            _ => {}
        }
        for s in &stage.steps {
            match s.change {
                Change::Added => push("steps_added", step(s)),
                Change::Removed => push("steps_removed", step(s)),
                _ => {}
            }
            if s.renamed {
                push(
                    "steps_renamed",
                    format!(
                        "{} → {}",
                        escape(&one_line(s.old_name.as_deref().unwrap_or(""))),
                        escape(&one_line(s.new_name.as_deref().unwrap_or("")))
                    ),
                );
            }
            match s.moved {
                Some(Move::Stage) => push(
                    "steps_moved",
                    format!(
                        "{}: {} → {}",
                        escape(&one_line(s.new_name.as_deref().unwrap_or(""))),
                        escape(&one_line(s.old_stage.as_deref().unwrap_or(""))),
                        escape(&one_line(s.new_stage.as_deref().unwrap_or("")))
                    ),
                ),
                Some(Move::Order) => push("steps_moved", step(s)),
                None => {}
            }
            if let (Change::Changed, Some(sc)) = (s.change, &s.score) {
                let v = |x: Option<f64>| x.map_or("–".to_string(), score_text);
                let delta = sc
                    .delta
                    .map(|x| format!(" ({}{})", if x > 0.0 { "+" } else { "" }, score_text(x)))
                    .unwrap_or_default();
                push(
                    "score_changes",
                    format!("{}: {} → {}{delta}", step(s), v(sc.old), v(sc.new)),
                );
            }
            for p in &s.pains {
                match (p.change, &p.old, &p.new) {
                    (PainStatus::Added, _, Some(x)) => {
                        push("pains_added", format!("{} ({})", escape(&x.text), step(s)))
                    }
                    (PainStatus::Resolved, Some(x), _) => push(
                        "pains_resolved",
                        format!("{} ({})", escape(&x.text), step(s)),
                    ),
                    _ => {}
                }
            }
            for o in &s.opportunities {
                match (o.change, &o.old, &o.new) {
                    (OpportunityStatus::Added, _, Some(x)) => push(
                        "opportunities_added",
                        format!("{} ({})", escape(&x.text), step(s)),
                    ),
                    (OpportunityStatus::Dropped, Some(x), _) => push(
                        "opportunities_dropped",
                        format!("{} ({})", escape(&x.text), step(s)),
                    ),
                    _ => {}
                }
            }
        }
    }
    let lists: Vec<(&str, Vec<String>)> =
        lists.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    let counts = lists
        .iter()
        .map(|(k, v)| format!("<span>{}: {}</span>", t(k), v.len()))
        .collect::<Vec<_>>()
        .join(" · ");
    let short = &view.commit[..view.commit.len().min(7)];
    let commit = match commit_url {
        Some(u) => format!(
            "<a href=\"{}\"><code>{}</code></a>",
            escape(&u.replace("{commit}", &view.commit)),
            escape(short)
        ),
        None => format!(
            "<code title=\"{}\">{}</code>",
            escape(&view.commit),
            escape(short)
        ),
    };
    let mut html = format!(
        "<details class=\"wm-since-review\"><summary><strong>{}</strong> <span class=\"wm-since-counts\">{counts}</span></summary>\n<p>{}</p>\n<dl>",
        t("since_review"),
        words
            .t("since_review_compared")
            .split("{commit}")
            .map(|part| escape(&part.replace("{date}", &view.reviewed)))
            .collect::<Vec<_>>()
            .join(&commit),
    );
    for (k, items) in &lists {
        html.push_str(&format!("<dt>{}</dt><dd><ul>", t(k)));
        for i in items {
            html.push_str(&format!("<li>{i}</li>"));
        }
        html.push_str("</ul></dd>");
    }
    html.push_str("</dl></details>\n");
    html
}

/// "Future state: <link>" (or current) under a map, from the page at `from`.
pub(crate) fn counterpart_line(
    partner: &Partner,
    mine: Option<State>,
    from: &str,
    words: &Locale,
) -> String {
    let state = partner.state.or(mine.map(State::other));
    let key = match state {
        Some(State::Future) => "future_state",
        Some(State::Current) => "current_state",
        None => "counterpart",
    };
    let href = format!(
        "{}#{}",
        super::url::href(from, &partner.url),
        partner.anchor()
    );
    format!(
        "<p class=\"wm-counterpart\"><span>{}:</span> <a href=\"{}\">{}</a></p>\n",
        escape(words.t(key)),
        escape(&href),
        escape(&one_line(&partner.title))
    )
}

fn one_line(s: &str) -> String {
    s.replace('\n', " ")
}
