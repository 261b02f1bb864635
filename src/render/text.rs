//! Measuring and wrapping text with the metrics of the font maps are drawn in (DejaVu
//! Sans, shipped with waymark), so that every box is sized to the text it holds.

use std::sync::OnceLock;

/// The regular face, embedded so measuring never depends on the machine.
pub(crate) static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The bold face.
pub(crate) static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The font stack written into SVG: DejaVu Sans first, then fonts as wide or wider.
pub(crate) const FONT_FAMILY: &str = "'DejaVu Sans', Verdana, 'Segoe UI', sans-serif";

/// Measured widths are padded by this much, for viewers that fall back to another font.
const SAFETY: f64 = 1.04;

include!(concat!(env!("OUT_DIR"), "/widths.rs"));

/// Advance widths in em for U+0000..U+0530 (Latin, Latin Extended, Greek, Cyrillic),
/// measured from the font when waymark was built (`build.rs`); the face for the rest.
struct Table {
    widths: &'static [f32],
    face: OnceLock<Option<ttf_parser::Face<'static>>>,
    /// General Punctuation (U+2000–U+206F: dashes, quotation marks, the ellipsis), read
    /// from the face the first time one is measured: maps quote and dash often.
    punctuation: OnceLock<[f64; 0x70]>,
    font: &'static [u8],
}

fn table(bold: bool) -> &'static Table {
    static REG: Table = Table {
        widths: &REGULAR_WIDTHS,
        face: OnceLock::new(),
        punctuation: OnceLock::new(),
        font: REGULAR,
    };
    static BLD: Table = Table {
        widths: &BOLD_WIDTHS,
        face: OnceLock::new(),
        punctuation: OnceLock::new(),
        font: BOLD,
    };
    if bold {
        &BLD
    } else {
        &REG
    }
}

fn advance(face: &ttf_parser::Face, c: char) -> Option<f32> {
    let id = face.glyph_index(c)?;
    let adv = face.glyph_hor_advance(id)?;
    Some(f32::from(adv) / f32::from(face.units_per_em()))
}

/// Whether a line may break before or after `c` without a space (CJK ideographs, kana).
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    // Every character measured goes through here: most are below the first range.
    c as u32 >= 0x2E80
        && matches!(c as u32,
            0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF)
}

impl Table {
    /// Widths in em of the ASCII characters.
    fn ascii(&self) -> Option<&'static [f32; 128]> {
        self.widths.get(..128)?.try_into().ok()
    }

    /// Width in em of one character.
    #[inline]
    fn em(&self, c: char) -> f64 {
        match self.widths.get(c as usize) {
            Some(w) => f64::from(*w),
            None => self.em_beyond_table(c),
        }
    }

    /// [`Table::em`] of a character past the table: kept out of line, so measuring the
    /// scripts the table holds stays a lookup.
    #[cold]
    fn em_beyond_table(&self, c: char) -> f64 {
        if is_cjk(c) {
            return 1.0;
        }
        if is_emoji(c) {
            return 1.25;
        }
        if matches!(c as u32, 0x200B..=0x200F | 0xFE00..=0xFE0F | 0x300..=0x36F) {
            return 0.0;
        }
        if let Some(at) = (c as usize).checked_sub(0x2000).filter(|at| *at < 0x70) {
            let punctuation = self.punctuation.get_or_init(|| {
                std::array::from_fn(|i| {
                    char::from_u32(0x2000 + i as u32).map_or(0.62, |c| self.em_in_face(c))
                })
            });
            return punctuation[at];
        }
        self.em_in_face(c)
    }

    /// Width in em of `c` as the face has it; a typical width when it has none.
    fn em_in_face(&self, c: char) -> f64 {
        self.face
            .get_or_init(|| ttf_parser::Face::parse(self.font, 0).ok())
            .as_ref()
            .and_then(|f| advance(f, c))
            .map_or(0.62, f64::from)
    }
}

/// Width in pixels of `text` at `size` pixels.
pub(crate) fn width(text: &str, size: f64, bold: bool) -> f64 {
    let t = table(bold);
    text.chars().map(|c| t.em(c)).sum::<f64>() * size * SAFETY
}

/// The height of one line of text at `size` pixels.
pub(crate) fn line_height(size: f64) -> f64 {
    (size * 1.3).round()
}

/// Breaks `text` into lines no wider than `max` pixels: at spaces, anywhere in CJK text,
/// and inside words that are wider than a whole line. Explicit `\n` always breaks.
#[cfg(test)]
pub(crate) fn wrap(text: &str, max: f64, size: f64, bold: bool) -> Vec<String> {
    Block::new(text, max, size, bold)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Lines being filled into one string, each ended by `\n`.
struct Filler {
    table: &'static Table,
    /// Pixels per em.
    scale: f64,
    max: f64,
    space: f64,
    out: String,
    /// Where the open line starts in `out`.
    line_start: usize,
    line_w: f64,
    lines: usize,
    widest: f64,
}

impl Filler {
    /// An empty block for about `len` bytes of text, lines at most `max` wide.
    fn new(len: usize, max: f64, size: f64, bold: bool) -> Filler {
        let table = table(bold);
        let scale = size * SAFETY;
        Filler {
            table,
            scale,
            max,
            space: table.em(' ') * scale,
            out: String::with_capacity(len + 4),
            line_start: 0,
            line_w: 0.0,
            lines: 0,
            widest: 0.0,
        }
    }

    /// The lines filled, as a block of text at `size`.
    fn finish(mut self, size: f64, bold: bool) -> Block {
        // Every line ended with a break; the last one is not needed.
        self.out.pop();
        Block {
            text: self.out,
            size,
            bold,
            width: self.widest,
            height: self.lines as f64 * line_height(size),
        }
    }

    fn width(&self, c: char) -> f64 {
        self.table.em(c) * self.scale
    }

    fn line_is_empty(&self) -> bool {
        self.out.len() == self.line_start
    }

    fn break_line(&mut self) {
        self.out.push('\n');
        self.line_start = self.out.len();
        self.widest = self.widest.max(self.line_w);
        self.line_w = 0.0;
        self.lines += 1;
    }

    /// Adds a piece no line may break inside (unless it is wider than a line), `spaced`
    /// when a space comes before it.
    fn place(&mut self, piece: &str, w: f64, spaced: bool) {
        let gap = if spaced && !self.line_is_empty() {
            self.space
        } else {
            0.0
        };
        if !self.line_is_empty() && self.line_w + gap + w > self.max {
            self.break_line();
        }
        if w > self.max {
            self.split_long(piece);
        } else {
            if spaced && !self.line_is_empty() {
                self.out.push(' ');
                self.line_w += self.space;
            }
            self.out.push_str(piece);
            self.line_w += w;
        }
    }

    /// Places a word wider than a line: a link or compound word breaks after `/`, `-`,
    /// `.`, `_`, `?`, `&` or `=`, so its parts stay whole ("Health-Score-" / "Dashboard");
    /// only a part still wider than a line breaks between characters.
    fn split_long(&mut self, piece: &str) {
        let mut start = 0;
        let mut seg_w = 0.0;
        for (i, c) in piece.char_indices() {
            seg_w += self.width(c);
            let end = i + c.len_utf8();
            if is_break_after(c) || end == piece.len() {
                self.segment(&piece[start..end], seg_w);
                start = end;
                seg_w = 0.0;
            }
        }
    }

    /// Adds one part of a long word, on a new line when it does not fit the open one.
    fn segment(&mut self, seg: &str, w: f64) {
        if !self.line_is_empty() && self.line_w + w > self.max {
            self.break_line();
        }
        if w <= self.max {
            self.out.push_str(seg);
            self.line_w += w;
            return;
        }
        for c in seg.chars() {
            let cw = self.width(c);
            if !self.line_is_empty() && self.line_w + cw > self.max {
                self.break_line();
            }
            self.out.push(c);
            self.line_w += cw;
        }
    }

    /// Breaks one paragraph into pieces (words, and single CJK characters, which lines
    /// may break between) and fills lines with them.
    fn paragraph(&mut self, text: &str) {
        self.any_paragraph(text);
        self.end_paragraph();
    }

    /// Ends a paragraph: its last line, or an empty line for an empty first paragraph.
    fn end_paragraph(&mut self) {
        if !self.line_is_empty() || self.lines == 0 {
            self.break_line();
        }
    }

    /// Fills lines with ASCII text, most of what maps hold, in one pass: its words are
    /// the runs between white space, read and measured byte by byte with the ASCII
    /// `widths`, and a line feed ends a paragraph, as [`Block::new`] reads any text.
    fn ascii_text(&mut self, text: &str, widths: &[f32; 128]) {
        let bytes = text.as_bytes();
        let mut i = 0;
        // Whether the paragraph has no word yet: a space comes before every word but
        // the first (paragraphs are trimmed).
        let mut first = true;
        loop {
            while i < bytes.len() && is_ascii_space(bytes[i]) {
                if bytes[i] == b'\n' {
                    self.end_paragraph();
                    first = true;
                }
                i += 1;
            }
            if i == bytes.len() {
                break;
            }
            let start = i;
            // Summed in the order [`Filler::any_paragraph`] sums them: the same widths.
            let mut w = 0.0;
            while i < bytes.len() && !is_ascii_space(bytes[i]) {
                // What `Filler::width` gives, looked up where nothing can miss.
                w += f64::from(widths[usize::from(bytes[i] & 0x7f)]) * self.scale;
                i += 1;
            }
            self.place(&text[start..i], w, !first);
            first = false;
        }
        self.end_paragraph();
    }

    /// [`Filler::paragraph`] for text in any script.
    fn any_paragraph(&mut self, text: &str) {
        let mut chars = text.char_indices().peekable();
        let mut spaced = false;
        while let Some(&(start, c)) = chars.peek() {
            if c.is_whitespace() {
                spaced = true;
                chars.next();
                continue;
            }
            let mut end = start + c.len_utf8();
            let mut w = self.width(c);
            chars.next();
            if !is_cjk(c) {
                while let Some(&(i, d)) = chars.peek() {
                    if d.is_whitespace() || is_cjk(d) {
                        break;
                    }
                    w += self.width(d);
                    end = i + d.len_utf8();
                    chars.next();
                }
            }
            self.place(&text[start..end], w, spaced);
            spaced = false;
        }
    }
}

/// Whether the ASCII byte `b` is white space as [`char::is_whitespace`] has it (the
/// vertical tab too, unlike [`u8::is_ascii_whitespace`]).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Whether a word too long for a line may break after `c`: the separators of links,
/// paths and compound words.
fn is_break_after(c: char) -> bool {
    matches!(
        c,
        '/' | '-' | '.' | '_' | '?' | '&' | '=' | '\u{2010}' | '\u{2011}'
    )
}

/// Lines of wrapped text and the box they need.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The lines, joined by `\n` (one string, so a card's text is one allocation).
    text: String,
    /// Font size in pixels.
    pub size: f64,
    /// Bold or regular.
    pub bold: bool,
    /// Width of the widest line.
    pub width: f64,
    /// Height of all lines.
    pub height: f64,
}

impl Block {
    /// `text` wrapped to `max` pixels.
    pub fn new(text: &str, max: f64, size: f64, bold: bool) -> Block {
        let mut f = Filler::new(text.len(), max, size, bold);
        match f.table.ascii() {
            Some(widths) if text.is_ascii() => f.ascii_text(text, widths),
            _ => {
                for paragraph in text.split('\n') {
                    f.paragraph(paragraph.trim());
                }
            }
        }
        f.finish(size, bold)
    }

    /// The lines, in order.
    pub fn lines(&self) -> std::str::Split<'_, char> {
        self.text.split('\n')
    }

    /// How many lines there are.
    pub fn line_count(&self) -> usize {
        // Not kept: a block is moved often, and every word it holds costs those moves.
        self.text.bytes().filter(|b| *b == b'\n').count() + 1
    }

    /// The lines joined by `\n`.
    pub fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_come_from_the_font() {
        // DejaVu Sans: "i" is much narrower than "W"; Cyrillic is measured, not guessed.
        assert!(width("W", 10.0, false) > 2.0 * width("i", 10.0, false));
        assert!((width("Ж", 10.0, false) - width("W", 10.0, false)).abs() < 3.0);
        assert!(width("ab", 10.0, true) > width("ab", 10.0, false));
    }

    #[test]
    fn wraps_at_words_and_inside_long_words() {
        let lines = wrap("Looks great but surely too expensive", 80.0, 12.0, false);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 12.0, false) <= 80.0));
        let long = wrap(
            "Donaudampfschifffahrtsgesellschaftskapitän",
            60.0,
            12.0,
            false,
        );
        assert!(long.len() > 2);
        assert!(long.iter().all(|l| width(l, 12.0, false) <= 60.0));
        let cjk = wrap(
            "日本語のテキストは単語の間に空白がありません",
            60.0,
            12.0,
            false,
        );
        assert!(cjk.len() > 2 && cjk.iter().all(|l| width(l, 12.0, false) <= 60.0));
        assert_eq!(wrap("a\nb", 500.0, 12.0, false), ["a", "b"]);
    }

    #[test]
    fn punctuation_is_measured_as_the_face_has_it() {
        for bold in [false, true] {
            let t = table(bold);
            for c in ['“', '”', '—', '…', '\u{2000}', '\u{206F}'] {
                assert_eq!(t.em(c), t.em_in_face(c), "{c}");
            }
            // Zero-width characters in the same block stay zero wide.
            assert_eq!(t.em('\u{200B}'), 0.0);
        }
    }

    #[test]
    fn ascii_space_is_white_space() {
        for b in 0..128u8 {
            assert_eq!(is_ascii_space(b), char::from(b).is_whitespace(), "{b}");
        }
    }

    #[test]
    fn ascii_text_wraps_as_text_in_any_script_does() {
        let texts = [
            "Looks great but surely too expensive",
            "  two  spaces\tand a tab ",
            "Health-Score-Dashboard and https://example.com/a/b?c=d&e=f",
            "x",
            "",
            "a\u{b}vertical tab",
            "first paragraph\nsecond one, longer than the first\n",
            "\nafter a line feed\r\n\r\n  and an empty paragraph  \n\n",
            "\n",
        ];
        for text in texts {
            for max in [20.0, 60.0, 150.0, 500.0] {
                for (size, bold) in [(11.0, false), (12.5, true)] {
                    // Paragraph by paragraph, character by character.
                    let mut general = Filler::new(text.len(), max, size, bold);
                    for paragraph in text.split('\n') {
                        general.paragraph(paragraph.trim());
                    }
                    let expected = general.finish(size, bold);
                    assert_eq!(
                        Block::new(text, max, size, bold),
                        expected,
                        "{text:?} {max}"
                    );
                }
            }
        }
    }

    #[test]
    fn long_links_break_at_their_separators() {
        let w = width("Health-Score-Dashboar", 13.0, false) + 1.0;
        assert_eq!(
            wrap("Health-Score-Dashboard", w, 13.0, false),
            ["Health-Score-", "Dashboard"]
        );
        let url = wrap(
            "https://example.com/dashboards/health-score?team=growth&range=30d",
            150.0,
            12.0,
            false,
        );
        assert!(url.len() > 1 && url.iter().all(|l| width(l, 12.0, false) <= 150.0));
        // Every line but the last ends at a separator: no word is cut in the middle.
        for l in &url[..url.len() - 1] {
            assert!(l.ends_with(is_break_after), "{url:?}");
        }
        // A part longer than a line still breaks between characters.
        let long = wrap("a/Donaudampfschifffahrtsgesellschaft", 60.0, 12.0, false);
        assert!(long.len() > 2 && long.iter().all(|l| width(l, 12.0, false) <= 60.0));
    }
}
