//! Hover: a persona's card, a keyword's or lane's entry in the language reference, a
//! score's place on its journey's scale.

use super::personas;
use super::reference;
use super::workspace::{Document, Workspace};
use crate::journey::{Journey, Scale, Span};

/// What to show for byte `offset` of `doc`, and the bytes it is about.
pub(crate) fn hover(ws: &Workspace, doc: &Document, offset: usize) -> Option<(String, Span)> {
    let block = doc.block_at(offset)?;
    if let Some((name, mention)) = personas::at(doc, offset) {
        let text = match personas::definition(ws, &name) {
            Some((def_doc, p)) => {
                let line = def_doc.lines.line_of(p.span.start) + 1;
                let file = def_doc
                    .path
                    .as_deref()
                    .and_then(|p| p.file_name())
                    .map_or_else(|| def_doc.uri.as_str().to_string(), |f| f.to_string_lossy().into_owned());
                format!("{}\n\n*defined in {file}, line {line}*", personas::card(p))
            }
            None => format!(
                "The persona `{name}` is not defined in this workspace: define it with `persona {name}` and `role: …`, `goal: …` indented under it."
            ),
        };
        return Some((text, mention.span));
    }
    if let Some(journey) = &block.journey {
        if let Some(found) = score_at(doc, journey, offset) {
            return Some(found);
        }
    }
    let (word, span) = keyword_at(doc, offset)?;
    reference::explain(word).map(|text| (text, span))
}

/// A step's score under the cursor, placed on the journey's scale.
fn score_at(doc: &Document, journey: &Journey, offset: usize) -> Option<(String, Span)> {
    let step = journey
        .steps()
        .find(|s| s.span.start <= offset && offset <= s.span.end)?;
    let score = step.score?;
    let line = doc.text.get(step.span.start..step.span.end)?;
    let first = line.find(':')? + 1;
    let end = line[first..].find(':').map_or(line.len(), |i| first + i);
    let written = &line[first..end];
    let lead = written.len() - written.trim_start().len();
    let span = Span::new(
        step.span.start + first + lead,
        step.span.start + first + written.trim_end().len(),
    );
    if offset < span.start || offset > span.end {
        return None;
    }
    Some((place_on_scale(score, journey.scale), span))
}

/// `4` on `1..5`: where it sits, in words.
fn place_on_scale(score: f64, scale: Scale) -> String {
    let neutral = scale.neutral();
    let side = if !scale.contains(score) {
        "outside the scale: it is drawn at the nearest end"
    } else if score > neutral {
        "above neutral: a good moment"
    } else if score < neutral {
        "below neutral: a bad moment"
    } else {
        "neutral"
    };
    let percent = (scale.fraction(score) * 100.0).round();
    format!(
        "**Score {score}** on this journey's scale {}..{} (neutral {neutral}): {percent}% of the way from lowest to highest, {side}.",
        scale.min, scale.max
    )
}

/// The word under the cursor when it stands where a keyword may: first on its line, or
/// an option's name inside braces.
fn keyword_at(doc: &Document, offset: usize) -> Option<(&str, Span)> {
    let line = doc.lines.line_of(offset);
    let start = doc.lines.start(line, &doc.text);
    let text = doc.lines.line_text(line, &doc.text);
    let at = offset.checked_sub(start)?.min(text.len());
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let from = text[..at].rfind(|c: char| !is_word(c)).map_or(0, |i| i + 1);
    let to = text[at..]
        .find(|c: char| !is_word(c))
        .map_or(text.len(), |i| at + i);
    if from >= to {
        return None;
    }
    let word = &text[from..to];
    let before = text[..from].trim_end_matches([' ', '\t']);
    let first_on_line = before
        .trim_start_matches(|c: char| c.is_whitespace() || c == '>')
        .is_empty();
    let in_braces = before.ends_with(['{', ',']) && text[to..].trim_start().starts_with(':');
    (first_on_line || in_braces).then_some((word, Span::new(start + from, start + to)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_is_placed_on_its_scale() {
        let scale = Scale { min: 1.0, max: 5.0 };
        assert!(
            place_on_scale(4.0, scale).contains("75% of the way"),
            "{}",
            place_on_scale(4.0, scale)
        );
        assert!(place_on_scale(3.0, scale).contains("neutral."));
        assert!(place_on_scale(9.0, scale).contains("outside the scale"));
    }
}
