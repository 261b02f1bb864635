//! Geometry before markup: every layout produces a [`Scene`] of positioned shapes and
//! text boxes, which `svg` writes out. Tests check the geometry directly: every text box
//! inside its cell, no two text boxes overlapping.

use super::text::{self, Block};

/// What a shape is painted with: a role of the theme, so pages can restyle it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Paint {
    /// Not painted.
    None,
    /// The map background.
    Background,
    /// Body text.
    Text,
    /// Secondary text.
    Muted,
    /// Grid lines.
    Grid,
    /// Header band.
    Header,
    /// Lane-name column and alternate lanes.
    Lane,
    /// The other alternate lanes.
    LaneAlt,
    /// Cards.
    Card,
    /// Card borders.
    CardBorder,
    /// The emotion curve.
    Curve,
    /// The neutral line.
    Neutral,
    /// Happy faces.
    Positive,
    /// Sad faces.
    Negative,
    /// Pain-point cards.
    Pain,
    /// Text on pain-point cards.
    PainText,
    /// Opportunity cards.
    Opportunity,
    /// Text on opportunity cards.
    OpportunityText,
    /// The line of visibility.
    Visibility,
    /// Text on stage headers.
    StageText,
    /// The header colour of stage `n`.
    Stage(usize),
    /// The curve of the journey's `n`-th other persona; it carries its own dash pattern
    /// too, so colour is never the only thing that tells curves apart.
    Persona(usize),
}

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bounds {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Bounds {
    /// A box.
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Bounds { x, y, w, h }
    }

    /// Whether `other` lies inside this box (with a hair of tolerance for rounding).
    pub fn contains(&self, other: &Bounds) -> bool {
        const EPS: f64 = 0.01;
        other.x >= self.x - EPS
            && other.y >= self.y - EPS
            && other.x + other.w <= self.x + self.w + EPS
            && other.y + other.h <= self.y + self.h + EPS
    }

    /// Whether the two boxes share any area.
    pub fn overlaps(&self, other: &Bounds) -> bool {
        const EPS: f64 = 0.01;
        self.x < other.x + other.w - EPS
            && other.x < self.x + self.w - EPS
            && self.y < other.y + other.h - EPS
            && other.y < self.y + self.h - EPS
    }
}

/// Horizontal alignment of a text box at its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// x is the left edge.
    Start,
    /// x is the centre.
    Middle,
    /// x is the right edge.
    End,
}

/// Wrapped text at a position.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// x of the anchor.
    pub x: f64,
    /// Top of the first line.
    pub y: f64,
    /// The wrapped lines.
    pub block: Block,
    /// Colour.
    pub paint: Paint,
    /// Alignment.
    pub anchor: Anchor,
    /// Italic.
    pub italic: bool,
    /// The cell the text must stay inside.
    pub cell: Bounds,
}

impl TextBox {
    /// The box the text occupies.
    pub fn bounds(&self) -> Bounds {
        let w = self.block.width;
        let x = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - w / 2.0,
            Anchor::End => self.x - w,
        };
        Bounds::new(x, self.y, w, self.block.height)
    }
}

/// One thing to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A (rounded) rectangle.
    Rect {
        /// Where.
        b: Bounds,
        /// Corner radius.
        rx: f64,
        /// Fill.
        fill: Paint,
        /// Outline.
        stroke: Paint,
        /// Outline width.
        width: f64,
        /// Dashed outline.
        dashed: bool,
    },
    /// Text.
    Text(TextBox),
    /// An SVG path.
    Path {
        /// Path data.
        d: String,
        /// Fill.
        fill: Paint,
        /// Outline.
        stroke: Paint,
        /// Outline width.
        width: f64,
        /// Dashed outline.
        dashed: bool,
    },
    /// A circle.
    Circle {
        /// Centre x.
        cx: f64,
        /// Centre y.
        cy: f64,
        /// Radius.
        r: f64,
        /// Fill.
        fill: Paint,
        /// Outline.
        stroke: Paint,
        /// Outline width.
        width: f64,
    },
    /// A picture.
    Image {
        /// Where.
        b: Bounds,
        /// URL (already checked safe).
        href: String,
        /// Text alternative.
        alt: String,
    },
    /// Items that link somewhere.
    Link {
        /// URL (already checked safe).
        href: String,
        /// What is clickable.
        items: Vec<Item>,
    },
    /// Items drawn with their origin at (x, y): a face or an icon. The same ones are
    /// drawn many times on a map, so the SVG writer defines each once and places it
    /// again; they hold no text, whose boxes the geometry checks read in place.
    Group {
        /// Where the items' origin goes, x.
        x: f64,
        /// Where the items' origin goes, y.
        y: f64,
        /// What is drawn, around (0, 0).
        items: Vec<Item>,
    },
    /// A tooltip for the items (`<title>` inside a group).
    Titled {
        /// The tooltip.
        title: String,
        /// What it describes.
        items: Vec<Item>,
    },
}

/// A whole picture.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
    /// What to draw, back to front.
    pub items: Vec<Item>,
    /// Where a grid picture keeps its row labels, column headers and columns, for the
    /// page's viewer (frozen panes, step anchors); `None` for pictures without a grid.
    pub frame: Option<Frame>,
}

/// The parts of a grid picture a viewer keeps in view or points at.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Frame {
    /// The right edge of the row labels on the left.
    pub labels_right: f64,
    /// The top of the column headers.
    pub heads_top: f64,
    /// The bottom of the column headers (the top of the rows).
    pub heads_bottom: f64,
    /// The bottom of the rows.
    pub rows_bottom: f64,
    /// Per column, its left edge, its width and whether it holds a step.
    pub columns: Vec<(f64, f64, bool)>,
}

impl Scene {
    /// An empty picture `width` wide on the theme's background, with room for `capacity`
    /// items.
    pub fn new(width: f64, capacity: usize) -> Scene {
        let mut scene = Scene {
            width,
            items: Vec::with_capacity(capacity),
            ..Scene::default()
        };
        scene.rect(
            Bounds::new(0.0, 0.0, width, 0.0),
            0.0,
            Paint::Background,
            Paint::None,
            0.0,
        );
        scene
    }

    /// The finished picture, `height` tall, its background with it.
    pub fn finish(mut self, height: f64) -> Scene {
        self.height = height;
        if let Some(Item::Rect { b, .. }) = self.items.first_mut() {
            b.h = height;
        }
        self
    }

    /// Keeps `n` places at the end of the drawing order for items whose size is known
    /// only once what is drawn over them is laid out (a row's background); [`Scene::fill`]
    /// draws them there.
    pub(crate) fn keep(&mut self, n: usize) -> Kept {
        let at = self.items.len();
        self.items.extend(
            std::iter::repeat_with(|| Item::Group {
                x: 0.0,
                y: 0.0,
                items: Vec::new(),
            })
            .take(n),
        );
        Kept { at, n }
    }

    /// Draws with `draw` into the places `kept` holds, in its order: the items land there
    /// as if drawn when the places were kept. Places left over are removed; items beyond
    /// them stay where they were drawn.
    pub(crate) fn fill(&mut self, kept: Kept, draw: impl FnOnce(&mut Scene)) {
        let start = self.items.len();
        draw(self);
        let placed = (self.items.len() - start).min(kept.n);
        for k in 0..placed {
            self.items.swap(kept.at + k, start + k);
        }
        // The kept places, now swapped to the end, and any not needed.
        self.items.drain(start..start + placed);
        self.items.drain(kept.at + placed..kept.at + kept.n);
    }

    /// Adds a rectangle.
    pub fn rect(&mut self, b: Bounds, rx: f64, fill: Paint, stroke: Paint, width: f64) {
        self.items.push(Item::Rect {
            b,
            rx,
            fill,
            stroke,
            width,
            dashed: false,
        });
    }

    /// Adds a line.
    #[allow(clippy::too_many_arguments)]
    pub fn line(
        &mut self,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: Paint,
        width: f64,
        dashed: bool,
    ) {
        let mut d = String::with_capacity(24);
        for (cmd, v) in [("M", x1), (" ", y1), ("L", x2), (" ", y2)] {
            d.push_str(cmd);
            push_num(&mut d, v);
        }
        self.items.push(Item::Path {
            d,
            fill: Paint::None,
            stroke,
            width,
            dashed,
        });
    }

    /// Adds text, returning its box.
    pub fn text(&mut self, t: TextBox) -> Bounds {
        let b = t.bounds();
        self.items.push(Item::Text(t));
        b
    }

    /// Every text box with its cell, nested items included.
    pub fn texts(&self) -> Vec<&TextBox> {
        fn walk<'a>(items: &'a [Item], out: &mut Vec<&'a TextBox>) {
            for item in items {
                match item {
                    Item::Text(t) => out.push(t),
                    Item::Link { items, .. } | Item::Titled { items, .. } => walk(items, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.items, &mut out);
        out
    }
}

/// Places kept in a scene's drawing order by [`Scene::keep`].
#[must_use = "kept places hold nothing until filled"]
pub(crate) struct Kept {
    at: usize,
    n: usize,
}

/// How a text box looks: size, weight, slant, colour and alignment. Where the box goes,
/// how wide it may grow and the cell it must stay inside come with each box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Font size in pixels.
    pub size: f64,
    /// Bold or regular.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Colour.
    pub paint: Paint,
    /// Alignment at the box's x.
    pub anchor: Anchor,
}

impl TextStyle {
    /// Regular upright text at `size` in `paint`, its x the left edge.
    pub const fn new(size: f64, paint: Paint) -> TextStyle {
        TextStyle {
            size,
            bold: false,
            italic: false,
            paint,
            anchor: Anchor::Start,
        }
    }

    /// The same, bold.
    pub const fn bold(self) -> TextStyle {
        TextStyle { bold: true, ..self }
    }

    /// The same, italic.
    pub const fn italic(self) -> TextStyle {
        TextStyle {
            italic: true,
            ..self
        }
    }

    /// The same, centred on its x.
    pub const fn centred(self) -> TextStyle {
        TextStyle {
            anchor: Anchor::Middle,
            ..self
        }
    }

    /// The height of `text` in this style wrapped to `max` pixels, for sizing the box
    /// it will be drawn in.
    pub fn height(&self, text: &str, max: f64) -> f64 {
        text::Block::new(text, max, self.size, self.bold).height
    }
}

/// A text box of `text` in `style` wrapped to `max`, anchored at (x, y), kept inside `cell`.
pub fn text_box(text: &str, x: f64, y: f64, max: f64, style: TextStyle, cell: Bounds) -> TextBox {
    TextBox {
        x,
        y,
        block: text::Block::new(text, max, style.size, style.bold),
        paint: style.paint,
        anchor: style.anchor,
        italic: style.italic,
        cell,
    }
}

/// A number for SVG: at most two decimals, no trailing zeros, never `-0`.
pub fn num(v: f64) -> String {
    let mut s = String::with_capacity(8);
    push_num(&mut s, v);
    s
}

/// Appends `v` as [`num`] writes it. Maps write thousands of numbers, so this avoids
/// the formatting machinery.
pub fn push_num(out: &mut String, v: f64) {
    if !v.is_finite() {
        out.push('0');
        return;
    }
    // Rounds half away from zero, as `f64::round` does, without a libm call; the cast
    // saturates for numbers no picture has.
    let scaled = v * 100.0;
    let r = if scaled < 0.0 {
        (scaled - 0.5) as i64
    } else {
        (scaled + 0.5) as i64
    };
    let a = r.unsigned_abs();
    if r < 0 && a != 0 {
        out.push('-');
    }
    push_whole(out, a / 100);
    let hundredths = a % 100;
    if hundredths != 0 {
        out.push('.');
        push_digit(out, hundredths / 10);
        if hundredths % 10 != 0 {
            push_digit(out, hundredths % 10);
        }
    }
}

/// Appends the digits of `n`, the most significant first.
#[inline]
fn push_whole(out: &mut String, n: u64) {
    // A picture's numbers are below 10,000: their digits are pushed one by one, each
    // place decided by a comparison.
    if n >= 10_000 {
        push_large(out, n);
        return;
    }
    if n >= 1000 {
        push_digit(out, n / 1000);
    }
    if n >= 100 {
        push_digit(out, n / 100 % 10);
    }
    if n >= 10 {
        push_digit(out, n / 10 % 10);
    }
    push_digit(out, n % 10);
}

/// [`push_whole`] for 10,000 and more: four digits at a time.
#[cold]
fn push_large(out: &mut String, n: u64) {
    push_whole(out, n / 10_000);
    let low = n % 10_000;
    for place in [1000, 100, 10, 1] {
        push_digit(out, low / place % 10);
    }
}

/// Appends the digit `d` (below 10).
fn push_digit(out: &mut String, d: u64) {
    out.push(char::from(b'0' + (d % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::{num, Item, Paint, Scene};

    #[test]
    fn an_item_is_moved_without_a_call() {
        // A map builds its scene from a thousand items and more, each moved into place:
        // up to 128 bytes the compiler moves one with a few instructions, past that it
        // calls `memcpy`.
        assert!(std::mem::size_of::<Item>() <= 128);
    }

    #[test]
    fn kept_places_are_filled_in_order() {
        let mut scene = Scene::default();
        let line = |scene: &mut Scene, y: f64| {
            scene.line(0.0, y, 1.0, y, Paint::Grid, 1.0, false);
        };
        line(&mut scene, 1.0);
        let kept = scene.keep(2);
        line(&mut scene, 4.0);
        scene.fill(kept, |scene| {
            line(scene, 2.0);
            line(scene, 3.0);
        });
        // One place too many is removed, one item too many stays where it was drawn.
        let kept = scene.keep(2);
        line(&mut scene, 5.0);
        scene.fill(kept, |scene| line(scene, 4.5));
        let kept = scene.keep(1);
        scene.fill(kept, |scene| {
            line(scene, 6.0);
            line(scene, 7.0);
        });
        let ys: Vec<&str> = scene
            .items
            .iter()
            .map(|i| match i {
                Item::Path { d, .. } => {
                    &d[d.find(' ').map_or(0, |s| s + 1)..d.find('L').unwrap_or(0)]
                }
                _ => "not a line",
            })
            .collect();
        assert_eq!(ys, ["1", "2", "3", "4", "4.5", "5", "6", "7"]);
    }

    #[test]
    fn numbers_are_written_as_formatting_writes_them() {
        let formatted = |v: f64| {
            let scaled = v * 100.0;
            let r = if scaled < 0.0 {
                (scaled - 0.5) as i64
            } else {
                (scaled + 0.5) as i64
            };
            let a = r.unsigned_abs();
            let sign = if r < 0 { "-" } else { "" };
            let s = format!("{sign}{}.{:02}", a / 100, a % 100);
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        let mut samples: Vec<f64> = (-200_000..2_000_000)
            .step_by(7)
            .map(|r| f64::from(r) / 100.0 + 0.001)
            .collect();
        samples.extend([1e9 + 0.25, -123_456_789.5, 1e15, 10_000.0, 99_999.99]);
        for v in samples {
            assert_eq!(num(v), formatted(v), "{v}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(1.23456), "1.23");
        assert_eq!(num(2.05), "2.05");
        assert_eq!(num(-12.3), "-12.3");
        assert_eq!(num(0.07), "0.07");
        assert_eq!(num(1e6 + 0.5), "1000000.5");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(-1234.5), "-1234.5");
        assert_eq!(num(99.999), "100");
        assert_eq!(num(10203.04), "10203.04");
        assert_eq!(num(1e12 + 0.1), "1000000000000.1");
        assert_eq!(num(-20000.0), "-20000");
        assert_eq!(num(9.996), "10");
    }
}
