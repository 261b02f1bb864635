//! The pain register as CSV (`pain-points.csv`), for a spreadsheet: RFC 4180 (every
//! field quoted, quotes doubled, lines ended by CRLF), and safe to open: a field a
//! spreadsheet would run as a formula starts with an apostrophe.

/// One field, quoted; a leading `=`, `+`, `-` or `@` (a formula), or a tab or carriage
/// return (which some spreadsheets skip before reading one), gets an apostrophe first.
pub(super) fn field(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let mut out = String::with_capacity(text.len() + 3);
    out.push('"');
    if formula {
        out.push('\'');
    }
    out.push_str(&text.replace('"', "\"\""));
    out.push('"');
    out
}

/// A whole table: `header`, then `rows`, each line ended by CRLF.
pub(super) fn table<R: AsRef<[String]>>(header: &[&str], rows: &[R]) -> String {
    let line = |fields: Vec<String>| fields.join(",") + "\r\n";
    let mut out = line(header.iter().map(|h| field(h)).collect());
    for r in rows {
        out.push_str(&line(r.as_ref().iter().map(|f| field(f)).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_quotes_doubled() {
        assert_eq!(field("=1+1"), "\"'=1+1\"");
        assert_eq!(field("-2"), "\"'-2\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("+x"), "\"'+x\"");
        assert_eq!(field("a \"b\", c\nd"), "\"a \"\"b\"\", c\nd\"");
        assert_eq!(field("a-b"), "\"a-b\"");
        assert_eq!(
            table(&["x", "y"], &[vec!["1".to_string(), "=2".to_string()]]),
            "\"x\",\"y\"\r\n\"1\",\"'=2\"\r\n"
        );
    }
}
