//! Step lanes (`channel:`, `pain: … {severity: high}`, `link:` …) and stage and persona
//! attributes: the `key: value` lines under a step, a section or a `persona` line.

use super::Parser;
use crate::journey::keywords::{self, did_you_mean};
use crate::journey::lanes::{self, Content};
use crate::journey::model::*;
use crate::links::is_safe_url;

/// One `key: value` inside the braces after a pain point or opportunity.
pub(super) struct LaneOption<'v> {
    pub(super) key: &'v str,
    pub(super) key_at: usize,
    pub(super) value: &'v str,
    pub(super) value_at: usize,
}

/// `[label](url)` / `![alt](url)` or a bare URL; returns (label, url).
fn split_markdown_link(value: &str, bang: bool) -> (Option<String>, String) {
    let v = value.trim();
    let v2 = if bang { v.strip_prefix('!') } else { Some(v) };
    if let Some(inner) = v2.and_then(|v| v.strip_prefix('[')) {
        if let Some(close) = inner.find("](") {
            if let Some(url) = inner[close + 2..].strip_suffix(')') {
                return (
                    Some(inner[..close].trim().to_string()),
                    url.trim().to_string(),
                );
            }
        }
    }
    (None, v.to_string())
}

impl<'b> Parser<'b> {
    pub(super) fn persona_attribute(
        &mut self,
        key: &str,
        value: &str,
        value_at: usize,
        key_span: (usize, usize),
    ) {
        let Some(text) = self.text_value(value, value_at, key_span, key) else {
            return;
        };
        let image = if key == "image" {
            Some(self.image(&text, value_at))
        } else {
            None
        };
        let Some(def) = self.defining.as_mut() else {
            return;
        };
        def.attributes += 1;
        let p = &mut def.persona;
        match key {
            "role" => p.role = Some(text),
            "about" | "description" => p.about = Some(text),
            "goal" => p.goals.push(text),
            "frustration" => p.frustrations.push(text),
            "quote" => p.quote = Some(text),
            "image" => p.image = image.flatten(),
            _ => {}
        }
    }

    pub(super) fn stage_attribute(
        &mut self,
        key: &str,
        value: &str,
        value_at: usize,
        key_span: (usize, usize),
    ) {
        if key == "metric" {
            if let Some(metric) = self.data_metric(value, value_at) {
                if let Some(stage) = self.journey.stages.last_mut() {
                    stage.data_metrics.push(metric);
                }
                return;
            }
        }
        let Some(text) = self.text_value(value, value_at, key_span, key) else {
            return;
        };
        let Some(stage) = self.journey.stages.last_mut() else {
            return;
        };
        match key {
            "goal" => stage.goal = Some(text),
            "phase" => stage.phase = Some(text),
            "metric" => stage.metrics.push(text),
            _ => {}
        }
    }

    /// Splits a trailing `{key: value, …}` off `value`: the text before it, and each option
    /// as (key, key's offset, value, value's offset), offsets relative to `value`.
    pub(super) fn options(value: &str) -> (&str, Vec<LaneOption<'_>>) {
        let trimmed = value.trim_end();
        let Some(open) = trimmed.ends_with('}').then(|| trimmed.rfind('{')).flatten() else {
            return (value, Vec::new());
        };
        let inner = &trimmed[open + 1..trimmed.len() - 1];
        let mut opts = Vec::new();
        let mut offset = open + 1;
        for part in inner.split(',') {
            let sep = part.find([':', '=']);
            let (k, v) = match sep {
                Some(i) => (&part[..i], &part[i + 1..]),
                None => (part, ""),
            };
            let key_at = offset + (k.len() - k.trim_start().len());
            let value_at =
                offset + sep.map_or(part.len(), |i| i + 1) + (v.len() - v.trim_start().len());
            opts.push(LaneOption {
                key: k.trim(),
                key_at,
                value: v.trim(),
                value_at,
            });
            offset += part.len() + 1;
        }
        (trimmed[..open].trim_end(), opts)
    }

    fn rating(
        &mut self,
        value: &str,
        at: usize,
        what: &str,
        max: u8,
        words: &[&str],
    ) -> Option<u8> {
        let lower = value.to_ascii_lowercase();
        if let Some(i) = words.iter().position(|w| *w == lower) {
            return Some(i as u8 + 1);
        }
        if let Ok(n) = lower.parse::<u8>() {
            if (1..=max).contains(&n) {
                return Some(n);
            }
        }
        self.error(at, at + value.len(), format!("`{value}` is not a {what}"))
            .help(format!("use one of {} (or 1 to {max})", words.join(", ")));
        None
    }

    /// A lane line under a step; `key` is a reserved lane word (see `journey::lanes`).
    pub(super) fn step_lane(
        &mut self,
        key: &str,
        value: &str,
        value_at: usize,
        key_span: (usize, usize),
    ) {
        if value.is_empty() {
            self.text_value(value, value_at, key_span, key);
            return;
        }
        // The grammar sends only words of `keywords::STEP`, which all name a lane.
        let Some(lane) = lanes::find(key) else {
            return;
        };
        let span_all = self.span(value_at, value_at + value.len());
        match lane.content {
            Content::Pains(field) => {
                let (text, opts) = Self::options(value);
                let mut severity = Severity::Medium;
                for o in opts {
                    if o.key.eq_ignore_ascii_case("severity") {
                        let words: Vec<&str> = Severity::ALL.iter().map(|s| s.name()).collect();
                        if let Some(n) =
                            self.rating(o.value, value_at + o.value_at, "severity", 4, &words)
                        {
                            severity = Severity::ALL[n as usize - 1];
                        }
                    } else {
                        self.unknown_option(
                            o.key,
                            value_at + o.key_at,
                            keywords::PAIN_OPTIONS,
                            lane.keyword,
                        );
                    }
                }
                let text = self.nonempty_text(text, value_at, lane.keyword);
                if let Some(step) = self.current_step() {
                    (field.get_mut)(step).push(Pain {
                        text,
                        severity,
                        span: span_all,
                    });
                }
            }
            Content::Opportunities(field) => {
                let (text, opts) = Self::options(value);
                let (mut impact, mut effort) = (None, None);
                let words: Vec<&str> = Rating::ALL.iter().map(|s| s.name()).collect();
                for o in opts {
                    let vat = value_at + o.value_at;
                    let rating = |p: &mut Self| {
                        p.rating(o.value, vat, "rating", 3, &words)
                            .map(|n| Rating::ALL[n as usize - 1])
                    };
                    match o.key.to_ascii_lowercase().as_str() {
                        "impact" => impact = rating(self),
                        "effort" => effort = rating(self),
                        _ => self.unknown_option(
                            o.key,
                            value_at + o.key_at,
                            keywords::OPPORTUNITY_OPTIONS,
                            lane.keyword,
                        ),
                    }
                }
                let text = self.nonempty_text(text, value_at, lane.keyword);
                if let Some(step) = self.current_step() {
                    (field.get_mut)(step).push(Opportunity {
                        text,
                        impact,
                        effort,
                        span: span_all,
                    });
                }
            }
            Content::Links(field) => {
                let (label, url) = split_markdown_link(value, false);
                if !is_safe_url(&url, true) {
                    self.error(value_at, value_at + value.len(), format!("`{url}` is not a link waymark will publish"))
                        .help("links may be http(s)://, mailto: or relative paths; write `link: [Label](https://…)`");
                    return;
                }
                let label = label
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| url.clone());
                if let Some(step) = self.current_step() {
                    (field.get_mut)(step).push(Link { label, url });
                }
            }
            Content::Images(field) => {
                if let Some(image) = self.image(value, value_at) {
                    if let Some(step) = self.current_step() {
                        (field.get_mut)(step).push(image);
                    }
                }
            }
            Content::Text(_, _) if lane.keyword == "metric" || lane.keyword == "quote" => {
                self.data_lane(lane, value, value_at);
            }
            Content::Text(field, _) => {
                if let Some(step) = self.current_step() {
                    (field.get_mut)(step).push(value.to_string());
                }
            }
        }
    }

    pub(super) fn nonempty_text(&mut self, text: &str, at: usize, key: &str) -> String {
        if text.trim().is_empty() {
            self.error(
                at,
                at + 1,
                format!("`{key}:` needs text before its options"),
            )
            .help(format!("write `{key}: what happens {{…}}`"));
        }
        text.trim().to_string()
    }

    pub(super) fn unknown_option(&mut self, key: &str, at: usize, known: &[&str], lane: &str) {
        let d = self.error(
            at,
            at + key.len().max(1),
            format!("unknown option `{key}` on `{lane}`"),
        );
        match did_you_mean(key, known) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!("`{lane}` takes: {}", known.join(", "))),
        };
    }

    fn image(&mut self, value: &str, value_at: usize) -> Option<Image> {
        let (alt, url) = split_markdown_link(value, true);
        if !is_safe_url(&url, false) {
            self.error(value_at, value_at + value.len(), format!("`{url}` is not an image waymark will publish"))
                .help("images may be http(s):// URLs or relative paths; write `image: ![Alt text](path/to/picture.png)`");
            return None;
        }
        Some(Image {
            alt: alt.unwrap_or_default(),
            url,
        })
    }

    pub(super) fn current_step(&mut self) -> Option<&mut Step> {
        self.journey
            .stages
            .last_mut()
            .and_then(|s| s.steps.last_mut())
    }
}
