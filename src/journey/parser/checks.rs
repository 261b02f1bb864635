//! Checks over a whole block once every line is read (loops naming real stages, empty
//! stages, scores inside the scale, one main persona), and the value checks the reader
//! shares (dates, language tags, theme names, URLs).

use super::{Parsed, Parser};
use crate::diagnostics::Diagnostic;
use crate::journey::model::*;

pub(super) fn is_valid_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| text.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

pub(super) fn is_lang_tag(text: &str) -> bool {
    let mut parts = text.split(['-', '_']);
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

pub(super) fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl<'b> Parser<'b> {
    pub(super) fn finish(mut self) -> Parsed {
        self.end_persona_definition();
        let j = &mut self.journey;
        let stage_names: Vec<String> = j.stages.iter().map(|s| s.name.clone()).collect();
        for (from, to, label, span) in std::mem::take(&mut self.loops) {
            let missing: Vec<&String> = [&from, &to]
                .into_iter()
                .filter(|n| !stage_names.iter().any(|s| s.eq_ignore_ascii_case(n)))
                .collect();
            if missing.is_empty() {
                j.loops.push(Loop {
                    from,
                    to,
                    label,
                    span,
                });
            } else {
                self.diagnostics.push(
                    Diagnostic::warning(
                        span,
                        format!(
                            "the loop names `{}`, which is not a stage of this journey",
                            missing[0]
                        ),
                    )
                    .with_help(format!(
                        "stages here: {}",
                        stage_names
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
        let is_journey = !j.stages.is_empty()
            || j.title.is_some()
            || j.acc_title.is_some()
            || (self.journey_fields && self.personas.is_empty())
            || (self.personas.is_empty() && !self.persona_refs.is_empty());
        let scale = j.scale;
        let mut extra = Vec::new();
        for stage in &j.stages {
            if stage.steps.is_empty() {
                extra.push(
                    Diagnostic::warning(
                        stage.span,
                        format!("the stage `{}` has no steps", stage.name),
                    )
                    .with_help(
                        "add steps under it (`Step name: score: actors`) or remove the section",
                    ),
                );
            }
            for step in &stage.steps {
                if let Some(score) = step.score {
                    if !scale.contains(score) {
                        extra.push(
                            Diagnostic::warning(step.span, format!("the score {score} is outside the scale {}..{}", scale.min, scale.max))
                                .with_help(format!("use a score from {} to {}, or set the journey's scale (e.g. `scale -2..2`); it is drawn at the nearest end", scale.min, scale.max)),
                        );
                    }
                }
            }
        }
        self.diagnostics.extend(extra);
        if is_journey {
            if self.persona_refs.len() > 1 {
                let (name, span) = &self.persona_refs[1];
                self.diagnostics.push(
                    Diagnostic::warning(*span, format!("a journey has one main persona; `{name}` is not used as it"))
                        .with_help("define further personas in a block of their own and keep one `persona` line per journey"),
                );
            }
            j.persona = self.persona_refs.first().map(|(n, _)| n.clone());
            j.header_spans.persona = self.persona_refs.first().map(|(_, s)| *s);
            if j.stages.is_empty() {
                self.diagnostics.push(
                    Diagnostic::warning(self.block.span, "this journey has no steps")
                        .with_help("add a `section` and steps such as `Sees an ad: 4: Maya`"),
                );
            }
        } else if self.personas.is_empty() && !self.started {
            self.diagnostics.push(
                Diagnostic::warning(self.block.span, "this journey block is empty").with_help(
                    "write a journey in it (`title …`, `section …`, `Step: 5: Actor`) or remove it",
                ),
            );
        }
        j.personas = self.personas.clone();
        self.diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        Parsed {
            journey: is_journey.then(|| std::mem::take(&mut self.journey)),
            personas: self.personas,
            diagnostics: self.diagnostics,
        }
    }
}
