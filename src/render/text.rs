//! Measuring and wrapping text with the metrics of the font maps are drawn in (DejaVu
//! Sans, shipped with waymark), so that every box is sized to the text it holds.

use std::sync::OnceLock;

/// The regular face, embedded so measuring never depends on the machine.
pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The bold face.
pub static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The font stack written into SVG: DejaVu Sans first, then fonts as wide or wider.
pub const FONT_FAMILY: &str = "'DejaVu Sans', Verdana, 'Segoe UI', sans-serif";

/// Measured widths are padded by this much, for viewers that fall back to another font.
const SAFETY: f64 = 1.04;

/// Advance widths in em for U+0000..U+0530 (Latin, Latin Extended, Greek, Cyrillic).
struct Table {
    widths: Vec<f32>,
    face: Option<ttf_parser::Face<'static>>,
}

fn table(bold: bool) -> &'static Table {
    static REG: OnceLock<Table> = OnceLock::new();
    static BLD: OnceLock<Table> = OnceLock::new();
    let cell = if bold { &BLD } else { &REG };
    cell.get_or_init(|| {
        let face = ttf_parser::Face::parse(if bold { BOLD } else { REGULAR }, 0).ok();
        let widths = (0u32..0x530)
            .map(|c| {
                char::from_u32(c)
                    .and_then(|ch| face.as_ref().and_then(|f| advance(f, ch)))
                    .unwrap_or(0.6)
            })
            .collect();
        Table { widths, face }
    })
}

fn advance(face: &ttf_parser::Face, c: char) -> Option<f32> {
    let id = face.glyph_index(c)?;
    let adv = face.glyph_hor_advance(id)?;
    Some(f32::from(adv) / f32::from(face.units_per_em()))
}

/// Whether a line may break before or after `c` without a space (CJK ideographs, kana).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF)
}

/// Width in em of one character.
fn char_em(c: char, bold: bool) -> f64 {
    let t = table(bold);
    if let Some(w) = t.widths.get(c as usize) {
        return f64::from(*w);
    }
    if is_cjk(c) {
        return 1.0;
    }
    if is_emoji(c) {
        return 1.25;
    }
    if matches!(c as u32, 0x200B..=0x200F | 0xFE00..=0xFE0F | 0x300..=0x36F) {
        return 0.0;
    }
    t.face
        .as_ref()
        .and_then(|f| advance(f, c))
        .map_or(0.62, f64::from)
}

/// Width in pixels of `text` at `size` pixels.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    text.chars().map(|c| char_em(c, bold)).sum::<f64>() * size * SAFETY
}

/// The height of one line of text at `size` pixels.
pub fn line_height(size: f64) -> f64 {
    (size * 1.3).round()
}

/// Breaks `text` into lines no wider than `max` pixels: at spaces, anywhere in CJK text,
/// and inside words that are wider than a whole line. Explicit `\n` always breaks.
pub fn wrap(text: &str, max: f64, size: f64, bold: bool) -> Vec<String> {
    wrap_measured(text, max, size, bold)
        .into_iter()
        .map(|(l, _)| l)
        .collect()
}

/// [`wrap`], with the width of each line.
fn wrap_measured(text: &str, max: f64, size: f64, bold: bool) -> Vec<(String, f64)> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph.trim(), max, size, bold, &mut lines);
    }
    if lines.is_empty() {
        lines.push((String::new(), 0.0));
    }
    lines
}

/// Width in pixels of one character.
fn char_width(c: char, size: f64, bold: bool) -> f64 {
    char_em(c, bold) * size * SAFETY
}

fn wrap_paragraph(text: &str, max: f64, size: f64, bold: bool, lines: &mut Vec<(String, f64)>) {
    let space = char_width(' ', size, bold);
    let mut line = String::new();
    let mut line_w = 0.0;
    // Pieces a line may break between: words, and single CJK characters.
    let mut piece = String::new();
    let mut piece_w = 0.0;
    let mut spaced = false;
    let flush = |piece: &mut String,
                 piece_w: &mut f64,
                 spaced: bool,
                 line: &mut String,
                 line_w: &mut f64,
                 lines: &mut Vec<(String, f64)>| {
        if piece.is_empty() {
            return;
        }
        let gap = if spaced && !line.is_empty() {
            space
        } else {
            0.0
        };
        if !line.is_empty() && *line_w + gap + *piece_w > max {
            lines.push((std::mem::take(line), *line_w));
            *line_w = 0.0;
        }
        if *piece_w > max {
            // A word wider than a line: break it between characters.
            for c in piece.chars() {
                let cw = char_width(c, size, bold);
                if !line.is_empty() && *line_w + cw > max {
                    lines.push((std::mem::take(line), *line_w));
                    *line_w = 0.0;
                }
                line.push(c);
                *line_w += cw;
            }
        } else {
            if spaced && !line.is_empty() {
                line.push(' ');
                *line_w += space;
            }
            line.push_str(piece);
            *line_w += *piece_w;
        }
        piece.clear();
        *piece_w = 0.0;
    };
    // Whether a space comes before the piece being read.
    for c in text.chars() {
        if c.is_whitespace() {
            flush(
                &mut piece,
                &mut piece_w,
                spaced,
                &mut line,
                &mut line_w,
                lines,
            );
            spaced = true;
            continue;
        }
        if is_cjk(c) {
            flush(
                &mut piece,
                &mut piece_w,
                spaced,
                &mut line,
                &mut line_w,
                lines,
            );
            spaced = false;
            piece.push(c);
            piece_w = char_width(c, size, bold);
            flush(
                &mut piece,
                &mut piece_w,
                false,
                &mut line,
                &mut line_w,
                lines,
            );
            continue;
        }
        piece.push(c);
        piece_w += char_width(c, size, bold);
    }
    flush(
        &mut piece,
        &mut piece_w,
        spaced,
        &mut line,
        &mut line_w,
        lines,
    );
    if !line.is_empty() || lines.is_empty() {
        lines.push((line, line_w));
    }
}

/// Lines of wrapped text and the box they need.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The lines, in order.
    pub lines: Vec<String>,
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
        let measured = wrap_measured(text, max, size, bold);
        let width = measured.iter().map(|(_, w)| *w).fold(0.0, f64::max);
        let height = measured.len() as f64 * line_height(size);
        Block {
            lines: measured.into_iter().map(|(l, _)| l).collect(),
            size,
            bold,
            width,
            height,
        }
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
}
