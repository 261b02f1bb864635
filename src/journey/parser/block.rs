//! The piece table: a journey block's text, how it is read, and where each byte of it
//! sits in its file.

use crate::journey::model::Span;

/// How a block's text is read. It follows from where the text came from (the fence's
/// word or the file's extension), never from what the text holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// ` ```journey ` fences and `.journey` files: waymark's language. Mermaid's journey
    /// constructs mean what they mean in Mermaid, except where Mermaid's reading is a
    /// known trap (`#` and `;` cut text short, a trailing `%%` is text), which is read as
    /// the author evidently meant.
    Journey,
    /// ` ```mermaid ` fences and `.mmd` / `.mermaid` files: read exactly as Mermaid reads
    /// it, quirks included. waymark's extensions apply only to lines Mermaid cannot read
    /// or reads as a score that is not a number, so no diagram Mermaid draws changes.
    Mermaid,
}

/// Offsets of contiguous pieces of a text: `(offset in the text, offset it came from)`,
/// sorted. Text assembled from pieces of a file maps back to the file through it.
#[derive(Debug, Clone, Default)]
pub(crate) struct PieceTable {
    pieces: Vec<(usize, usize)>,
}

impl PieceTable {
    /// Notes that text from offset `here` on came from offset `from`; a piece that
    /// continues the one before it is merged into it.
    pub(crate) fn push(&mut self, here: usize, from: usize) {
        if let Some(&(b, f)) = self.pieces.last() {
            if f + (here - b) == from {
                return;
            }
        }
        self.pieces.push((here, from));
    }

    /// Where byte `offset` of the text came from.
    pub(crate) fn offset(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|&(b, _)| b <= offset);
        match self.pieces.get(i.saturating_sub(1)) {
            Some(&(b, f)) => f + offset.saturating_sub(b),
            None => offset,
        }
    }

    /// `start..end` cut where it crosses from one piece into the next.
    pub(crate) fn runs(&self, start: usize, end: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut s = start;
        let mut i = self.pieces.partition_point(|&(b, _)| b <= start);
        while s < end {
            let next = self.pieces.get(i).map_or(end, |&(b, _)| b.min(end));
            i += 1;
            if next > s {
                out.push((s, next));
                s = next;
            }
        }
        out
    }

    /// Where the text `start..end` came from; the end is that of its last byte, so a
    /// range never swallows text removed after it.
    pub(crate) fn range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.offset(start);
        let e = if end > start {
            self.offset(end - 1) + 1
        } else {
            s
        };
        (s, e.max(s))
    }
}

/// The text of one journey block and where each part of it sits in its file.
#[derive(Debug, Clone)]
pub struct Block {
    /// The block's text, with markdown container prefixes (`> `, list indentation) removed.
    pub text: String,
    /// Block offsets to file offsets.
    pieces: PieceTable,
    /// The words after `journey` in the fence's info string, and where they are.
    pub info: Option<(String, Span)>,
    /// The whole block in its file (fences included).
    pub span: Span,
    /// How the text is read.
    dialect: Dialect,
}

impl Block {
    /// The whole text of a `.journey` file, which starts at file offset `base`.
    pub fn contiguous(text: impl Into<String>, base: usize) -> Self {
        Self::whole(text, base, Dialect::Journey)
    }

    /// A block whose text is a contiguous run of its file starting at `base`, read in
    /// `dialect` (a `.mmd` file is [`Dialect::Mermaid`]).
    pub fn whole(text: impl Into<String>, base: usize, dialect: Dialect) -> Self {
        let text = text.into();
        let span = Span::new(base, base + text.len());
        let mut pieces = PieceTable::default();
        pieces.push(0, base);
        Block {
            text,
            pieces,
            info: None,
            span,
            dialect,
        }
    }

    /// A block assembled from pieces of its file: `(piece, offset of the piece in the file)`.
    pub fn from_pieces<'a>(
        pieces: impl IntoIterator<Item = (&'a str, usize)>,
        span: Span,
        dialect: Dialect,
    ) -> Self {
        let mut text = String::new();
        let mut table = PieceTable::default();
        for (piece, at) in pieces {
            table.push(text.len(), at);
            text.push_str(piece);
        }
        if table.pieces.is_empty() {
            table.push(0, span.start);
        }
        Block {
            text,
            pieces: table,
            info: None,
            span,
            dialect,
        }
    }

    /// Sets the fence's info-string attributes.
    pub fn with_info(mut self, info: String, span: Span) -> Self {
        self.info = Some((info, span));
        self
    }

    /// How the block's text is read.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The file offset of byte `offset` of the block's text.
    pub fn file_offset(&self, offset: usize) -> usize {
        self.pieces.offset(offset)
    }

    /// The file span of block bytes `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let s = self.file_offset(start);
        Span::new(s, self.file_offset(end.max(start)).max(s))
    }
}
