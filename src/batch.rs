//! `waymark render --batch`: one process for a whole site build. Requests come in as JSON
//! Lines (a markdown page or one journey's text, plus how to draw it) and each is answered
//! with one line (the HTML, every map's SVG, diagnostics placed in the author's file).
//! A line that is not a request is answered with an error too; nothing ends the session
//! but the end of the input. The documents are described by [`request_schema`] and
//! [`answer_schema`], shipped in `docs/`.

use crate::diagnostics::{Diagnostic, Level, LineIndex, Located};
use crate::error::Error;
use crate::filter::{filter_with, FilterOptions};
use crate::journey::Layout;
use crate::render::{self, Theme};
use crate::resolve::{document_id_prefix, Choices, Resolver};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::Path;

/// The protocol's version, in every answer; bumped on any incompatible change.
pub const PROTOCOL: &str = "waymark-batch/1";

/// The name diagnostics give a request that names no file.
const UNNAMED: &str = "<request>";

/// A request's id, echoed in its answer so a client can match them up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RequestId {
    /// A number.
    Number(i64),
    /// A string.
    Text(String),
}

/// What a request holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A whole markdown document: every journey fence in it becomes a map, every other
    /// byte is kept (what `waymark render` does to a file).
    #[default]
    Markdown,
    /// The text of one journey (a ```journey fence's body, or a `.journey` file): what a
    /// plugin that sees one fence at a time sends.
    Journey,
    /// The text of one Mermaid diagram (a ```mermaid fence's body); drawn when it is a
    /// journey, answered with no map otherwise.
    Mermaid,
    /// No text: the CSS variables (`--waymark-*`) of the theme named by `theme`, so a
    /// page can give light maps another theme's colours (a dark palette).
    Theme,
}

/// A layout, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LayoutName {
    /// Stages as columns, one lane per kind of content.
    Map,
    /// Mermaid's look: section bands, task cards, faces by score.
    Timeline,
    /// An HTML table, one lane per row and one step per column.
    Table,
    /// Panels in reading order.
    Storyboard,
}

impl From<LayoutName> for Layout {
    fn from(l: LayoutName) -> Self {
        match l {
            LayoutName::Map => Layout::Map,
            LayoutName::Timeline => Layout::Timeline,
            LayoutName::Table => Layout::Table,
            LayoutName::Storyboard => Layout::Storyboard,
        }
    }
}

/// One line of input.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Echoed in the answer.
    pub id: RequestId,
    /// What `source` holds (default `markdown`).
    #[serde(default)]
    pub kind: Kind,
    /// The markdown document, or the journey's or Mermaid diagram's text.
    #[serde(default)]
    pub source: String,
    /// The file `source` comes from, as diagnostics should name it.
    pub file: Option<String>,
    /// The line of `file` where `source` starts (default 1), so diagnostics point into
    /// the file the author has open: for a fence's body, the line after the fence.
    #[schemars(range(min = 1))]
    pub line: Option<usize>,
    /// For `journey`: the attributes after the word `journey` in the fence's info string
    /// (`layout=timeline theme=dark`).
    pub info: Option<String>,
    /// Layout of every journey, over the journey's own.
    pub layout: Option<LayoutName>,
    /// Theme of every journey, over the journey's own (a built-in one, or one of
    /// `--themes-dir`).
    pub theme: Option<String>,
    /// Interface language of lane names and legends, over the journey's own.
    pub lang: Option<String>,
    /// Prefix of every id in the maps; by default derived from the text (and, for a
    /// single journey, its file and line), so maps on one page never share ids.
    pub id_prefix: Option<String>,
    /// Add the map viewer's styles and script after the last map.
    pub viewer: Option<bool>,
    /// For `markdown`: also draw ```mermaid fences holding a journey.
    pub mermaid: Option<bool>,
}

/// One line of output, answering one line of input.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Answer {
    /// The protocol's version, `waymark-batch/1`.
    pub protocol: &'static str,
    /// The request's id; `null` when the line was not a request with an id.
    pub id: Option<RequestId>,
    /// Whether the request was carried out. When `false`, `error` says why and nothing
    /// else but `diagnostics` is given.
    pub ok: bool,
    /// `markdown`: the document with every journey fence replaced by its map, one line
    /// of HTML each.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
    /// `journey` and `mermaid`: the map's HTML (a `<figure>` with the picture and its
    /// table), to put where the fence was; absent for a Mermaid diagram of another kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// Every map drawn, in document order.
    pub maps: Vec<MapOut>,
    /// Problems found, errors and warnings, in file order.
    pub diagnostics: Vec<BatchDiagnostic>,
    /// `theme`: each CSS variable the maps read and the theme's colour for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<BTreeMap<String, String>>,
    /// Why the request was not carried out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Problem>,
}

/// One map of an answer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct MapOut {
    /// The map's id in the HTML (its `<svg>`'s id).
    pub id: String,
    /// The map alone, as a standalone SVG document (for an image file).
    pub svg: String,
}

/// A problem placed in the author's file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BatchDiagnostic {
    /// The file (the request's `file`, else `<request>`).
    pub file: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Line where the problem ends.
    pub end_line: usize,
    /// Column where the problem ends (exclusive).
    pub end_column: usize,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The page still gets its map.
    Warning,
    /// Nothing was drawn.
    Error,
}

/// Why a request was not carried out.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Problem {
    /// What is wrong, naming the file or the input line.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// What applies to every request unless it says otherwise: the command line's flags.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// `--layout`, `--theme`, `--lang`.
    pub flags: Choices,
    /// `--mermaid`.
    pub mermaid: bool,
    /// `--viewer`.
    pub viewer: bool,
    /// The themes of `--themes-dir`.
    pub themes: Vec<Theme>,
}

/// Answers every request of `input` on `output`, one line each, flushed as it is written
/// so a client can wait for each answer. Ends at the end of the input; only a failure to
/// read the input or to write an answer is an error.
pub fn run(
    input: impl BufRead,
    mut output: impl Write,
    defaults: &Defaults,
) -> std::io::Result<()> {
    for (n, line) in input.split(b'\n').enumerate() {
        let line = line?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let answer = answer_line(line, n + 1, defaults);
        // An answer is plain data: serialising it cannot fail.
        let mut text = serde_json::to_string(&answer).unwrap_or_default();
        text.push('\n');
        output.write_all(text.as_bytes())?;
        output.flush()?;
    }
    Ok(())
}

/// The answer to one line of input, the `n`th.
pub fn answer_line(line: &[u8], n: usize, defaults: &Defaults) -> Answer {
    let value: serde_json::Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => {
            return failed(
                None,
                format!("input line {n} is not JSON: {e}"),
                Some("send one JSON object per line, such as {\"id\": 1, \"source\": \"…\"}"),
            )
        }
    };
    // The id is echoed even when the rest of the request is wrong.
    let id = value.get("id").and_then(|v| RequestId::deserialize(v).ok());
    match Request::deserialize(&value) {
        Ok(request) => answer(&request, defaults),
        Err(e) => failed(
            id,
            format!("input line {n} is not a request: {e}"),
            Some("`waymark render --schema request` prints the fields a request takes"),
        ),
    }
}

/// The answer to `request`.
pub fn answer(request: &Request, defaults: &Defaults) -> Answer {
    let id = Some(request.id.clone());
    let file = request.file.as_deref().unwrap_or(UNNAMED);
    if request.line == Some(0) {
        return failed(
            id,
            format!("{file}: `line` is 0"),
            Some("lines count from 1"),
        );
    }
    if request.kind == Kind::Theme {
        return theme_variables(request, defaults);
    }
    // A single journey is read as the one fence of a document of its own: the same
    // reading, attributes and ids as in a page. The fence stands on the line before the
    // journey's text, so that document's line 2 is the file's `first_line`.
    let first_line = request.line.unwrap_or(1);
    let first = isize::try_from(first_line).unwrap_or(isize::MAX);
    let (text, shift, own_prefix) = match request.kind {
        Kind::Markdown => (request.source.clone(), first - 1, None),
        _ => {
            let text = fenced(request);
            // Two fences of one page may hold the same text; their ids must still differ.
            let prefix = document_id_prefix(&format!("{file}\n{first_line}\n{text}"));
            (text, first - 2, Some(prefix))
        }
    };
    let opts = FilterOptions {
        flags: Choices {
            layout: request.layout.map(Into::into).or(defaults.flags.layout),
            theme: request.theme.clone().or(defaults.flags.theme.clone()),
            lang: request.lang.clone().or(defaults.flags.lang.clone()),
        },
        mermaid: request.mermaid.unwrap_or(defaults.mermaid) || request.kind == Kind::Mermaid,
        id_prefix: request.id_prefix.clone().or(own_prefix),
        themes: defaults.themes.clone(),
        viewer: request.viewer.unwrap_or(defaults.viewer),
    };
    let mut maps = Vec::new();
    let result = filter_with(&text, Path::new(file), &opts, |journey, options| {
        maps.push(MapOut {
            id: render::clean_id(options.id),
            svg: render::svg(journey, options),
        });
        render::figure_html(journey, options)
    });
    let lines = LineIndex::new(&text);
    let place = |diags: &[Diagnostic]| -> Vec<BatchDiagnostic> {
        diags
            .iter()
            .map(|d| placed(&Located::in_lines(file, &lines, d), shift))
            .collect()
    };
    match result {
        Ok(filtered) => {
            let (markdown, html) = match request.kind {
                Kind::Markdown => (Some(filtered.markdown), None),
                // A Mermaid diagram of another kind is left to Mermaid.
                _ if maps.is_empty() => (None, None),
                _ => (None, Some(filtered.markdown)),
            };
            Answer {
                protocol: PROTOCOL,
                id,
                ok: true,
                markdown,
                html,
                maps,
                diagnostics: place(&filtered.warnings),
                ..Answer::default()
            }
        }
        Err(Error::Diagnostics { diagnostics, .. }) => Answer {
            diagnostics: place(&diagnostics),
            ..failed(
                id,
                format!("{file} has errors; nothing was drawn"),
                Some("fix the problems listed in `diagnostics`"),
            )
        },
        Err(e) => failed(id, format!("{file}: {e}"), e.help().as_deref()),
    }
}

/// The request's journey as a fenced block: the fence longer than any run of backticks
/// in the text, so nothing in it can close the fence early.
fn fenced(request: &Request) -> String {
    let longest = request
        .source
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let word = if request.kind == Kind::Mermaid {
        "mermaid"
    } else {
        "journey"
    };
    // The info string is one line: a line break in it would end the fence's first line.
    let info = request
        .info
        .as_deref()
        .unwrap_or("")
        .replace(['\n', '\r', '`'], " ");
    let mut text = format!("{fence}{word} {info}\n{}", request.source);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&fence);
    text.push('\n');
    text
}

/// A located diagnostic moved by `shift` lines: from the text waymark read to the file
/// the request's text comes from.
fn placed(loc: &Located, shift: isize) -> BatchDiagnostic {
    let line = |l: usize| l.saturating_add_signed(shift).max(1);
    BatchDiagnostic {
        file: loc.file.clone(),
        line: line(loc.line),
        column: loc.column,
        end_line: line(loc.end_line),
        end_column: loc.end_column,
        severity: match loc.severity {
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        },
        message: loc.message.clone(),
        help: loc.help.clone(),
    }
}

/// The answer to a `theme` request: the variables the maps read, with the theme's colours.
fn theme_variables(request: &Request, defaults: &Defaults) -> Answer {
    let id = Some(request.id.clone());
    let Some(name) = request.theme.as_deref() else {
        return failed(
            id,
            "a `theme` request names no theme".to_string(),
            Some("add \"theme\": \"dark\" (or another theme's name)"),
        );
    };
    let resolver = Resolver::new(
        Choices::default(),
        Choices::default(),
        defaults.themes.clone(),
        Vec::new(),
    );
    let Some(theme) = resolver.theme(name) else {
        let help = resolver
            .check_theme(name, Default::default())
            .and_then(|d| d.help);
        return failed(id, format!("unknown theme `{name}`"), help.as_deref());
    };
    Answer {
        protocol: PROTOCOL,
        id,
        ok: true,
        variables: Some(variables(theme)),
        ..Answer::default()
    }
}

/// The CSS variables a map reads (`--waymark-<role>`), each with `theme`'s colour.
pub(crate) fn variables(theme: &Theme) -> BTreeMap<String, String> {
    let c = &theme.colors;
    let named = [
        ("background", &c.background),
        ("text", &c.text),
        ("muted", &c.muted),
        ("grid", &c.grid),
        ("header", &c.header),
        ("lane", &c.lane),
        ("lane-alt", &c.lane_alt),
        ("card", &c.card),
        ("card-border", &c.card_border),
        ("curve", &c.curve),
        ("neutral", &c.neutral),
        ("positive", &c.positive),
        ("negative", &c.negative),
        ("pain", &c.pain),
        ("pain-text", &c.pain_text),
        ("opportunity", &c.opportunity),
        ("opportunity-text", &c.opportunity_text),
        ("visibility", &c.visibility),
        ("stage-text", &c.stage_text),
    ];
    let stages = c
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("stage-{i}"), s));
    named
        .into_iter()
        .map(|(n, s)| (n.to_string(), s))
        .chain(stages)
        .map(|(n, s)| (format!("--waymark-{n}"), s.clone()))
        .collect()
}

/// An answer saying the request was not carried out.
fn failed(id: Option<RequestId>, message: String, help: Option<&str>) -> Answer {
    Answer {
        protocol: PROTOCOL,
        id,
        ok: false,
        error: Some(Problem {
            message,
            help: help.map(str::to_string),
        }),
        ..Answer::default()
    }
}

/// The JSON Schema of a request line, pretty-printed.
pub fn request_schema() -> String {
    pretty(&schemars::schema_for!(Request))
}

/// The JSON Schema of an answer line, pretty-printed.
pub fn answer_schema() -> String {
    pretty(&schemars::schema_for!(Answer))
}

fn pretty(schema: &schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(line: &str) -> Answer {
        answer_line(line.as_bytes(), 1, &Defaults::default())
    }

    #[test]
    fn a_journey_is_drawn_with_its_fence_attributes() {
        let a = ask(
            r#"{"id":1,"kind":"journey","info":"layout=timeline","source":"section S\n  Step: 4: Me\n"}"#,
        );
        assert!(a.ok, "{a:?}");
        let html = a.html.unwrap_or_default();
        assert!(html.starts_with("<figure") && html.contains("waymark-layout-timeline"));
        assert_eq!(a.maps.len(), 1);
        assert!(a.maps[0].svg.starts_with("<svg"));
        assert!(html.contains(&format!("id=\"{}\"", a.maps[0].id)));
    }

    #[test]
    fn diagnostics_point_into_the_file() {
        // The journey's text starts on line 10 of page.md; its second line is bad.
        let a = ask(
            r#"{"id":"a","kind":"journey","file":"page.md","line":10,"source":"section S\n  Step: lots: Me\n"}"#,
        );
        assert!(!a.ok && a.html.is_none());
        let d = &a.diagnostics[0];
        assert_eq!(
            (d.file.as_str(), d.line, d.severity),
            ("page.md", 11, Severity::Error)
        );
        let a = ask(
            r#"{"id":"b","file":"p.md","line":3,"source":"x\n\n```journey\nsection S\n  Step: lots: Me\n```\n"}"#,
        );
        assert_eq!(a.diagnostics[0].line, 7);
    }

    #[test]
    fn single_journeys_get_ids_of_their_own() {
        let req = |line: u32| {
            format!(
                r#"{{"id":1,"kind":"journey","file":"p.md","line":{line},"source":"section S\n  Step: 4: Me\n"}}"#
            )
        };
        assert_ne!(ask(&req(2)).maps[0].id, ask(&req(9)).maps[0].id);
        assert_eq!(ask(&req(2)).maps[0].id, ask(&req(2)).maps[0].id);
    }

    #[test]
    fn backticks_in_the_text_cannot_close_the_fence() {
        let a = ask(
            r#"{"id":1,"kind":"journey","source":"title ``` ticks\nsection S\n  Step: 4: Me\n"}"#,
        );
        assert!(a.ok, "{a:?}");
        assert_eq!(a.maps.len(), 1);
    }

    #[test]
    fn a_mermaid_diagram_of_another_kind_gets_no_map() {
        let a = ask(r#"{"id":1,"kind":"mermaid","source":"graph TD\n  A-->B\n"}"#);
        assert!(a.ok && a.html.is_none() && a.maps.is_empty());
        let a =
            ask(r#"{"id":1,"kind":"mermaid","source":"journey\n  section S\n    Step: 4: Me\n"}"#);
        assert_eq!(a.maps.len(), 1);
    }

    #[test]
    fn bad_lines_are_answered() {
        let a = ask("{not json");
        assert!(!a.ok && a.id.is_none());
        let a = ask(r#"{"id":7,"sorce":"x"}"#);
        assert_eq!(a.id, Some(RequestId::Number(7)));
        assert!(a.error.is_some_and(|e| e.message.contains("sorce")));
        let a =
            ask(r#"{"id":"t","theme":"drak","source":"```journey\nsection S\n  A: 3: Me\n```\n"}"#);
        let e = a.error.unwrap_or_else(|| panic!("an error"));
        assert!(e.help.is_some_and(|h| h.contains("dark")), "{}", e.message);
    }

    #[test]
    fn theme_variables_cover_every_variable_a_map_reads() {
        let a = ask(r#"{"id":1,"kind":"theme","theme":"dark"}"#);
        let vars = a.variables.unwrap_or_default();
        let src = "```journey\ntitle T\nsection S\n  Step: 2: Me\n    pain: slow\n    opportunity: faster\n    channel: web\n    frontstage: desk\n    backstage: ERP\n  Back: 5: Ops\n```\n";
        let doc = ask(&serde_json::json!({"id": 2, "source": src}).to_string());
        assert!(doc.ok, "{doc:?}");
        let svg = &doc.maps[0].svg;
        for used in svg.split("var(").skip(1) {
            let name = used.split(',').next().unwrap_or("");
            let known = vars.contains_key(name) || name.starts_with("--waymark-stage-");
            assert!(known, "{name} is read by maps but has no colour");
        }
        assert_eq!(
            vars.get("--waymark-background").map(String::as_str),
            Some("#161b26")
        );
    }
}
