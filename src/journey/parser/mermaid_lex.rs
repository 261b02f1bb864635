//! Mermaid's own reading of a journey diagram, rule for rule: the clean-up Mermaid does
//! before it parses (line ends, `%%{…}%%` directives, comment lines, entity codes such as
//! `#35;`), the tokens of its journey lexer in their order of precedence, and the
//! statements of its grammar.
//!
//! Nothing here knows waymark's extensions: what Mermaid cannot read comes back as a
//! [`Problem`], and the caller decides what waymark makes of that line.

use super::block::PieceTable;
use super::lex::{is_js_space, js_number};

/// Stand-ins for the `#` and `;` of an entity code, so no rule reads them as a comment or
/// an error (Mermaid swaps entity codes for placeholders before it parses, too).
const ENTITY_OPEN: char = '\u{1}';
const ENTITY_CLOSE: char = '\u{2}';

/// One statement of Mermaid's journey grammar.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Statement {
    /// `title …`
    Title(String),
    /// `accTitle: …`
    AccTitle(String),
    /// `accDescr: …` or `accDescr { … }`; an unclosed brace runs to the end.
    AccDescr { text: String, closed: bool },
    /// `section …`, with where its name is in the block.
    Section { name: String, at: (usize, usize) },
    /// `name: score: actors`, with where a third `:` is (what follows it is dropped).
    Task {
        name: String,
        score: f64,
        actors: Vec<String>,
        third_colon: Option<usize>,
    },
}

/// Why Mermaid cannot read a line; each makes the whole diagram a syntax error.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Problem {
    /// The diagram does not start with `journey`.
    NotJourney,
    /// A line starts with `journey` (Mermaid's diagram word) after the first.
    JourneyAgain,
    /// `;`, which Mermaid reads in no statement.
    Semicolon,
    /// A `#` comment cuts a step's name short before its `:`.
    HashInName,
    /// A step without `:`.
    NoColon,
    /// A `:` with nothing Mermaid reads after it.
    NothingAfterColon,
    /// A `:` in a section's name.
    ColonInSection,
    /// A `:` where no step's name comes before it.
    StrayColon,
    /// A score that is not a number (Mermaid draws `NaN`), as written.
    NotANumber(String),
}

/// A statement or problem and the block bytes it covers.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub start: usize,
    pub end: usize,
    /// The statement, or the problem and the block bytes it points at.
    pub what: Result<Statement, (Problem, (usize, usize))>,
}

/// Text after Mermaid's clean-up, and where each byte came from in the block.
#[derive(Default)]
struct Prepared {
    text: String,
    table: PieceTable,
}

impl Prepared {
    fn push(&mut self, s: &str, from: usize) {
        if !s.is_empty() {
            self.table.push(self.text.len(), from);
            self.text.push_str(s);
        }
    }

    fn copy(&mut self, src: &Prepared, start: usize, end: usize) {
        for (s, e) in src.table.runs(start, end) {
            self.push(&src.text[s..e], src.table.offset(s));
        }
    }
}

/// Mermaid's reading of the block text from byte `from` on (after front matter).
pub(super) fn read(block: &str, from: usize) -> Vec<Item> {
    let prepared = prepare(block, from);
    let text = prepared.text.as_str();
    let lead = text.len() - text.trim_start_matches(is_js_space).len();
    let tokens = lex(text, lead);
    Reader {
        text,
        table: &prepared.table,
        tokens: &tokens,
        i: 0,
        items: Vec::new(),
    }
    .read()
}

/// Mermaid's clean-up: `\r\n` and `\r` become `\n`, `%%{…}%%` directives and lines that
/// hold only a `%%` comment go, and entity codes (`#35;`, `#quot;`) are protected.
fn prepare(block: &str, from: usize) -> Prepared {
    let mut a = Prepared::default();
    let bytes = block.as_bytes();
    let (mut p, mut run) = (from, from);
    while p < block.len() {
        // Only ASCII bytes stop the scan, so every cut is on a character boundary.
        if bytes[p] == b'\r' {
            a.push(&block[run..p], run);
            if bytes.get(p + 1) != Some(&b'\n') {
                a.push("\n", p);
            }
            p += 1;
            run = p;
        } else if bytes[p..].starts_with(b"%%{") && opens_directive(&block[p + 3..]) {
            a.push(&block[run..p], run);
            p = block[p..].find("}%%").map_or(block.len(), |i| p + i + 3);
            run = p;
        } else {
            p += 1;
        }
    }
    a.push(&block[run..], run);

    // Lines holding only a `%%` comment (`^\s*%%(?!{)[^\n]+\n?`), with blank lines before.
    let s = a.text.as_str();
    let mut b = Prepared::default();
    let (mut keep, mut p) = (0, 0);
    while p < s.len() {
        let q = s.len() - s[p..].trim_start_matches(is_js_space).len();
        let after = &s[q..];
        if after.starts_with("%%") && !after[2..].is_empty() && !after[2..].starts_with(['{', '\n'])
        {
            let end = s[q..].find('\n').map_or(s.len(), |i| q + i + 1);
            b.copy(&a, keep, p);
            keep = end;
            p = end;
            continue;
        }
        // Lines between `p` and `q` are blank and would fail the same way.
        let line_of_q = s[..q].rfind('\n').map_or(0, |i| i + 1);
        p = if line_of_q > p {
            line_of_q
        } else {
            s[p..].find('\n').map_or(s.len(), |i| p + i + 1)
        };
    }
    b.copy(&a, keep, s.len());

    // Entity codes: `#` + word characters + `;` (`/#\w+;/g`).
    let mut at = 0;
    while let Some(pos) = b.text[at..].find('#') {
        let hash = at + pos;
        let word = b.text[hash + 1..]
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
            .count();
        let semi = hash + 1 + word;
        if word > 0 && b.text.as_bytes().get(semi) == Some(&b';') {
            b.text.replace_range(hash..hash + 1, "\u{1}");
            b.text.replace_range(semi..semi + 1, "\u{2}");
            at = semi + 1;
        } else {
            at = hash + 1;
        }
    }
    b
}

/// Whether text after `%%{` opens a directive: white space, then a word.
fn opens_directive(rest: &str) -> bool {
    rest.trim_start_matches(is_js_space)
        .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
}

/// Text with its entity codes written out, as the browser shows Mermaid's output.
pub(super) fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(ENTITY_OPEN) {
        out.push_str(&rest[..open]);
        let tail = &rest[open + 1..];
        let Some(close) = tail.find(ENTITY_CLOSE) else {
            out.push(ENTITY_OPEN);
            rest = tail;
            continue;
        };
        out.push_str(&entity(&tail[..close]));
        rest = &tail[close + 1..];
    }
    out.push_str(rest);
    out
}

/// What the browser shows for Mermaid's `&name;` / `&#123;`.
fn entity(name: &str) -> String {
    if name.bytes().all(|b| b.is_ascii_digit()) {
        let code = name.parse::<u32>().ok().and_then(char::from_u32);
        return code
            .filter(|c| *c != '\0')
            .unwrap_or('\u{fffd}')
            .to_string();
    }
    let named = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "num" => '#',
        "semi" => ';',
        "colon" => ':',
        "comma" => ',',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "copy" => '©',
        _ => return format!("&{name};"),
    };
    named.to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Journey,
    Title,
    AccTitle,
    AccDescr,
    AccDescrBlock {
        closed: bool,
    },
    Section,
    TaskName,
    TaskData,
    Colon,
    Invalid,
    /// A `#` comment.
    Hash,
    /// A `%%` comment.
    Percent,
    Newline,
}

/// A token; `value` is the part of it the statement reads.
#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
    value: (usize, usize),
}

fn token(kind: Kind, start: usize, end: usize) -> Token {
    Token {
        kind,
        start,
        end,
        value: (start, end),
    }
}

/// Mermaid's journey lexer from byte `p` on.
fn lex(t: &str, mut p: usize) -> Vec<Token> {
    let mut out = Vec::new();
    while p < t.len() {
        match rule_at(t, p) {
            Ok(token) => {
                p = token.end;
                out.push(token);
            }
            Err(skip_to) => p = skip_to,
        }
    }
    out
}

/// What the first of Mermaid's rules that matches at `p` makes of the text there: a
/// token, or white space to skip (`Err` with where it ends). Every token is at least
/// one byte long.
fn rule_at(t: &str, p: usize) -> Result<Token, usize> {
    let r = &t[p..];
    let Some(c) = r.chars().next() else {
        return Err(t.len());
    };
    let width = c.len_utf8();
    let line_end = |from: usize| t[from..].find('\n').map_or(t.len(), |i| from + i);
    let plain = |kind, end| Ok(token(kind, p, end));
    let valued = |kind, (v, e): (usize, usize), end: usize| {
        Ok(Token {
            value: (p + v, p + e),
            ..token(kind, p, p + end)
        })
    };
    if r.starts_with("%%") && !r[2..].starts_with('{') {
        return plain(Kind::Percent, line_end(p));
    }
    if c != '}' && r[width..].starts_with("%%") {
        return plain(Kind::Percent, line_end(p + width));
    }
    if c == '\n' {
        return plain(Kind::Newline, t.len() - r.trim_start_matches('\n').len());
    }
    if is_js_space(c) {
        return Err(t.len() - r.trim_start_matches(is_js_space).len());
    }
    if c == '#' {
        return plain(Kind::Hash, line_end(p));
    }
    if starts_with_word(r, "journey") {
        return plain(Kind::Journey, p + "journey".len());
    }
    if let Some((v, e)) = keyword_text(r, "title", &['#', '\n', ';']) {
        return valued(Kind::Title, (v, e), e);
    }
    if let Some((kind, v, e)) = acc_statement(r) {
        return valued(kind, v, e);
    }
    if let Some((v, e)) = keyword_text(r, "section", &['#', ':', '\n', ';']) {
        return valued(Kind::Section, (v, e), e);
    }
    let name = run(r, &['#', ':', '\n', ';']);
    if name > 0 {
        return plain(Kind::TaskName, p + name);
    }
    if c == ':' {
        return match run(&r[1..], &['#', '\n', ';']) {
            0 => plain(Kind::Colon, p + 1),
            n => plain(Kind::TaskData, p + 1 + n),
        };
    }
    plain(Kind::Invalid, p + width)
}

fn run(r: &str, stops: &[char]) -> usize {
    r.find(|c| stops.contains(&c)).unwrap_or(r.len())
}

fn starts_with_word(r: &str, word: &str) -> bool {
    r.as_bytes()
        .get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
}

/// `word`, one white-space character (a line end too), then text up to a stop:
/// Mermaid's `"title"\s[^#\n;]+`. Returns where the text starts and ends.
fn keyword_text(r: &str, word: &str, stops: &[char]) -> Option<(usize, usize)> {
    if !starts_with_word(r, word) {
        return None;
    }
    let space = r[word.len()..].chars().next().filter(|c| is_js_space(*c))?;
    let start = word.len() + space.len_utf8();
    let n = run(&r[start..], stops);
    (n > 0).then_some((start, start + n))
}

/// `accTitle:`, `accDescr:` (value to the line end) or `accDescr {` (value to `}`);
/// white space around `:` and `{` may include line ends. Returns the kind, the value's
/// range and the token's end.
fn acc_statement(r: &str) -> Option<(Kind, (usize, usize), usize)> {
    let skip = |from: usize| r.len() - r[from..].trim_start_matches(is_js_space).len();
    for (word, kind) in [("acctitle", Kind::AccTitle), ("accdescr", Kind::AccDescr)] {
        if starts_with_word(r, word) {
            let at = skip(word.len());
            if r[at..].starts_with(':') {
                let v = skip(at + 1);
                let e = r[v..].find('\n').map_or(r.len(), |i| v + i);
                return Some((kind, (v, e), e));
            }
        }
    }
    if !starts_with_word(r, "accdescr") {
        return None;
    }
    let at = skip("accdescr".len());
    if !r[at..].starts_with('{') {
        return None;
    }
    let v = skip(at + 1);
    Some(match r[v..].find('}') {
        Some(i) => (Kind::AccDescrBlock { closed: true }, (v, v + i), v + i + 1),
        None => (Kind::AccDescrBlock { closed: false }, (v, r.len()), r.len()),
    })
}

/// Mermaid's grammar over the tokens, going on after every problem at the next line.
struct Reader<'a> {
    text: &'a str,
    table: &'a PieceTable,
    tokens: &'a [Token],
    i: usize,
    items: Vec<Item>,
}

impl Reader<'_> {
    fn read(mut self) -> Vec<Item> {
        self.skip_comments_and_newlines();
        match self.tokens.get(self.i) {
            Some(t) if t.kind == Kind::Journey => self.i += 1,
            Some(&t) => self.problem(t.start, Problem::NotJourney, (t.start, t.end)),
            None => {}
        }
        // The kind of the token before, on the same line.
        let mut previous = None;
        while let Some(&t) = self.tokens.get(self.i) {
            self.i += 1;
            let before = previous;
            previous = Some(t.kind);
            let value = &self.text[t.value.0..t.value.1];
            match t.kind {
                Kind::Newline => previous = None,
                Kind::Hash | Kind::Percent => previous = before,
                Kind::Title => self.statement(t, Statement::Title(decode(value.trim()))),
                Kind::AccTitle => self.statement(t, Statement::AccTitle(decode(value.trim()))),
                Kind::AccDescr => {
                    let text = decode(value.trim());
                    self.statement(t, Statement::AccDescr { text, closed: true });
                }
                Kind::AccDescrBlock { closed } => {
                    // Mermaid trims the description and turns `\n\s+` into `\n`.
                    let lines: Vec<&str> = value
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .collect();
                    let text = decode(&lines.join("\n"));
                    self.statement(t, Statement::AccDescr { text, closed });
                }
                Kind::Section => {
                    let start = t.value.0 + (value.len() - value.trim_start().len());
                    let at = self.table.range(start, t.value.0 + value.trim_end().len());
                    let section = Statement::Section {
                        name: decode(value.trim()),
                        at,
                    };
                    self.statement(t, section);
                }
                Kind::TaskName => self.task(t),
                Kind::Journey => self.problem(t.start, Problem::JourneyAgain, (t.start, t.end)),
                Kind::Invalid => self.problem(t.start, Problem::Semicolon, (t.start, t.end)),
                Kind::TaskData | Kind::Colon => {
                    let problem = if before == Some(Kind::Section) {
                        Problem::ColonInSection
                    } else {
                        Problem::StrayColon
                    };
                    self.problem(t.start, problem, (t.start, t.start + 1));
                }
            }
        }
        self.items
    }

    fn skip_comments_and_newlines(&mut self) {
        while self
            .tokens
            .get(self.i)
            .is_some_and(|t| matches!(t.kind, Kind::Newline | Kind::Hash | Kind::Percent))
        {
            self.i += 1;
        }
    }

    /// `taskName taskData`: the name's token is read, the data must come next.
    fn task(&mut self, name: Token) {
        let next = self.tokens.get(self.i).copied();
        let Some(data) = next.filter(|t| t.kind == Kind::TaskData) else {
            let (problem, at) = match next {
                Some(t) if t.kind == Kind::Colon => (Problem::NothingAfterColon, (t.start, t.end)),
                Some(t) if t.kind == Kind::Hash => (Problem::HashInName, (t.start, t.start + 1)),
                Some(t) if t.kind == Kind::Invalid => (Problem::Semicolon, (t.start, t.end)),
                _ => (Problem::NoColon, (name.start, name.end)),
            };
            return self.problem(name.start, problem, at);
        };
        self.i += 1;
        let raw = &self.text[data.start + 1..data.end];
        let mut parts = raw.split(':');
        let score_text = parts.next().unwrap_or("");
        let actors = parts.next();
        let score_at = data.start + 1;
        let Some(score) = js_number(score_text) else {
            let shown = decode(score_text.trim());
            let at = (score_at, score_at + score_text.len());
            return self.problem(name.start, Problem::NotANumber(shown), at);
        };
        let third_colon = parts.next().map(|_| {
            let at = score_at + score_text.len() + 1 + actors.map_or(0, str::len);
            self.table.offset(at)
        });
        let actors = actors
            .map(|a| {
                a.split(',')
                    .map(|x| decode(x.trim()))
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let name_text = &self.text[name.start..name.end];
        let task = Statement::Task {
            name: decode(name_text.trim()),
            score,
            actors,
            third_colon,
        };
        let end = data.start + self.text[data.start..data.end].trim_end().len();
        self.push(name.start, end, Ok(task));
    }

    fn statement(&mut self, t: Token, statement: Statement) {
        let end = t.start + self.text[t.start..t.end].trim_end().len();
        self.push(t.start, end, Ok(statement));
    }

    /// Records a problem found in the statement starting at `start`, and skips the rest
    /// of its line, as the reader goes on at the next line.
    fn problem(&mut self, start: usize, problem: Problem, at: (usize, usize)) {
        let mut end = at.1;
        while let Some(t) = self.tokens.get(self.i).filter(|t| t.kind != Kind::Newline) {
            end = t.end;
            self.i += 1;
        }
        let at = self.table.range(at.0, at.1);
        self.push(start, end, Err((problem, at)));
    }

    fn push(
        &mut self,
        start: usize,
        end: usize,
        what: Result<Statement, (Problem, (usize, usize))>,
    ) {
        let (start, end) = self.table.range(start, end);
        self.items.push(Item { start, end, what });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statements(text: &str) -> Vec<Result<Statement, Problem>> {
        read(text, 0)
            .into_iter()
            .map(|i| i.what.map_err(|(p, _)| p))
            .collect()
    }

    fn at(text: &str, part: &str) -> (usize, usize) {
        let start = text.find(part).unwrap_or(usize::MAX);
        (start, start + part.len())
    }

    #[test]
    fn comments_and_entity_codes() {
        let text = "journey\n%% gone\ntitle A #1 %% b\nsection B#59;C # d";
        assert_eq!(
            statements(text),
            [
                Ok(Statement::Title("A".into())),
                Ok(Statement::Section {
                    name: "B;C".into(),
                    at: at(text, "B#59;C"),
                }),
            ]
        );
        assert_eq!(decode("\u{1}x23\u{2} \u{1}1114112\u{2}"), "&x23; \u{fffd}");
    }

    #[test]
    fn problems_are_found_where_mermaid_stops() {
        let text = "journey\nA; B: 3\nTask #1: 3\nsection S: x\nJourney: 1\nT: y\nU:";
        assert_eq!(
            statements(text),
            [
                Err(Problem::Semicolon),
                Err(Problem::HashInName),
                Ok(Statement::Section {
                    name: "S".into(),
                    at: (at(text, "S:").0, at(text, "S:").0 + 1),
                }),
                Err(Problem::ColonInSection),
                Err(Problem::JourneyAgain),
                Err(Problem::NotANumber("y".into())),
                Err(Problem::NothingAfterColon),
            ]
        );
        assert_eq!(statements("title T"), [Err(Problem::NotJourney)]);
    }

    #[test]
    fn offsets_point_into_the_block_across_removed_text() {
        let text = "journey\r\n%%{init: {}}%%\r\n  %% c\r\n  Task: 3: Me\r\n";
        let items = read(text, 0);
        assert_eq!(items.len(), 1);
        assert_eq!(&text[items[0].start..items[0].end], "Task: 3: Me");
    }
}
