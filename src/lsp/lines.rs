//! Positions as LSP counts them: a line and a column in UTF-16 code units. waymark's
//! spans are byte offsets into the file; [`Lines`] converts both ways in one binary
//! search plus a walk over one line, so a 1 MB file costs one scan to index.

use lsp_types::{Position, Range};

/// Where each line of a text starts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lines {
    /// Byte offset where each line starts; the first is always 0.
    starts: Vec<usize>,
}

impl Lines {
    /// Indexes the lines of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { starts }
    }

    /// Byte offset where line `line` (0-based) starts, or the text's end past the last.
    pub(crate) fn start(&self, line: usize, text: &str) -> usize {
        self.starts.get(line).copied().unwrap_or(text.len())
    }

    /// The 0-based line holding byte `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        // The first start is 0, so at least one start is at or before `offset`.
        self.starts.partition_point(|&s| s <= offset).max(1) - 1
    }

    /// The text of line `line`, without its line break.
    pub(crate) fn line_text<'t>(&self, line: usize, text: &'t str) -> &'t str {
        let start = self.start(line, text);
        let end = self.start(line + 1, text);
        text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The LSP position of byte `offset` (clamped to the text, rounded down to a character).
    pub(crate) fn position(&self, offset: usize, text: &str) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let before = &text[start..offset];
        let character = if before.is_ascii() {
            before.len()
        } else {
            before.chars().map(char::len_utf16).sum()
        };
        Position::new(to_u32(line), to_u32(character))
    }

    /// The LSP range of bytes `start..end`.
    pub(crate) fn range(&self, start: usize, end: usize, text: &str) -> Range {
        Range::new(self.position(start, text), self.position(end, text))
    }

    /// The byte offset of an LSP position. A column past the line's end means its end,
    /// and a line past the text's end means the text's end, as the protocol asks.
    pub(crate) fn offset(&self, pos: Position, text: &str) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let line_text = self.line_text(line, text);
        let mut units = 0usize;
        for (i, c) in line_text.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line_text.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "ab\nä😀x\n\nlast";
        let lines = Lines::new(text);
        // `x` comes after `ä` (1 unit, 2 bytes) and `😀` (2 units, 4 bytes).
        let x = text.find('x').unwrap_or_default();
        assert_eq!(lines.position(x, text), Position::new(1, 3));
        assert_eq!(lines.offset(Position::new(1, 3), text), x);
        assert_eq!(lines.offset(Position::new(1, 99), text), x + 1);
        assert_eq!(lines.offset(Position::new(9, 0), text), text.len());
        assert_eq!(lines.position(text.len(), text), Position::new(3, 4));
        assert_eq!(lines.line_text(1, text), "ä😀x");
        assert_eq!(lines.line_of(3), 1);
    }
}
