//! Turns a [`Journey`] into a picture: `map`, `timeline`, `storyboard` and `table` lay
//! out a [`scene::Scene`] of measured boxes that `svg` writes out; `table` also writes
//! the journey as HTML, the text alternative of every picture.

pub(crate) mod compared;
pub(crate) mod evidence;
pub(crate) mod labels;
pub(crate) mod map;
pub(crate) mod parts;
pub mod scene;
pub(crate) mod storyboard;
pub(crate) mod svg;
pub(crate) mod table;
pub(crate) mod text;
pub mod theme;
pub(crate) mod timeline;

pub use labels::Labels;
pub use theme::Theme;

use crate::journey::{Journey, Layout, Persona};

/// How to draw one journey.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Which picture.
    pub layout: Layout,
    /// Colours.
    pub theme: &'a Theme,
    /// Unique on the page (`[a-z0-9-]`): prefixes every id and scopes every style rule.
    pub id: &'a str,
    /// The persona's definition, for the header.
    pub persona: Option<&'a Persona>,
    /// Interface words.
    pub labels: &'a Labels,
    /// An older version of the journey to show what changed since ([`crate::diff::overlay`]);
    /// `None` draws the journey alone.
    pub comparison: Option<&'a crate::diff::Comparison>,
}

/// Keeps an id to the characters ids and CSS selectors take without escaping.
pub fn clean_id(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "wm-");
    }
    out
}

/// The laid-out scene of a journey.
pub fn scene(journey: &Journey, opts: &RenderOptions) -> scene::Scene {
    match opts.layout {
        Layout::Map => map::layout(journey, opts),
        Layout::Table => table::layout(journey, opts),
        Layout::Timeline => timeline::layout(journey, opts),
        Layout::Storyboard => storyboard::layout(journey, opts),
    }
}

/// The complete `<svg>` of a journey.
pub fn svg(journey: &Journey, opts: &RenderOptions) -> String {
    svg_described_by(journey, opts, None)
}

/// [`svg`], pointing assistive technology at the element with id `details`.
fn svg_described_by(journey: &Journey, opts: &RenderOptions, details: Option<&str>) -> String {
    let id = clean_id(opts.id);
    let scene = scene(journey, opts);
    let title = journey.display_title("Customer journey");
    let title = journey
        .acc_title
        .as_deref()
        .unwrap_or(title)
        .replace('\n', " ");
    svg::write(
        &scene,
        opts.theme,
        &id,
        &title,
        &parts::describe(journey, opts.labels, opts.comparison),
        details,
    )
}

/// The journey as an HTML table (the text alternative of every picture).
pub fn table_html(journey: &Journey, opts: &RenderOptions) -> String {
    let id = clean_id(opts.id);
    table::html(journey, &RenderOptions { id: &id, ..*opts })
}

/// A `<figure>` with the picture (or the table, for the table layout) and the table as
/// its linked text alternative.
pub fn figure_html(journey: &Journey, opts: &RenderOptions) -> String {
    let id = clean_id(opts.id);
    let opts = RenderOptions { id: &id, ..*opts };
    let table = table::html(journey, &opts);
    // Scroll boxes take keyboard focus so people who cannot use a mouse can scroll them.
    let label = svg::escape(&journey.display_title("Customer journey").replace('\n', " "));
    let scroll = |inner: &str| {
        format!("<div class=\"waymark-scroll\" style=\"overflow-x:auto\" tabindex=\"0\" role=\"region\" aria-label=\"{label}\">{inner}</div>")
    };
    if opts.layout == Layout::Table {
        return format!(
            "<figure class=\"waymark-figure waymark-layout-table\" id=\"{id}-figure\">{}</figure>",
            scroll(&table)
        );
    }
    let picture = svg_described_by(journey, &opts, Some(&format!("{id}-table")));
    format!(
        "<figure class=\"waymark-figure waymark-layout-{layout}\" id=\"{id}-figure\">{}<details class=\"waymark-alt\"><summary>{summary}</summary>{}</details></figure>",
        scroll(&picture),
        scroll(&table),
        layout = opts.layout.name(),
        summary = svg::escape(opts.labels.get("table")),
    )
}

/// Renders an SVG written by [`svg`] to PNG at `scale`, with the bundled font.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options {
        font_family: "DejaVu Sans".to_string(),
        ..usvg::Options::default()
    };
    options.fontdb_mut().load_font_data(text::REGULAR.to_vec());
    options.fontdb_mut().load_font_data(text::BOLD.to_vec());
    // CSS variables are for host pages; resvg reads the plain colours written before them.
    let svg_plain = svg::without_variables(svg);
    let tree = usvg::Tree::from_str(&svg_plain, &options)
        .map_err(|e| format!("cannot read the SVG: {e}"))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or("the picture is too large to render")?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or("the picture is too large to render")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode PNG: {e}"))
}
