//! Where personas are named: `persona NAME` lines (a definition when attributes follow,
//! else a journey's main persona) and the actors of steps (`Pays: 4: Maya, Partner`).
//! Go to definition, find references, rename and hover all start here.

use super::workspace::{Document, Workspace};
use crate::journey::{Persona, Span};

/// One place a persona is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    /// The name's bytes in its file.
    pub(crate) span: Span,
    /// Whether this is where the persona is defined.
    pub(crate) definition: bool,
}

/// Every place in `doc` that names a persona, with the name as written, in file order.
pub(crate) fn mentions(doc: &Document) -> Vec<(String, Mention)> {
    let mut out = Vec::new();
    let text = doc.text.as_str();
    for block in &doc.blocks {
        let defined: Vec<usize> = block.personas.iter().map(|p| p.span.start).collect();
        let first = doc.lines.line_of(block.span.start);
        let last = doc
            .lines
            .line_of(block.span.end.saturating_sub(1).max(block.span.start));
        for line in first..=last {
            let start = doc.lines.start(line, text);
            let line_text = doc.lines.line_text(line, text);
            if let Some((at, name)) = persona_line(line_text) {
                let span = Span::new(start + at, start + at + name.len());
                let definition = defined.contains(&span.start);
                out.push((name.to_string(), Mention { span, definition }));
            }
        }
        for step in block.journey.iter().flat_map(|j| j.steps()) {
            let line = &text[step.span.start.min(text.len())..step.span.end.min(text.len())];
            for (at, actor) in actors(line) {
                let span = Span::new(step.span.start + at, step.span.start + at + actor.len());
                out.push((
                    actor.to_string(),
                    Mention {
                        span,
                        definition: false,
                    },
                ));
            }
        }
    }
    out.sort_by_key(|(_, m)| m.span.start);
    out
}

/// The name on a `persona NAME` line and its offset in the line. A markdown container's
/// `>` marks before the word are skipped.
pub(crate) fn persona_line(line: &str) -> Option<(usize, &str)> {
    let body = line.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
    let word_end = body.find(char::is_whitespace)?;
    if !body[..word_end].eq_ignore_ascii_case("persona") {
        return None;
    }
    let rest = &body[word_end..];
    let value = rest.split("%%").next().unwrap_or(rest);
    let name = value.trim();
    if name.is_empty() {
        return None;
    }
    let at = line.len() - body.len() + word_end + (rest.len() - rest.trim_start().len());
    Some((at, name))
}

/// The actors of a step line (after its second `:`) and their offsets in the line.
pub(crate) fn actors(line: &str) -> Vec<(usize, &str)> {
    let mut colons = line.match_indices(':').map(|(i, _)| i);
    let (Some(_), Some(second)) = (colons.next(), colons.next()) else {
        return Vec::new();
    };
    let list_end = line[second..].find("%%").map_or(line.len(), |i| second + i);
    let mut out = Vec::new();
    let mut at = second + 1;
    for part in line[second + 1..list_end].split([',', ':']) {
        let trimmed = part.trim();
        if !trimmed.is_empty() {
            let lead = part.len() - part.trim_start().len();
            out.push((at + lead, trimmed));
        }
        at += part.len() + 1;
    }
    out
}

/// The persona named at byte `offset` of `doc`: its name as written and where.
pub(crate) fn at(doc: &Document, offset: usize) -> Option<(String, Mention)> {
    mentions(doc)
        .into_iter()
        .find(|(_, m)| m.span.start <= offset && offset <= m.span.end)
}

/// The definition of the persona called `name` (case does not matter), and its document.
pub(crate) fn definition<'w>(ws: &'w Workspace, name: &str) -> Option<(&'w Document, &'w Persona)> {
    ws.docs().find_map(|doc| {
        doc.personas()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| (doc, p))
    })
}

/// Every mention of the persona called `name` in the workspace, by document.
pub(crate) fn everywhere<'w>(ws: &'w Workspace, name: &str) -> Vec<(&'w Document, Vec<Mention>)> {
    ws.docs()
        .filter_map(|doc| {
            let found: Vec<Mention> = mentions(doc)
                .into_iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, m)| m)
                .collect();
            (!found.is_empty()).then_some((doc, found))
        })
        .collect()
}

/// A persona's card, as markdown for a hover.
pub(crate) fn card(p: &Persona) -> String {
    let mut out = format!("### {}\n", p.name);
    if let Some(role) = &p.role {
        out.push_str(&format!("*{role}*\n"));
    }
    if let Some(about) = &p.about {
        out.push_str(&format!("\n{about}\n"));
    }
    for (title, items) in [("Goals", &p.goals), ("Frustrations", &p.frustrations)] {
        if !items.is_empty() {
            out.push_str(&format!("\n**{title}**\n"));
            for item in items {
                out.push_str(&format!("- {item}\n"));
            }
        }
    }
    if let Some(quote) = &p.quote {
        out.push_str(&format!("\n> {quote}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persona_lines_and_actors_are_found_where_they_are_written() {
        assert_eq!(persona_line("  persona Maya %% main"), Some((10, "Maya")));
        assert_eq!(persona_line("> persona  Kim Lee"), Some((11, "Kim Lee")));
        assert_eq!(persona_line("personal: 4"), None);
        assert_eq!(persona_line("persona"), None);
        let line = "Pays: 4: Maya, Partner";
        assert_eq!(actors(line), vec![(9, "Maya"), (15, "Partner")]);
        assert_eq!(actors("Pays: 4"), Vec::<(usize, &str)>::new());
        assert_eq!(actors("Waits: : Maya %% note"), vec![(9, "Maya")]);
    }
}
