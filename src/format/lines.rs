//! One block's lines laid out: each line's kind decided the way the parser decides it
//! (from its first word, its colon and its indentation relative to the step above), then
//! written at that kind's indentation with its spacing made regular.

use crate::journey::keywords::{self, is_one_of};
use crate::journey::parser::{first_word, looks_like_score, strip_comment};
use crate::journey::Dialect;

/// Spaces before each kind of line.
const STEP_INDENT: usize = 2;
const LANE_INDENT: usize = 4;

/// What a line is, and the indentation it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Blank,
    /// A `%%` comment line: indented like the line after it.
    Comment,
    /// Kept exactly as written (front matter, a multi-line `accDescr { … }`).
    Verbatim,
    /// A line at the left edge: `journey`, journey keywords.
    Header,
    /// `section …`
    Stage,
    /// Under a section or a persona, or a step.
    Second,
    /// Under a step.
    Lane,
}

/// One line of output.
struct Out {
    kind: Kind,
    text: String,
}

/// Where the reading is, as far as indentation decides what a line is.
#[derive(Default)]
struct State {
    /// Indentation (as written) of the open step.
    step: Option<usize>,
    /// A section has been opened.
    explicit_stage: bool,
    /// Indentation (as written) of the `persona` line whose attributes may follow.
    persona: Option<usize>,
    /// Some stage exists (a section, or steps before the first one).
    stages: bool,
}

/// `text` (one block) formatted.
pub(super) fn format_block(text: &str, dialect: Dialect) -> String {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let raw: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    // `split` leaves an empty last piece after a final line break.
    let raw = match raw.split_last() {
        Some((&"", rest)) => rest.to_vec(),
        _ => raw,
    };
    let mut out: Vec<Out> = Vec::new();
    let mut state = State::default();
    let mut i = 0;
    // Front matter is YAML, not the journey language.
    if let Some(first) = raw.iter().position(|l| !l.trim().is_empty()) {
        if raw[first].trim() == "---" {
            if let Some(close) = raw.iter().skip(first + 1).position(|l| l.trim() == "---") {
                for l in &raw[first..=first + 1 + close] {
                    out.push(Out {
                        kind: Kind::Verbatim,
                        text: l.to_string(),
                    });
                }
                i = first + close + 2;
            }
        }
    }
    while i < raw.len() {
        let line = raw[i];
        i += 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            out.push(Out {
                kind: Kind::Blank,
                text: String::new(),
            });
            continue;
        }
        if trimmed.starts_with("%%") {
            out.push(Out {
                kind: Kind::Comment,
                text: trimmed.to_string(),
            });
            continue;
        }
        // `accDescr {` without its `}`: the description runs to the line holding it.
        let (word, _, _) = first_word(trimmed);
        if word.eq_ignore_ascii_case("accDescr")
            && trimmed[word.len()..].trim_start().starts_with('{')
            && !trimmed.contains('}')
        {
            out.push(Out {
                kind: Kind::Header,
                text: trimmed.to_string(),
            });
            while i < raw.len() {
                let l = raw[i];
                i += 1;
                out.push(Out {
                    kind: Kind::Verbatim,
                    text: l.to_string(),
                });
                if l.contains('}') {
                    break;
                }
            }
            continue;
        }
        out.push(read_line(line, &mut state, dialect));
    }
    layout(out, newline, text.ends_with('\n'))
}

/// The width of a line's indentation, tabs to the next multiple of four (as the parser counts).
fn indent_of(line: &str) -> usize {
    let mut width = 0;
    for b in line.bytes() {
        match b {
            b' ' => width += 1,
            b'\t' => width = (width / 4 + 1) * 4,
            _ => break,
        }
    }
    width
}

/// A line's content and its trailing comment (with its `%%`), both trimmed.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let content = strip_comment(line);
    let comment = line[content.len()..].trim();
    (content.trim(), (!comment.is_empty()).then_some(comment))
}

fn read_line(line: &str, state: &mut State, dialect: Dialect) -> Out {
    let indent = indent_of(line);
    let (content, comment) = split_comment(line);
    if state.persona.is_some_and(|p| indent <= p) {
        state.persona = None;
    }
    let (kind, text) = classify(content, indent, state, dialect);
    let text = match comment {
        Some(c) if text.is_empty() => c.to_string(),
        Some(c) => format!("{text} {c}"),
        None => text,
    };
    Out { kind, text }
}

/// What `content` (indented `indent`) is, and its text with regular spacing.
fn classify(content: &str, indent: usize, state: &mut State, dialect: Dialect) -> (Kind, String) {
    let (word, rest, _) = first_word(content);
    let lower = word.to_ascii_lowercase();
    let after_word = &content[word.len()..];
    let has_space = after_word.starts_with(char::is_whitespace);
    let colon_follows = after_word.trim_start().starts_with(':');
    if lower == "journey" && rest.is_empty() {
        return (Kind::Header, content.to_string());
    }
    if (lower == "acctitle" || lower == "accdescr") && colon_follows {
        let value = after_word.trim_start()[1..].trim();
        return (Kind::Header, format!("{word}: {value}"));
    }
    if has_space && !colon_follows {
        if is_one_of(&lower, keywords::STAGE_START) {
            state.step = None;
            state.explicit_stage = true;
            state.stages = true;
            state.persona = None;
            return (Kind::Stage, format!("{word} {rest}"));
        }
        let task_like = rest
            .split_once(':')
            .is_some_and(|(_, data)| looks_like_score(data));
        if is_one_of(&lower, keywords::JOURNEY) && (lower == "title" || !task_like) {
            if lower == "persona" {
                state.persona = Some(indent);
            }
            if lower == "goal" && state.explicit_stage {
                return (Kind::Second, format!("{word} {rest}"));
            }
            let rest = if lower == "data" {
                with_options(rest)
            } else {
                rest.to_string()
            };
            return (Kind::Header, format!("{word} {rest}"));
        }
    }
    let Some(colon) = content.find(':') else {
        return (Kind::Header, content.to_string());
    };
    let key = content[..colon].trim();
    let value = content[colon + 1..].trim();
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
    let deeper = state.step.is_some_and(|s| indent > s);
    let score_like = looks_like_score(value);
    let attribute = |kind: Kind| {
        (
            kind,
            format!("{key}: {}", lane_value(&lower, value))
                .trim_end()
                .to_string(),
        )
    };
    if is_one_of(&lower, keywords::STEP_ATTRIBUTES)
        && state.step.is_some()
        && (!score_like || deeper)
    {
        return attribute(Kind::Lane);
    }
    if let Some(canon) = canon {
        if state.persona.is_some_and(|p| indent > p) && is_one_of(canon, keywords::PERSONA) {
            return attribute(Kind::Second);
        }
        let is_step = is_one_of(canon, keywords::STEP);
        let is_stage = is_one_of(canon, keywords::STAGE);
        let has_step = state.step.is_some();
        if !score_like || deeper {
            if is_step && has_step && (!is_stage || deeper) {
                return attribute(Kind::Lane);
            }
            if is_stage && state.explicit_stage {
                return attribute(Kind::Second);
            }
            if canon == "goal" && !state.explicit_stage && !state.stages {
                return attribute(Kind::Header);
            }
            if is_one_of(canon, keywords::JOURNEY) && !score_like && (has_step || !is_step) {
                return attribute(Kind::Header);
            }
        }
    }
    // A step: `Name: score: actors`.
    state.step = Some(indent);
    state.stages = true;
    state.persona = None;
    (Kind::Second, step_text(content, colon, dialect))
}

/// `Name: score: actor, actor` with one space after each colon and comma.
fn step_text(content: &str, colon: usize, _dialect: Dialect) -> String {
    let name = content[..colon].trim();
    let data = &content[colon + 1..];
    let mut parts = data.splitn(2, ':');
    let score = parts.next().unwrap_or("").trim();
    match parts.next() {
        // A third colon: Mermaid drops what follows it; kept as written.
        Some(actors) if actors.contains(':') => format!("{name}: {score}: {}", actors.trim()),
        Some(actors) => {
            let actors: Vec<&str> = actors.split(',').map(str::trim).collect();
            let actors = actors.join(", ");
            if actors.is_empty() {
                format!("{name}: {score}:")
            } else {
                format!("{name}: {score}: {actors}")
            }
        }
        None if score.is_empty() => format!("{name}:"),
        None => format!("{name}: {score}"),
    }
}

/// A lane's value, options in braces written `{key: value, …}` for the lanes that take them.
fn lane_value(lower_key: &str, value: &str) -> String {
    let canon = keywords::canonical(lower_key).unwrap_or(lower_key);
    if ["pain", "opportunity", "metric", "quote"].contains(&canon) {
        with_options(value)
    } else {
        value.to_string()
    }
}

/// `text {a:b,c = d}` as `text {a: b, c: d}`; text without trailing braces as it is.
fn with_options(value: &str) -> String {
    let v = value.trim();
    let Some(open) = v.ends_with('}').then(|| v.rfind('{')).flatten() else {
        return v.to_string();
    };
    let inner = &v[open + 1..v.len() - 1];
    let options: Vec<String> = inner
        .split(',')
        .map(|part| match part.find([':', '=']) {
            Some(i) => format!("{}: {}", part[..i].trim(), part[i + 1..].trim()),
            None => part.trim().to_string(),
        })
        .collect();
    let text = v[..open].trim_end();
    let braces = format!("{{{}}}", options.join(", "));
    if text.is_empty() {
        braces
    } else {
        format!("{text} {braces}")
    }
}

/// The lines written out: indentation by kind, comments like the line after them, no
/// blank lines at the ends, twice in a row or under a stage's header, one before each stage.
fn layout(out: Vec<Out>, newline: &str, final_newline: bool) -> String {
    let indent = |k: &Kind| match k {
        Kind::Second => STEP_INDENT,
        Kind::Lane => LANE_INDENT,
        _ => 0,
    };
    // A comment takes the indentation of the next line that is not a comment or blank.
    let mut widths = vec![0; out.len()];
    let mut next = 0;
    for (i, o) in out.iter().enumerate().rev() {
        match o.kind {
            Kind::Comment => widths[i] = next,
            Kind::Blank => {}
            _ => {
                widths[i] = indent(&o.kind);
                next = widths[i];
            }
        }
    }
    // Where a blank line goes before a stage: before the comments that lead up to it.
    let mut blank_before = vec![false; out.len()];
    for (i, o) in out.iter().enumerate() {
        if o.kind == Kind::Stage {
            let mut j = i;
            while j > 0 && out[j - 1].kind == Kind::Comment {
                j -= 1;
            }
            blank_before[j] = true;
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for (i, o) in out.iter().enumerate() {
        let content_before = lines.iter().any(|l| !l.is_empty());
        if blank_before[i] && content_before && lines.last().is_some_and(|l| !l.is_empty()) {
            lines.push(String::new());
        }
        match o.kind {
            // Not twice in a row, and not right under a stage's header.
            Kind::Blank => {
                let after_stage = out[..i]
                    .iter()
                    .rev()
                    .find(|p| p.kind != Kind::Blank)
                    .is_some_and(|p| p.kind == Kind::Stage);
                if content_before && !after_stage && lines.last().is_some_and(|l| !l.is_empty()) {
                    lines.push(String::new());
                }
            }
            Kind::Verbatim => lines.push(o.text.clone()),
            _ => lines.push(format!("{}{}", " ".repeat(widths[i]), o.text)),
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut text = lines.join(newline);
    if final_newline && !text.is_empty() {
        text.push_str(newline);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_get_their_indentation_and_spacing() {
        let text = "title  T\npersona Kim\n role:Nurse\nsection A\n goal:Buy\nStep one :3:Kim,Tom\n      channel:web\n   pain: Slow{severity=high}\nsection B\n\n\n%% next\n    Step two:\n";
        let want = "title T\npersona Kim\n  role: Nurse\n\nsection A\n  goal: Buy\n  Step one: 3: Kim, Tom\n    channel: web\n    pain: Slow {severity: high}\n\nsection B\n  %% next\n  Step two:\n";
        assert_eq!(format_block(text, Dialect::Journey), want);
        assert_eq!(format_block(want, Dialect::Journey), want, "idempotent");
    }

    #[test]
    fn comments_before_a_stage_stay_with_it() {
        let text = "title T\n%% the second stage\nsection S\n  A: 1 %% low\n";
        let want = "title T\n\n%% the second stage\nsection S\n  A: 1 %% low\n";
        assert_eq!(format_block(text, Dialect::Journey), want);
    }
}
