//! Maps written compactly: how an element looks is a class of the map's style, faces and
//! icons drawn more than once are defined once and placed with `<use>`, and a fixed
//! journey's map stays within a size measured when this was written. A page shows every
//! map it holds in full (mdBook's print page all of them), so the bytes are the cost.

use crate::common::{mdbook, waymark_in};
use crate::render::journey;
use waymark::journey::{Journey, Layout};
use waymark::render::{self, Labels, RenderOptions, Theme};

fn svg(j: &Journey, layout: Layout, theme: &str) -> String {
    let theme = Theme::builtin(theme).expect("a built-in theme");
    let labels = Labels::default();
    render::svg(
        j,
        &RenderOptions {
            layout,
            theme: &theme,
            id: "m",
            persona: None,
            labels: &labels,
            comparison: None,
        },
    )
}

/// Twelve steps: three scores (each face drawn four times) and two channels (each icon
/// drawn six times), and one step with a channel of its own.
fn repeated() -> String {
    let mut text = String::from("title Repeated\nsection One\n");
    for i in 0..12 {
        let score = [1, 3, 5][i % 3];
        let channel = ["web", "phone"][i % 2];
        text.push_str(&format!("  Step {i}: {score}\n    channel: {channel}\n"));
    }
    text.push_str("  Odd one: 4\n    channel: letter\n");
    text
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn repeated_faces_and_icons_are_defined_once_and_used() {
    let j = journey(&repeated());
    let out = svg(&j, Layout::Map, "light");
    // Three faces and two icons drawn several times: five definitions, each placed
    // where it is drawn (twelve faces on the curve, twelve icons).
    assert_eq!(count(&out, "<g id=\"m-u"), 5, "{out}");
    assert_eq!(count(&out, "<use href=\"#m-u"), 24, "{out}");
    // Drawn once, written in place: the scale legend's three (smaller) faces, the face
    // of 4 and the letter's icon.
    assert_eq!(count(&out, "<g transform=\"translate("), 5, "{out}");
    // Three circles a face and one for the web icon: 3 + 1 defined, 3 + 1 in place.
    assert_eq!(count(&out, "<circle"), 3 * 3 + 1 + 3 * 4, "{out}");
    // The definitions' classes reach a `<use>`'s copy, which the map's id cannot.
    assert!(out.contains("<g id=\"m-u0\" class=\"m-d\">"), "{out}");
    assert!(out.contains(",.m-d path{stroke-linecap:round"), "{out}");
}

#[test]
fn looks_are_classes_not_repeated_attributes() {
    let j = journey(&repeated());
    for layout in [Layout::Map, Layout::Timeline, Layout::Storyboard] {
        let out = svg(&j, layout, "dark");
        let body = &out[out.find("</style>").expect("a style")..];
        for attr in [
            " fill=\"#",
            " stroke=\"#",
            " stroke-width=",
            " font-size=",
            " stroke-linecap=",
            " data-s=",
        ] {
            assert!(
                !body.contains(attr),
                "{layout:?}: `{attr}` repeated on elements: {out}"
            );
        }
        // Each colour once in the style, plainly and as a variable a page may set.
        assert!(out.contains("#m .wf-card{fill:#"), "{out}");
        assert!(out.contains(";fill:var(--waymark-card,#"), "{out}");
    }
}

/// The sizes of `tests/corpus/extended/support-blueprint.journey` drawn with id `m`,
/// measured when maps were made compact (map 22,530 bytes before, timeline 6,275,
/// storyboard 7,287, table picture 17,642), with a little room.
#[test]
fn a_fixed_journey_stays_within_its_measured_size() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/extended/support-blueprint.journey");
    let j = journey(&std::fs::read_to_string(path).expect("the corpus journey"));
    for (layout, bound) in [
        (Layout::Map, 15_000),
        (Layout::Timeline, 5_100),
        (Layout::Storyboard, 6_000),
        (Layout::Table, 10_200),
    ] {
        let out = svg(&j, layout, "light");
        assert!(
            out.len() <= bound,
            "{layout:?}: {} bytes, more than {bound}",
            out.len()
        );
    }
}

#[test]
fn the_png_keeps_its_colours_without_the_variables() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("r.md"),
        format!("```journey\n{}```\n", repeated()),
    )
    .expect("write the page");
    let o = waymark_in(
        dir.path(),
        &["svg", "r.md", "--out", "out", "--format", "png"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j = journey(&repeated());
    let out = svg(&j, Layout::Map, "light");
    let plain = render::png(&out, 1.0).expect("a PNG");
    assert!(plain.starts_with(b"\x89PNG"));
    // The same picture with its style dropped paints every shape black: a different PNG.
    let start = out.find("<style>").expect("a style");
    let end = out.find("</style>").expect("a style") + "</style>".len();
    let unstyled = format!("{}{}", &out[..start], &out[end..]);
    assert_ne!(
        render::png(&unstyled, 1.0).expect("a PNG"),
        plain,
        "the PNG does not read the map's style"
    );
}

#[test]
fn mdbook_pages_hold_the_compact_maps_and_index_their_words_once() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let book = dir.path();
    std::fs::create_dir_all(book.join("src")).expect("the book's sources");
    std::fs::write(
        book.join("book.toml"),
        format!(
            "[book]\ntitle = \"T\"\n\n[preprocessor.journey]\ncommand = \"{} mdbook\"\ncache-dir = \"{}\"\n",
            env!("CARGO_BIN_EXE_waymark"),
            book.join("cache").display()
        ),
    )
    .expect("book.toml");
    std::fs::write(book.join("src/SUMMARY.md"), "[Map](map.md)\n").expect("SUMMARY.md");
    let page = format!(
        "# Map\n\n```journey\n{}```\n",
        repeated().replace("Odd one", "Zebrafinch")
    );
    std::fs::write(book.join("src/map.md"), page).expect("map.md");
    let o = mdbook()
        .arg("build")
        .arg(book)
        .output()
        .expect("run mdbook");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(book.join("book/map.html")).expect("map.html");
    assert!(html.contains("<use href=\"#wm-map-md-1-u0\""), "{html}");
    // The step is drawn, named by its face's tooltip and by the table; the index, which
    // reads the drawing only, holds its name once.
    let index = std::fs::read_dir(book.join("book"))
        .expect("the built book")
        .flatten()
        .find(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.starts_with("searchindex") && name.ends_with(".js")
        })
        .map(|e| std::fs::read_to_string(e.path()).expect("the search index"))
        .expect("a search index");
    assert_eq!(
        count(&index, "Zebrafinch"),
        1,
        "the map's words once in the index"
    );
}
