//! What one line is — `journey`, a keyword, a stage, a step, an attribute — and what it
//! sets in the journey.

use super::checks::{self, is_lang_tag, is_slug, is_valid_date};
use super::frame::unknown_layout;
use super::lex::{first_word, line_breaks, looks_like_score, parse_number, Line};
use super::{Parser, PersonaDef, Reading};
use crate::journey::keywords::{self, did_you_mean, is_one_of};
use crate::journey::model::*;

impl<'b> Parser<'b> {
    /// Reads one line (comment already cut off) in waymark's reading.
    pub(super) fn line(&mut self, line: Line<'b>) -> Reading {
        let (content, at) = line.content();
        let (word, rest, rest_at) = first_word(content);
        let after_word = &content[word.len()..];
        let has_space = after_word.starts_with(|c: char| c.is_whitespace());
        let colon_follows = after_word.trim_start().starts_with(':');
        let lower = word.to_ascii_lowercase();

        // `journey` opens a Mermaid diagram.
        if lower == "journey" && rest.is_empty() {
            return Reading::Mermaid;
        }
        // accTitle: / accDescr:
        if (lower == "acctitle" || lower == "accdescr") && colon_follows {
            let value = after_word.trim_start()[1..].trim();
            if value.is_empty() {
                self.error(at, at + content.len(), format!("`{word}:` needs text"))
                    .help(format!("write `{word}: …` with the text on the same line"));
            } else if lower == "acctitle" {
                self.journey.acc_title = Some(value.to_string());
            } else {
                self.journey.acc_descr = Some(value.to_string());
            }
            return Reading::Mermaid;
        }
        // `keyword value` lines.
        if has_space && !colon_follows {
            if is_one_of(&lower, keywords::STAGE_START) {
                let span = self.span(at + rest_at.min(content.len()), at + content.len());
                self.start_stage(rest, span);
                return Reading::Mermaid;
            }
            // `Market research: 3: Me` is a Mermaid task, not the `market` keyword.
            let task_like = rest
                .split_once(':')
                .is_some_and(|(_, data)| looks_like_score(data));
            if is_one_of(&lower, keywords::JOURNEY) && (lower == "title" || !task_like) {
                self.journey_keyword(&lower, rest, line, at + rest_at, at, content.len());
                return if lower == "title" {
                    Reading::Mermaid
                } else {
                    Reading::Waymark
                };
            }
        }
        if word.len() == content.len() {
            // A lone word: `section` or `title` without text, or a typo.
            if is_one_of(&lower, keywords::STAGE_START) || is_one_of(&lower, keywords::JOURNEY) {
                self.error(at, at + content.len(), format!("`{word}` needs a value"))
                    .help(format!("write `{lower} …` with the value on the same line"));
                return Reading::Waymark;
            }
        }
        if let Some(colon) = content.find(':') {
            return self.colon_line(line, content, at, colon);
        }
        // No colon and no keyword.
        if self.missing_colon(line, word, rest, rest_at) {
            return Reading::Waymark;
        }
        let mut all: Vec<&str> = keywords::JOURNEY.to_vec();
        all.extend_from_slice(keywords::STAGE_START);
        all.extend_from_slice(&["journey", "accTitle", "accDescr"]);
        let w_end = at + word.len();
        if let Some(s) = did_you_mean(word, &all) {
            let fix = self.fix(at, w_end, s);
            self.error(at, w_end, format!("unknown keyword `{word}`"))
                .label(format!("did you mean `{s}`?"))
                .help(format!("did you mean `{s}`?"))
                .fix(fix);
        } else {
            self.error(at, at + content.len(), "this line is neither a keyword nor a step")
                .help("steps are written `Step name: score: actors` (the score and actors may be left out: `Step name:`); lanes are written `key: value` under a step");
        }
        Reading::Waymark
    }

    /// A lane, attribute or step written without its colon (`channel app`, `chanel post`,
    /// `Step three 4`): reported with the line as it was meant. Returns whether it was one.
    fn missing_colon(&mut self, line: Line<'b>, word: &str, rest: &str, rest_at: usize) -> bool {
        let (content, at) = line.content();
        let indent = line.indent;
        if rest.is_empty() {
            return false;
        }
        let mut attributes: Vec<&str> = keywords::STEP.to_vec();
        for list in [
            keywords::STAGE,
            keywords::PERSONA,
            keywords::STEP_ATTRIBUTES,
        ] {
            for w in list {
                if !attributes.contains(w) {
                    attributes.push(w);
                }
            }
        }
        let lower = word.to_lowercase();
        let meant = keywords::canonical(&lower)
            .or_else(|| attributes.iter().find(|k| **k == lower).copied())
            .or_else(|| did_you_mean(word, &attributes));
        if let Some(key) = meant {
            let fix = self.fix(at, at + rest_at, format!("{key}: "));
            self.error(
                at,
                at + word.len(),
                format!("`{word}` is missing its colon"),
            )
            .label(format!("did you mean `{key}: {rest}`?"))
            .help(format!(
                "lanes and attributes are written `key: value`: `{key}: {rest}`"
            ))
            .fix(fix);
            // Read as meant, so the lines after it stay where they belong.
            if self.step_indent.is_some() && keywords::is_one_of(key, keywords::STEP) {
                self.step_lane(key, rest, at + rest_at, (at, at + word.len()));
            }
            return true;
        }
        // `Step three 4`: a step whose last word is a score.
        let trimmed = content.trim_end();
        let Some((space, gap)) = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
        else {
            return false;
        };
        let after = space + gap.len_utf8();
        let (name, score) = (trimmed[..space].trim_end(), &trimmed[after..]);
        if name.is_empty() || parse_number(score).is_none() {
            return false;
        }
        let fix = self.fix(at + name.len(), at + after, ": ");
        self.error(
            at + name.len(),
            at + after,
            "a step needs a colon before its score",
        )
        .label(format!("did you mean `{name}: {score}`?"))
        .help(format!(
            "steps are written `Step name: score: actors`: `{name}: {score}`"
        ))
        .fix(fix);
        let span = self.span(at, at + trimmed.len());
        self.add_step(name, parse_number(score), Vec::new(), span, indent);
        true
    }

    /// A line with a `:` that is not `accTitle:` or `accDescr:`: an attribute, a lane, a
    /// keyword written with a colon, or a step.
    fn colon_line(&mut self, line: Line<'b>, content: &str, at: usize, colon: usize) -> Reading {
        let key = content[..colon].trim();
        let value_raw = &content[colon + 1..];
        let value = value_raw.trim();
        let value_at = at + colon + 1 + (value_raw.len() - value_raw.trim_start().len());
        let lower = key.to_ascii_lowercase();
        let canon = keywords::canonical(&lower).or_else(|| {
            [
                keywords::STEP,
                keywords::STAGE,
                keywords::PERSONA,
                keywords::JOURNEY,
            ]
            .iter()
            .flat_map(|l| l.iter())
            .find(|k| **k == lower)
            .copied()
        });
        let deeper_than_step = self.step_indent.is_some_and(|i| line.indent > i);
        let score_like = looks_like_score(value);
        let key_span = (at, at + key.len());

        if keywords::is_one_of(&lower, keywords::STEP_ATTRIBUTES)
            && self.step_indent.is_some()
            && (!score_like || deeper_than_step)
        {
            if lower == "id" {
                self.step_id(value, value_at, key_span);
            } else {
                self.persona_scores(value, value_at, key_span);
            }
            return Reading::Waymark;
        }
        if let Some(canon) = canon {
            // Persona definition attributes.
            if let Some(def) = &self.defining {
                if line.indent > def.indent && is_one_of(canon, keywords::PERSONA) {
                    self.persona_attribute(canon, value, value_at, key_span);
                    return Reading::Waymark;
                }
            }
            let is_step = is_one_of(canon, keywords::STEP);
            let is_stage = is_one_of(canon, keywords::STAGE);
            let has_step = self.step_indent.is_some();
            if !score_like || deeper_than_step {
                if is_step && has_step && (!is_stage || deeper_than_step) {
                    self.step_lane(canon, value, value_at, key_span);
                    return Reading::Waymark;
                }
                if is_stage && self.explicit_stage {
                    self.stage_attribute(canon, value, value_at, key_span);
                    return Reading::Waymark;
                }
                if canon == "goal" && !self.explicit_stage && self.journey.stages.is_empty() {
                    self.journey.goal = self.text_value(value, value_at, key_span, "goal");
                    return Reading::Waymark;
                }
                if is_step && !has_step && !score_like {
                    self.error(key_span.0, key_span.1, format!("`{key}:` describes a step, but no step comes before it"))
                        .help(format!("write a step line first (`Step name: score: actors`), then indent `{key}: …` under it"));
                    return Reading::Waymark;
                }
                if is_one_of(canon, keywords::JOURNEY) && !score_like {
                    self.journey_keyword(canon, value, line, value_at, at, content.len());
                    return Reading::Waymark;
                }
            }
        }
        self.step_line(line, content, at, colon)
    }

    pub(super) fn text_value(
        &mut self,
        value: &str,
        value_at: usize,
        key_span: (usize, usize),
        key: &str,
    ) -> Option<String> {
        if value.is_empty() {
            self.error(
                key_span.0,
                key_span.1.max(value_at),
                format!("`{key}:` needs text"),
            )
            .help(format!("write the text after the colon: `{key}: …`"));
            None
        } else {
            Some(value.to_string())
        }
    }

    /// Opens a stage named `name` (its `<br>` tags still in it), written at `span`.
    pub(super) fn start_stage(&mut self, name: &str, span: Span) {
        self.end_persona_definition();
        self.journey.stages.push(Stage {
            name: line_breaks(name),
            span,
            ..Stage::default()
        });
        self.explicit_stage = true;
        self.step_indent = None;
    }

    fn journey_keyword(
        &mut self,
        key: &str,
        value: &str,
        line: Line<'b>,
        value_at: usize,
        at: usize,
        len: usize,
    ) {
        let vspan = (value_at, value_at + value.len());
        self.journey_fields = true;
        match key {
            "title" => self.journey.title = Some(line_breaks(value)),
            "owner" => self.journey.owner = Some(value.to_string()),
            "market" | "region" => self.journey.market = Some(value.to_string()),
            "goal" => {
                if self.explicit_stage {
                    if let Some(stage) = self.journey.stages.last_mut() {
                        stage.goal = Some(value.to_string());
                    }
                } else {
                    self.journey.goal = Some(value.to_string());
                }
            }
            "persona" => {
                self.end_persona_definition();
                let span = self.span(vspan.0, vspan.1);
                self.persona_refs.push((value.to_string(), span));
                self.defining = Some(PersonaDef {
                    persona: Persona {
                        name: value.to_string(),
                        span,
                        ..Persona::default()
                    },
                    indent: line.indent,
                    attributes: 0,
                });
            }
            "scale" => self.scale(value, vspan),
            "reviewed" => {
                if is_valid_date(value) {
                    self.journey.reviewed = Some(value.to_string());
                    self.journey.header_spans.reviewed = Some(self.span(vspan.0, vspan.1));
                } else {
                    self.error(vspan.0, vspan.1, format!("`{value}` is not a date"))
                        .help("write the review date as YYYY-MM-DD, e.g. `reviewed 2026-09-30`");
                }
            }
            "lang" => {
                if !is_lang_tag(value) {
                    self.error(vspan.0, vspan.1, format!("`{value}` is not a language tag"))
                        .help("use a BCP 47 tag such as `en`, `de`, `ru` or `pt-BR`");
                } else if !self.fence_sets("lang=") {
                    // The fence's attribute wins over the block's keyword.
                    self.journey.lang = Some(value.to_string());
                    self.journey.header_spans.lang = Some(self.span(vspan.0, vspan.1));
                }
            }
            "layout" => match Layout::from_name(value) {
                // The fence's attribute wins over the block's keyword.
                Some(l) if !self.fence_sets("layout=") => self.journey.layout = Some(l),
                Some(_) => {}
                None => {
                    let d = unknown_layout(value, self.span(vspan.0, vspan.1));
                    self.diagnostics.push(d);
                }
            },
            "theme" => {
                if !is_slug(value) {
                    self.error(vspan.0, vspan.1, format!("`{value}` is not a theme name"))
                        .help("theme names use letters, digits, `-` and `_`, e.g. `theme dark`");
                } else if !self.fence_sets("theme=") {
                    self.journey.theme = Some(value.to_string());
                    self.journey.header_spans.theme = Some(self.span(vspan.0, vspan.1));
                }
            }
            "loop" => self.journey_loop(value, vspan, (at, at + len)),
            "data" => self.data_source(value, value_at, (at, at + len)),
            "state" => match State::from_name(value) {
                Some(state) => self.journey.state = Some(state),
                None => {
                    self.error(vspan.0, vspan.1, format!("`{value}` is not a state"))
                        .help("write `state current` (how it is, also `as-is`) or `state future` (how it should become, also `to-be`)");
                }
            },
            "counterpart" => self.counterpart(value, vspan),
            _ => {}
        }
    }

    fn fence_sets(&self, attribute: &str) -> bool {
        self.block
            .info
            .as_ref()
            .is_some_and(|(i, _)| i.contains(attribute))
    }

    fn journey_loop(&mut self, value: &str, vspan: (usize, usize), line: (usize, usize)) {
        let (main, label) = match value.split_once(':') {
            Some((m, l)) if !l.trim().is_empty() => (m, Some(l.trim().to_string())),
            Some((m, _)) => (m, None),
            None => (value, None),
        };
        let parts = main.split_once("->").or_else(|| main.split_once('→'));
        match parts {
            Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
                let span = self.span(line.0, line.1);
                self.loops
                    .push((from.trim().to_string(), to.trim().to_string(), label, span));
            }
            _ => {
                self.error(
                    vspan.0,
                    vspan.1,
                    "a loop names the stage it leaves and the stage it returns to",
                )
                .help("write `loop Advocacy -> Awareness` (optionally `: label`)");
            }
        }
    }

    fn scale(&mut self, value: &str, vspan: (usize, usize)) {
        let parsed = value
            .split_once("..")
            .and_then(|(a, b)| Some((parse_number(a)?, parse_number(b)?)));
        match parsed {
            Some((min, max)) if min < max => self.journey.scale = Scale { min, max },
            Some(_) => {
                self.error(
                    vspan.0,
                    vspan.1,
                    "the scale's first number must be lower than its second",
                )
                .help("write the worst score first, e.g. `scale -2..2`");
            }
            None => {
                self.error(vspan.0, vspan.1, format!("`{value}` is not a scale"))
                    .help("write the lowest and highest score with `..` between them: `scale 1..5`, `scale -2..2`, `scale 1..7`");
            }
        }
    }

    /// `Task name: score: actor, actor`
    fn step_line(&mut self, line: Line<'b>, content: &str, at: usize, colon: usize) -> Reading {
        self.end_persona_definition();
        let name = content[..colon].trim();
        let data = &content[colon + 1..];
        let mut pieces = data.splitn(2, ':');
        let score_raw = pieces.next().unwrap_or("");
        let actors_raw = pieces.next();
        let score_text = score_raw.trim();
        let score_at = at + colon + 1 + (score_raw.len() - score_raw.trim_start().len());
        let span = self.span(at, at + content.len());
        let mut score_from = None;

        if name.is_empty() {
            self.error(at, at + content.len(), "this step has no name")
                .help("write the step's name before the colon: `Step name: score: actors`");
        }
        let score = if score_text.is_empty() || score_text == "-" {
            None
        } else {
            match parse_number(score_text) {
                Some(n) => Some(n),
                None if self.reads_as_data_source(name, score_text) => {
                    score_from = Some(DataRef {
                        name: score_text.to_string(),
                        span: self.span(score_at, score_at + score_text.len()),
                    });
                    None
                }
                None => {
                    if self.bad_score(name, score_text, score_at, at) {
                        // A misspelt lane: attach nothing, so later lanes stay on their step.
                        return Reading::Waymark;
                    }
                    None
                }
            }
        };
        let mut actors = Vec::new();
        if let Some(raw) = actors_raw {
            if let Some(third) = raw.find(':') {
                let extra = at + colon + 1 + score_raw.len() + 1 + third;
                self.warning(extra, extra + 1, "a third `:` in a step line")
                    .help("Mermaid drops what follows a third `:`; waymark reads it as more actors. Separate actors with `,`");
            }
            actors = raw
                .split([',', ':'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(line_breaks)
                .collect();
        }
        self.add_step(name, score, actors, span, line.indent);
        if let (Some(step), Some(from)) = (self.current_step(), score_from) {
            step.data_mut().score = Some(from);
        }
        if score.is_some() {
            Reading::Mermaid
        } else {
            Reading::Waymark
        }
    }

    /// Adds a step named `name` (its `<br>` tags still in it) to the current stage.
    pub(super) fn add_step(
        &mut self,
        name: &str,
        score: Option<f64>,
        actors: Vec<String>,
        span: Span,
        indent: usize,
    ) {
        self.end_persona_definition();
        if self.journey.stages.is_empty() {
            // Mermaid allows tasks before the first section; they form an unnamed stage.
            self.journey.stages.push(Stage {
                span,
                ..Stage::default()
            });
        }
        let step = Step {
            name: line_breaks(name),
            score,
            actors: actors.into(),
            span,
            ..Step::default()
        };
        if let Some(stage) = self.journey.stages.last_mut() {
            stage.steps.push(step);
        }
        self.step_indent = Some(indent);
    }

    /// Whether `score` in `name: score` names a data source: a journey fence's step
    /// whose name is not a misspelt or misplaced keyword and whose score is a name.
    /// Whether the source exists is known once the handbook's sources are (`evidence`).
    fn reads_as_data_source(&self, name: &str, score: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        let keyword = [
            keywords::STEP,
            keywords::STAGE,
            keywords::PERSONA,
            keywords::JOURNEY,
            keywords::STAGE_START,
            keywords::STEP_ATTRIBUTES,
        ]
        .iter()
        .any(|list| {
            list.contains(&lower.as_str())
                || (!name.contains(char::is_whitespace) && did_you_mean(&lower, list).is_some())
        });
        self.block.dialect() == super::Dialect::Journey
            && !keyword
            && checks::is_slug(score)
            && score.starts_with(|c: char| c.is_ascii_alphabetic())
    }

    /// Reports a score that is not a number; returns whether the line was a misspelt lane.
    fn bad_score(&mut self, name: &str, score: &str, score_at: usize, at: usize) -> bool {
        let mut lanes: Vec<&str> = keywords::STEP.to_vec();
        lanes.extend_from_slice(keywords::STAGE);
        lanes.extend_from_slice(keywords::PERSONA);
        if !name.contains(char::is_whitespace) {
            if let Some(s) = did_you_mean(name, &lanes) {
                let fix = self.fix(at, at + name.len(), s);
                self.error(at, at + name.len(), format!("unknown lane `{name}`"))
                    .fix(fix)
                    .label(format!("did you mean `{s}`?"))
                    .help(format!("did you mean `{s}: …`? (as written, this line is a step whose score `{score}` is not a number)"));
                return true;
            }
            let mut journey_kw: Vec<&str> = keywords::JOURNEY.to_vec();
            journey_kw.extend_from_slice(keywords::STAGE_START);
            if let Some(s) = did_you_mean(name, &journey_kw).or_else(|| {
                journey_kw
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(name))
                    .copied()
            }) {
                self.error(
                    at,
                    at + name.len(),
                    format!("`{name}:` is read as a step with the score `{score}`"),
                )
                .help(format!(
                    "journey keywords take no colon: write `{s} {score}`"
                ));
                return true;
            }
        }
        self.error(score_at, score_at + score.len(), format!("the score `{score}` is not a number"))
            .label("expected a number")
            .help("steps are written `Step name: score: actors` with a number as score (e.g. `Sees an ad: 4: Maya`), or `Step name:` for no score; to describe a step, indent `thought: …` or another lane under it");
        false
    }
}
