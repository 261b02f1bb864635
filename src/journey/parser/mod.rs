//! Reads one journey block, line by line, into a [`Journey`] and diagnostics.
//!
//! The grammar is Mermaid's `journey` (title, accTitle, accDescr, section, `Task: score:
//! actors`, `%%` comments, front matter) plus `keyword value` lines for the journey,
//! `key: value` lines for stages and steps, and persona definitions. The parser never
//! stops at a problem: it reports it and goes on with the next line.
//!
//! A block is read in its [`Dialect`]: ` ```journey ` text line by line here, Mermaid
//! text by Mermaid's own rules (`mermaid`), falling back to the line reader only for the
//! lines Mermaid cannot read.
//!
//! - `block`: the piece table from block offsets to file offsets
//! - `lex`: lines, comments, words, numbers, `<br>`
//! - `frame`: fence attributes, front matter, `accDescr { … }`
//! - `grammar`: what one line is (keyword, stage, step, attribute) and what it sets
//! - `lanes`: step lanes and stage and persona attributes
//! - `data`: `data` sources, step ids, metrics and quotes drawn from data
//! - `compare`: `counterpart` and other personas' `scores:`
//! - `mermaid_lex`, `mermaid`: Mermaid's reading, and how it meets the line reader
//! - `checks`: checks over the whole block once it is read

mod block;
mod checks;
mod compare;
mod data;
mod frame;
mod grammar;
mod lanes;
mod lex;
mod mermaid;
mod mermaid_lex;

use super::keywords;
use super::model::*;
use crate::diagnostics::{Diagnostic, Fix};
use lex::Line;

pub use block::{Block, Dialect};
pub(crate) use lex::{first_word, looks_like_score, strip_comment};

/// What one block holds.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The journey; `None` when the block only defines personas or is empty.
    pub journey: Option<Journey>,
    /// Personas defined in the block.
    pub personas: Vec<Persona>,
    /// Everything worth telling the author, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one journey block, in the dialect the block was made with.
pub fn parse_block(block: &Block) -> Parsed {
    let mut p = Parser::new(block);
    p.run();
    let mut parsed = p.finish();
    // Stages, steps and their lanes were grown a push at a time; a handbook keeps them all.
    if let Some(j) = &mut parsed.journey {
        crate::journey::lanes::exact(&mut j.stages);
        for stage in &mut j.stages {
            crate::journey::lanes::exact(&mut stage.steps);
            for step in &mut stage.steps {
                for lane in crate::journey::lanes::LANES {
                    lane.fit(step);
                }
            }
        }
    }
    parsed
}

/// Whether the line reader read a line as one of Mermaid's own constructs (title, section,
/// a step with a score, accTitle, accDescr, `journey`) or as something else: one of
/// waymark's extensions, or nothing but an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Mermaid,
    Waymark,
}

struct PersonaDef {
    persona: Persona,
    indent: usize,
    attributes: usize,
}

struct Parser<'b> {
    block: &'b Block,
    journey: Journey,
    diagnostics: Vec<Diagnostic>,
    personas: Vec<Persona>,
    persona_refs: Vec<(String, Span)>,
    defining: Option<PersonaDef>,
    /// Indentation of the last step line, while a step is open.
    step_indent: Option<usize>,
    /// A stage was opened by `section` (not just made up for steps before the first one).
    explicit_stage: bool,
    /// Something other than comments and blank lines has been read.
    started: bool,
    loops: Vec<(String, String, Option<String>, Span)>,
    journey_fields: bool,
}

impl<'b> Parser<'b> {
    fn new(block: &'b Block) -> Self {
        Parser {
            block,
            journey: Journey {
                span: block.span,
                ..Journey::default()
            },
            diagnostics: Vec::new(),
            personas: Vec::new(),
            persona_refs: Vec::new(),
            defining: None,
            step_indent: None,
            explicit_stage: false,
            started: false,
            loops: Vec::new(),
            journey_fields: false,
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        self.block.span(start, end)
    }

    /// The edit that puts `replacement` in place of block offsets `start..end`.
    fn fix(&self, start: usize, end: usize, replacement: impl Into<String>) -> Fix {
        Fix {
            span: self.span(start, end),
            replacement: replacement.into(),
        }
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) -> &mut Diagnostic {
        let span = self.span(start, end);
        self.push(Diagnostic::error(span, message))
    }

    fn warning(&mut self, start: usize, end: usize, message: impl Into<String>) -> &mut Diagnostic {
        let span = self.span(start, end);
        self.push(Diagnostic::warning(span, message))
    }

    fn push(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic {
        self.diagnostics.push(diagnostic);
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    fn run(&mut self) {
        self.read_fence_info();
        let lines = lex::lines(&self.block.text);
        let first = self.front_matter(&lines);
        match self.block.dialect() {
            Dialect::Journey => {
                self.read_lines(&lines, first, lines.len());
            }
            Dialect::Mermaid => self.read_mermaid(&lines, first),
        }
        self.end_persona_definition();
    }

    /// Reads `lines[from..to]` line by line; a multi-line `accDescr { … }` may run past
    /// `to`. Returns the index of the next line to read and whether any line was one of
    /// Mermaid's own constructs.
    fn read_lines(&mut self, lines: &[Line<'b>], from: usize, to: usize) -> (usize, Reading) {
        let mut reading = Reading::Waymark;
        let mut i = from;
        while i < to {
            let mut line = lines[i];
            i += 1;
            // Text after the `}` of an `accDescr { … }` is read as a line of its own.
            loop {
                let full = line.text.trim();
                if full.is_empty() || full.starts_with("%%") {
                    break;
                }
                match self.acc_descr_block(&line, lines, i) {
                    Some((next, rest)) => {
                        i = next;
                        reading = Reading::Mermaid;
                        match rest {
                            Some(rest) => line = rest,
                            None => break,
                        }
                    }
                    None => {
                        if self.read_line(line) == Reading::Mermaid {
                            reading = Reading::Mermaid;
                        }
                        break;
                    }
                }
            }
        }
        (i, reading)
    }

    /// Reads one line that is not part of an `accDescr { … }`.
    fn read_line(&mut self, line: Line<'b>) -> Reading {
        let line = Line {
            text: lex::strip_comment(line.text),
            ..line
        };
        if line.text.trim().is_empty() {
            return Reading::Waymark;
        }
        if self.misplaced_persona_attribute(line) {
            self.started = true;
            return Reading::Waymark;
        }
        self.end_persona_definition_above(line.indent);
        let reading = self.line(line);
        self.started = true;
        reading
    }

    /// `role: Nurse` right under `persona Kim` but not indented: read as the persona's, with
    /// an error that says to indent it (and nothing else: no score `Nurse`, no undefined
    /// persona). Only attributes that belong to nothing but a persona are read this way.
    fn misplaced_persona_attribute(&mut self, line: Line<'b>) -> bool {
        let Some(def) = &self.defining else {
            return false;
        };
        if line.indent > def.indent {
            return false;
        }
        let (content, at) = line.content();
        let Some(colon) = content.find(':') else {
            return false;
        };
        let key = content[..colon].trim();
        let lower = key.to_lowercase();
        let canon = keywords::canonical(&lower).unwrap_or(lower.as_str());
        if !keywords::PERSONA_ONLY.contains(&canon) {
            return false;
        }
        let canon = canon.to_string();
        let (name, want) = (def.persona.name.clone(), def.indent + 2);
        let fix = self.fix(line.start, at, " ".repeat(want));
        self.error(
            at,
            at + key.len(),
            format!("`{key}:` is not indented under `persona {name}`"),
        )
        .label("indent it under the persona")
        .help(format!(
            "persona attributes are indented under their `persona` line: `{}{key}: …`",
            " ".repeat(want)
        ))
        .fix(fix);
        let raw = &content[colon + 1..];
        let value = raw.trim();
        let value_at = at + colon + 1 + (raw.len() - raw.trim_start().len());
        self.persona_attribute(&canon, value, value_at, (at, at + key.len()));
        true
    }

    /// Ends the persona being defined when a line is not indented under its `persona` line.
    fn end_persona_definition_above(&mut self, indent: usize) {
        if self.defining.as_ref().is_some_and(|d| indent <= d.indent) {
            self.end_persona_definition();
        }
    }

    fn end_persona_definition(&mut self) {
        if let Some(def) = self.defining.take() {
            if def.attributes > 0 {
                self.personas.push(def.persona);
            }
        }
    }
}
