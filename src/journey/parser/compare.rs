//! The lines that make journeys comparable: `counterpart PATH "Title"` (the journey in
//! its other state) and `scores: Tom 2, Ana 4` (other personas' scores for a step).

use super::lex::parse_number;
use super::Parser;
use crate::journey::model::*;

impl<'b> Parser<'b> {
    /// `counterpart journeys/checkout-future.md "Buying online, future"`.
    pub(super) fn counterpart(&mut self, value: &str, vspan: (usize, usize)) {
        let (path, title) = match value.find('"') {
            Some(q) => {
                let rest = &value[q + 1..];
                match rest.strip_suffix('"') {
                    Some(t) if !t.trim().is_empty() => {
                        (value[..q].trim(), Some(t.trim().to_string()))
                    }
                    _ => {
                        self.error(vspan.0 + q, vspan.1, "the counterpart's title is not closed")
                            .help("write the title in double quotes: `counterpart journeys/future.md \"Buying online\"`");
                        return;
                    }
                }
            }
            None => (value.trim(), None),
        };
        if path.is_empty() || path.contains(char::is_whitespace) {
            self.error(vspan.0, vspan.1, format!("`{value}` does not name a file"))
                .help("name the file with the journey in its other state, relative to this one: `counterpart checkout-future.md`, with its title in quotes when the file holds several");
            return;
        }
        let span = self.span(vspan.0, vspan.1);
        self.journey.counterpart = Some(Counterpart {
            path: path.to_string(),
            title,
            span,
        });
    }

    /// `scores: Tom 2, Ana -1.5` (or `Tom: 2`) under a step.
    pub(super) fn persona_scores(
        &mut self,
        value: &str,
        value_at: usize,
        key_span: (usize, usize),
    ) {
        if value.trim().is_empty() {
            self.error(
                key_span.0,
                key_span.1,
                "`scores:` needs a persona and a score",
            )
            .help("write each persona with its score: `scores: Tom 2, Ana 4`");
            return;
        }
        let mut offset = 0;
        let mut found = Vec::new();
        for part in value.split(',') {
            let at = value_at + offset + (part.len() - part.trim_start().len());
            offset += part.len() + 1;
            let item = part.trim();
            let split = item
                .rfind(|c: char| c.is_whitespace() || c == ':')
                .map(|i| {
                    (
                        item[..i].trim().trim_end_matches(':').trim(),
                        item[i + 1..].trim(),
                    )
                });
            let parsed = split.and_then(|(name, score)| Some((name, parse_number(score)?)));
            match parsed {
                Some((name, score)) if !name.is_empty() => {
                    if found
                        .iter()
                        .any(|p: &PersonaScore| p.persona.eq_ignore_ascii_case(name))
                    {
                        self.error(
                            at,
                            at + item.len(),
                            format!("`{name}` has two scores for this step"),
                        )
                        .help("give each persona one score");
                        continue;
                    }
                    let scale = self.journey.scale;
                    let span = self.span(at, at + item.len());
                    if !scale.contains(score) {
                        self.warning(
                            at,
                            at + item.len(),
                            format!(
                                "the score {} of {name} is outside the scale {}..{}",
                                crate::render::scene::num(score),
                                crate::render::scene::num(scale.min),
                                crate::render::scene::num(scale.max)
                            ),
                        )
                        .help("use a score on the journey's scale; it is drawn at the nearest end");
                    }
                    found.push(PersonaScore {
                        persona: name.to_string(),
                        score,
                        span,
                    });
                }
                _ => {
                    self.error(at, at + item.len().max(1), format!("`{item}` is not a persona with a score"))
                        .help("write each persona with its score on the journey's scale: `scores: Tom 2, Ana 4`");
                }
            }
        }
        let main = self.persona_refs.first().map(|(n, _)| n.clone());
        for p in found {
            if main
                .as_deref()
                .is_some_and(|m| m.eq_ignore_ascii_case(&p.persona))
            {
                self.push(crate::diagnostics::Diagnostic::warning(p.span, format!("{} is the journey's persona: the step line's score is theirs", p.persona)))
                    .help("list only the other personas under `scores:`; write the main persona's score on the step line");
                continue;
            }
            if let Some(step) = self.current_step() {
                step.persona_scores.push(p);
            }
        }
    }
}
