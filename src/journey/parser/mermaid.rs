//! Mermaid input: Mermaid's reading applied to the journey, and waymark's extensions on
//! the lines Mermaid cannot read.
//!
//! Lines are taken in groups: the lines one Mermaid statement spans (an `accDescr { … }`,
//! a `title` whose text is on the next line) or that several statements share
//! (`}title …`). A group Mermaid reads is applied as Mermaid reads it. A group Mermaid
//! cannot read (a syntax error for Mermaid, or a score that is not a number, which
//! Mermaid draws as `NaN`) goes to the line reader: an extension (`persona`, a lane, a
//! step without a score) is read as in a journey fence; a line the line reader takes
//! for one of Mermaid's own constructs is an error that says why Mermaid cannot read it.

use super::lex::{line_at, line_breaks, Line};
use super::mermaid_lex::{self, Item, Problem, Statement};
use super::{Parser, Reading};

impl<'b> Parser<'b> {
    /// Reads `lines[first..]` as Mermaid does.
    pub(super) fn read_mermaid(&mut self, lines: &[Line<'b>], first: usize) {
        let from = lines.get(first).map_or(self.block.text.len(), |l| l.start);
        let items = mermaid_lex::read(&self.block.text, from);
        let last_line = |item: &Item| line_at(lines, item.end.saturating_sub(1).max(item.start));
        let mut next_line = first;
        let mut k = 0;
        while k < items.len() {
            let first_line = line_at(lines, items[k].start);
            let mut end_line = last_line(&items[k]);
            let mut m = k + 1;
            while m < items.len() && line_at(lines, items[m].start) <= end_line {
                end_line = end_line.max(last_line(&items[m]));
                m += 1;
            }
            let group = &items[k..m];
            k = m;
            if first_line < next_line {
                // The line reader already read these lines (a fallback's `accDescr {`).
                continue;
            }
            match group.iter().find_map(|item| item.what.as_ref().err()) {
                None => {
                    for item in group {
                        let indent = lines
                            .get(line_at(lines, item.start))
                            .map_or(0, |l| l.indent);
                        if let Ok(statement) = &item.what {
                            self.mermaid_statement(statement, item, indent);
                        }
                    }
                    next_line = end_line + 1;
                }
                Some((problem, at)) => {
                    let errors = self.errors();
                    let (next, reading) = self.read_lines(lines, first_line, end_line + 1);
                    if reading == Reading::Mermaid && self.errors() == errors {
                        self.mermaid_problem(problem, *at);
                    }
                    next_line = next;
                }
            }
        }
    }

    fn mermaid_statement(&mut self, statement: &Statement, item: &Item, indent: usize) {
        self.end_persona_definition_above(indent);
        self.started = true;
        let text = |t: &str| (!t.is_empty()).then(|| t.to_string());
        match statement {
            Statement::Title(t) => self.journey.title = text(t).map(|t| line_breaks(&t)),
            Statement::AccTitle(t) => self.journey.acc_title = text(t),
            Statement::AccDescr { text: t, closed } => {
                self.journey.acc_descr = text(t);
                if !closed {
                    let opener = item.start + "accDescr".len();
                    self.warning(item.start, opener, "`accDescr {` is never closed")
                        .help("Mermaid reads everything after it as the description; end the description with `}`");
                }
            }
            Statement::Section { name, at } => {
                let span = self.span(at.0, at.1);
                self.start_stage(name, span);
            }
            Statement::Task {
                name,
                score,
                actors,
                third_colon,
            } => {
                let span = self.span(item.start, item.end);
                let actors = actors.iter().map(|a| line_breaks(a)).collect();
                self.add_step(name, Some(*score), actors, span, indent);
                if let Some(at) = *third_colon {
                    self.warning(at, at + 1, "Mermaid ignores what follows a third `:`")
                        .help("separate actors with `,`: `Step: 3: Me, You`");
                }
            }
        }
    }

    /// The error for a line Mermaid cannot read, pointing at where Mermaid stops.
    fn mermaid_problem(&mut self, problem: &Problem, at: (usize, usize)) {
        let in_journey = "or write the diagram in a ```journey fence";
        let (message, help) = match problem {
            Problem::NotJourney => (
                "a Mermaid journey starts with `journey`".to_string(),
                "write `journey` on the diagram's first line".to_string(),
            ),
            Problem::JourneyAgain => (
                "Mermaid reads `journey` at the start of a line as the diagram's type".to_string(),
                format!("start the line with another word, {in_journey}"),
            ),
            Problem::Semicolon => (
                "Mermaid cannot read `;` here".to_string(),
                format!("Mermaid ends text at `;`: write `#59;` for a semicolon, {in_journey}, where `;` is text"),
            ),
            Problem::HashInName => (
                "Mermaid reads `#` as the start of a comment, so this step loses its `:`".to_string(),
                format!("write `#35;` for a `#` in Mermaid, {in_journey}, where `#` is text"),
            ),
            Problem::NoColon => (
                "Mermaid reads this line as a step without `:`".to_string(),
                "write steps as `Step name: score: actors`".to_string(),
            ),
            Problem::NothingAfterColon => (
                "Mermaid reads nothing after this `:`".to_string(),
                "write a score after the colon: `Step name: 3: Me`".to_string(),
            ),
            Problem::ColonInSection => (
                "Mermaid ends a section's name at `:`".to_string(),
                format!("leave the `:` out, write `#58;` for it, {in_journey}"),
            ),
            Problem::StrayColon => (
                "Mermaid cannot read `:` here".to_string(),
                "write steps as `Step name: score: actors`".to_string(),
            ),
            Problem::NotANumber(score) => (
                format!("Mermaid reads the score `{score}` as not a number"),
                "write a number as the score: `Step name: 3: Me`".to_string(),
            ),
        };
        self.error(at.0, at.1, message).help(help);
    }
}
