//! Line lexing: a block cut into lines, comments, words, numbers and line breaks.

/// One line of the block.
#[derive(Clone, Copy)]
pub(super) struct Line<'t> {
    /// The line without its end (`\n`, `\r\n`); the reader cuts off a trailing comment.
    pub text: &'t str,
    /// Block offset of the line's first byte.
    pub start: usize,
    /// Width of the leading white space, a tab counting to the next multiple of four.
    pub indent: usize,
}

impl<'t> Line<'t> {
    /// The text after the indentation, and its offset in the block.
    pub(super) fn content(&self) -> (&'t str, usize) {
        let trimmed = self.text.trim_start();
        (
            trimmed.trim_end(),
            self.start + (self.text.len() - trimmed.len()),
        )
    }
}

/// The lines of a block's text; a byte-order mark is not part of the first line.
pub(super) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    if text.starts_with('\u{feff}') {
        start = 3;
    }
    for raw in text[start..].split_inclusive('\n') {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        lines.push(Line {
            text: line,
            start,
            indent: indent_width(line),
        });
        start += raw.len();
    }
    lines
}

/// The index of the line holding block offset `offset`.
pub(super) fn line_at(lines: &[Line<'_>], offset: usize) -> usize {
    lines
        .partition_point(|l| l.start <= offset)
        .saturating_sub(1)
}

/// A line without its trailing `%%` comment.
pub(crate) fn strip_comment(text: &str) -> &str {
    // `%%` ends a line unless it follows `}` (directive ends like `}%%`).
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(pos) = text[i..].find("%%") {
        let at = i + pos;
        if at == 0 || bytes[at - 1] != b'}' {
            return &text[..at];
        }
        i = at + 2;
    }
    text
}

fn indent_width(text: &str) -> usize {
    let mut width = 0;
    for b in text.bytes() {
        match b {
            b' ' => width += 1,
            b'\t' => width = (width / 4 + 1) * 4,
            _ => break,
        }
    }
    width
}

/// Splits `word rest` into the first word and the trimmed rest with its offset.
pub(crate) fn first_word(text: &str) -> (&str, &str, usize) {
    let end = text
        .find(|c: char| c.is_whitespace() || c == ':' || c == '{')
        .unwrap_or(text.len());
    let word = &text[..end];
    let after = &text[end..];
    let rest = after.trim_start();
    (word, rest.trim_end(), end + (after.len() - rest.len()))
}

/// Replaces every `<br>` tag with a line break: `<br>`, `<br/>`, `<br />`, any case and
/// any white space before the `/` (`<br\t/>`), as Mermaid's `/<br\s*\/?>/gi` does.
pub(crate) fn line_breaks(text: &str) -> String {
    if !text.contains('<') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        match br_tag_len(tail) {
            Some(n) => {
                out.push('\n');
                rest = &tail[n..];
            }
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The length of the `<br … >` tag `text` starts with.
fn br_tag_len(text: &str) -> Option<usize> {
    let head = text.as_bytes().get(..3)?;
    if !head.eq_ignore_ascii_case(b"<br") {
        return None;
    }
    // The first three bytes are ASCII, so byte 3 starts a character.
    let after = &text[3..];
    let spaces = after.len() - after.trim_start_matches(is_js_space).len();
    let rest = &after[spaces..];
    let slash = usize::from(rest.starts_with('/'));
    rest[slash..]
        .starts_with('>')
        .then_some(3 + spaces + slash + 1)
}

/// White space as JavaScript's `\s` and `trim` know it.
pub(super) fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Parses a score as a finite decimal number (`3`, `-2`, `2.5`, `1e1`).
pub(super) fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Parses a score as Mermaid does, with JavaScript's `Number()`: white space alone is 0,
/// `0x`, `0o` and `0b` prefixes are read. `None` where Mermaid gets `NaN` or an infinity.
pub(super) fn js_number(text: &str) -> Option<f64> {
    let t = text.trim_matches(is_js_space);
    if t.is_empty() {
        return Some(0.0);
    }
    let radix = match t.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("0x") => 16,
        Some("0o") => 8,
        Some("0b") => 2,
        _ => return parse_number(t),
    };
    let digits = &t[2..];
    if digits.is_empty() {
        return None;
    }
    digits
        .chars()
        .try_fold(0.0_f64, |n, c| {
            Some(n * f64::from(radix) + f64::from(c.to_digit(radix)?))
        })
        .filter(|n| n.is_finite())
}

/// Whether `value` (what follows `key:`) reads as Mermaid task data: `score` or `score: actors`.
pub(crate) fn looks_like_score(value: &str) -> bool {
    parse_number(value.split(':').next().unwrap_or("")).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn br_tags_of_every_spelling() {
        assert_eq!(
            line_breaks("a<br>b<BR/>c<br />d<br\t/>e<br  >f</br />g<bra>"),
            "a\nb\nc\nd\ne\nf</br />g<bra>"
        );
        assert_eq!(line_breaks("<b"), "<b");
        assert_eq!(line_breaks("ü<br"), "ü<br");
    }

    #[test]
    fn numbers_as_javascript_reads_them() {
        assert_eq!(js_number("  "), Some(0.0));
        assert_eq!(js_number(" 0x1F "), Some(31.0));
        assert_eq!(js_number("0b101"), Some(5.0));
        assert_eq!(js_number("2.5"), Some(2.5));
        assert_eq!(js_number("0x"), None);
        assert_eq!(js_number("-0x1"), None);
        assert_eq!(js_number("five"), None);
        assert_eq!(js_number("Infinity"), None);
    }
}
