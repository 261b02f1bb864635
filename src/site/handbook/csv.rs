//! The pain register as CSV (`pain-points.csv`), for a spreadsheet: RFC 4180 (every
//! field quoted, quotes doubled, lines ended by CRLF), and safe to open: a field a
//! spreadsheet would run as a formula starts with an apostrophe.

/// One field, quoted, at the end of `out`; a leading `=`, `+`, `-` or `@` (a formula), or
/// a tab or carriage return (which some spreadsheets skip before reading one), gets an
/// apostrophe first.
fn field(out: &mut String, text: &str) {
    out.push('"');
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    for (i, part) in text.split('"').enumerate() {
        if i > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

/// One line of `fields` at the end of `out`, ended by CRLF.
pub(super) fn line<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_quotes_doubled() {
        let one = |text: &str| {
            let mut out = String::new();
            field(&mut out, text);
            out
        };
        assert_eq!(one("=1+1"), "\"'=1+1\"");
        assert_eq!(one("-2"), "\"'-2\"");
        assert_eq!(one("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(one("+x"), "\"'+x\"");
        assert_eq!(one("a \"b\", c\nd"), "\"a \"\"b\"\", c\nd\"");
        assert_eq!(one("\"\""), "\"\"\"\"\"\"");
        assert_eq!(one("a-b"), "\"a-b\"");
        let mut out = String::new();
        line(&mut out, ["x", "y"]);
        line(&mut out, ["1", "=2"]);
        assert_eq!(out, "\"x\",\"y\"\r\n\"1\",\"'=2\"\r\n");
    }
}
