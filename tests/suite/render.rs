//! Rendering: snapshots of every layout and theme, the text-fit invariant over a large
//! generated corpus, contrast of every theme, escaping, determinism and unique ids.

use waymark::journey::{parse_source, source::FenceOptions, Journey, Layout, SourceKind};
use waymark::render::{self, scene::Scene, theme::contrast, Labels, RenderOptions, Theme};

pub(super) fn journey(text: &str) -> Journey {
    let p = parse_source(text, SourceKind::Journey, FenceOptions::default());
    assert!(
        !p.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        p.diagnostics
    );
    p.journeys.into_iter().next().expect("a journey")
}

fn corpus(name: &str) -> Journey {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/extended")
        .join(name);
    journey(&std::fs::read_to_string(path).unwrap())
}

fn opts<'a>(
    layout: Layout,
    theme: &'a Theme,
    labels: &'a Labels,
    id: &'a str,
) -> RenderOptions<'a> {
    RenderOptions {
        layout,
        theme,
        id,
        persona: None,
        labels,
        comparison: None,
    }
}

#[test]
fn snapshots_of_every_layout_and_theme() {
    let j = corpus("support-blueprint.journey");
    let labels = Labels::default();
    for theme_name in Theme::builtin_names() {
        let theme = Theme::builtin(theme_name).unwrap();
        for layout in Layout::ALL {
            let o = opts(layout, &theme, &labels, "m1");
            let out = if layout == Layout::Table {
                render::table_html(&j, &o)
            } else {
                render::svg(&j, &o)
            };
            insta::assert_snapshot!(format!("{}-{}", layout.name(), theme_name), out);
        }
    }
}

#[test]
fn built_in_themes_are_their_files() {
    for name in Theme::builtin_names() {
        let path = format!("{}/themes/{name}.toml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            Theme::builtin(name),
            Some(Theme::parse(&text).unwrap()),
            "{name}"
        );
    }
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/themes")).unwrap();
    assert_eq!(files.count(), Theme::builtin_names().len());
}

#[test]
fn snapshots_of_the_table_picture_in_every_theme() {
    let j = corpus("support-blueprint.journey");
    let labels = Labels::default();
    for theme_name in Theme::builtin_names() {
        let theme = Theme::builtin(theme_name).unwrap();
        let svg = render::svg(&j, &opts(Layout::Table, &theme, &labels, "m1"));
        insta::assert_snapshot!(format!("table-svg-{theme_name}"), svg);
    }
}

/// The one SVG `waymark svg` wrote into `dir`.
fn written_svg(dir: &std::path::Path) -> String {
    let files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    std::fs::read_to_string(&files[0]).unwrap()
}

#[test]
fn svg_command_draws_the_table_layout_as_a_table() {
    let tmp = tempfile::TempDir::new().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/extended/support-blueprint.journey");
    let run = |layout: &str, format: &str| {
        let out = tmp.path().join(format!("{layout}-{format}"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
            .arg("svg")
            .arg(&src)
            .args(["--layout", layout, "--format", format, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        out
    };
    let map = written_svg(&run("map", "svg"));
    let table = written_svg(&run("table", "svg"));
    // Not assert_ne!: on failure it would print both pictures whole.
    assert!(
        table != map,
        "the table layout draws the same picture as the map"
    );
    assert!(table.contains("role=\"img\"") && table.contains("<title id="));
    // The picture has the rows of the HTML table it mirrors, and none of the map's lanes.
    let j = corpus("support-blueprint.journey");
    let labels = Labels::default();
    let theme = Theme::default();
    let html = render::table_html(&j, &opts(Layout::Table, &theme, &labels, "t"));
    let headings: Vec<&str> = html
        .split("<th scope=\"row\">")
        .skip(1)
        .map(|s| &s[..s.find("</th>").unwrap()])
        .collect();
    assert!(headings.len() > 5, "{headings:?}");
    for h in headings.iter().chain(&["Stage", "Step"]) {
        assert!(table.contains(&format!(">{h}</text>")), "row {h} missing");
    }
    assert!(!table.contains("Line of visibility") && !table.contains(">Emotion<"));
    // It renders to PNG too.
    let png_dir = run("table", "png");
    let png = std::fs::read_dir(&png_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    assert!(std::fs::read(png.path()).unwrap().starts_with(b"\x89PNG"));
}

/// Every text box inside its cell and the picture; no two text boxes overlapping.
pub(super) fn check_scene(scene: &Scene, what: &str) {
    let texts = scene.texts();
    for t in &texts {
        let b = t.bounds();
        assert!(
            t.cell.contains(&b),
            "{what}: {:?} sticks out of its cell {:?}: {:?}",
            t.block.lines().collect::<Vec<_>>(),
            t.cell,
            b
        );
        assert!(
            b.x >= -0.01
                && b.x + b.w <= scene.width + 0.01
                && b.y >= -0.01
                && b.y + b.h <= scene.height + 0.01,
            "{what}: {:?} outside the picture",
            t.block.lines().collect::<Vec<_>>()
        );
    }
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            assert!(
                !a.bounds().overlaps(&b.bounds()),
                "{what}: {:?} overlaps {:?}",
                a.block.lines().collect::<Vec<_>>(),
                b.block.lines().collect::<Vec<_>>()
            );
        }
    }
    // The emotion curve runs clear of every text box: score labels, marks, cards.
    for seg in curve_segments(scene) {
        for t in &texts {
            assert!(
                !crosses(&seg, &t.bounds()),
                "{what}: the emotion curve runs through {:?} at {:?}",
                t.block.lines().collect::<Vec<_>>(),
                seg
            );
        }
    }
}

/// The emotion curve (the map's only path of cubic Béziers drawn in the curve colour) as
/// short straight pieces.
fn curve_segments(scene: &Scene) -> Vec<[(f64, f64); 2]> {
    use waymark::render::scene::{Item, Paint};
    let mut out = Vec::new();
    for item in &scene.items {
        let Item::Path {
            d,
            stroke: Paint::Curve,
            ..
        } = item
        else {
            continue;
        };
        if !d.contains('C') {
            continue;
        }
        let nums: Vec<f64> = d
            .split(['M', 'C', ' '])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().expect("a number in the curve's path"))
            .collect();
        let pt = |i: usize| (nums[2 * i], nums[2 * i + 1]);
        let mut start = pt(0);
        for k in 0..(nums.len() / 2 - 1) / 3 {
            let c = [start, pt(3 * k + 1), pt(3 * k + 2), pt(3 * k + 3)];
            let mut prev = start;
            for s in 1..=32 {
                let t = s as f64 / 32.0;
                let u = 1.0 - t;
                let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
                let p = (
                    (0..4).map(|i| w[i] * c[i].0).sum::<f64>(),
                    (0..4).map(|i| w[i] * c[i].1).sum::<f64>(),
                );
                out.push([prev, p]);
                prev = p;
            }
            start = c[3];
        }
    }
    out
}

/// Whether the segment passes through the box.
fn crosses(s: &[(f64, f64); 2], b: &waymark::render::scene::Bounds) -> bool {
    // Sampled finely enough for boxes a few pixels tall.
    let [(x0, y0), (x1, y1)] = *s;
    let n = ((x1 - x0).abs().max((y1 - y0).abs()) / 0.5).ceil().max(1.0) as usize;
    (0..=n).any(|i| {
        let t = i as f64 / n as f64;
        let (x, y) = (x0 + t * (x1 - x0), y0 + t * (y1 - y0));
        x > b.x && x < b.x + b.w && y > b.y && y < b.y + b.h
    })
}

/// A small deterministic generator.
pub(super) struct Rng(pub(super) u64);
impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const WORDS: &[&str] = &[
    "checkout",
    "Überweisung",
    "доставка",
    "поддержка",
    "配送",
    "お問い合わせ",
    "🚲",
    "😀👍",
    "Zahlungsdienstleisterschnittstelle",
    "a",
    "wait",
    "ÅÄÖ",
    "łódź",
    "Ελληνικά",
    "verylongwordwithoutanyspacesatallthatmustbreak",
    "OK",
    "ČŠŽ",
    "i",
    "WWWWWWWW",
];

pub(super) fn text(rng: &mut Rng, max_words: u64) -> String {
    let n = 1 + rng.below(max_words);
    (0..n)
        .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn random_journey(rng: &mut Rng) -> String {
    let mut s = format!(
        "title {}\npersona {}\nscale -2..2\nowner {}\n",
        text(rng, 12),
        text(rng, 3),
        text(rng, 4)
    );
    if rng.below(2) == 0 {
        s.push_str(&format!("goal {}\n", text(rng, 20)));
    }
    let stages = 1 + rng.below(6);
    let mut names = Vec::new();
    for si in 0..stages {
        let name = format!("{} {si}", text(rng, 4));
        s.push_str(&format!("section {name}\n"));
        names.push(name);
        if rng.below(2) == 0 {
            s.push_str(&format!(
                "  phase: {}\n  goal: {}\n  metric: {}\n",
                text(rng, 2),
                text(rng, 10),
                text(rng, 4)
            ));
        }
        for _ in 0..rng.below(5) {
            let score = if rng.below(5) == 0 {
                String::new()
            } else {
                format!("{}", rng.below(5) as i64 - 2)
            };
            let actors: Vec<String> = (0..rng.below(4))
                .map(|_| text(rng, 2).replace([',', ':'], ""))
                .collect();
            s.push_str(&format!(
                "  {}: {score}: {}\n",
                text(rng, 8).replace(':', ""),
                actors.join(", ")
            ));
            for lane in [
                "thought",
                "feeling",
                "channel",
                "touchpoint",
                "need",
                "barrier",
                "pain",
                "opportunity",
                "frontstage",
                "backstage",
                "support",
                "metric",
                "quote",
                "note",
            ] {
                if rng.below(3) == 0 {
                    s.push_str(&format!("    {lane}: {}\n", text(rng, 15)));
                }
            }
            if rng.below(4) == 0 {
                s.push_str(
                    "    link: [A link](https://example.com/x)\n    image: ![pic](img/x.png)\n",
                );
            }
        }
    }
    if names.len() > 1 && rng.below(2) == 0 {
        s.push_str(&format!(
            "loop {} -> {}: {}\n",
            names[names.len() - 1],
            names[0],
            text(rng, 6)
        ));
    }
    s
}

#[test]
fn text_fits_in_a_large_generated_corpus() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let labels = Labels::default();
    let theme = Theme::default();
    for n in 0..300 {
        let src = random_journey(&mut rng);
        let j = journey(&src);
        for layout in [
            Layout::Map,
            Layout::Timeline,
            Layout::Storyboard,
            Layout::Table,
        ] {
            let scene = render::scene(&j, &opts(layout, &theme, &labels, "x"));
            check_scene(&scene, &format!("journey {n} ({}):\n{src}", layout.name()));
        }
    }
}

#[test]
fn every_theme_meets_wcag_aa() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    let themes = Theme::load_dir(&dir).unwrap();
    assert_eq!(themes.len(), 4);
    for theme in themes {
        for (fg, bg) in theme.colors.pairs() {
            let c = contrast(fg, bg);
            assert!(c >= 4.5, "{}: {fg} on {bg} has contrast {c:.2}", theme.name);
        }
    }
}

#[test]
fn user_text_is_escaped_everywhere() {
    let j = journey("title <script>alert(1)</script> & \"quotes\" 'single' ]]>\npersona <b>Eve</b>\nsection <i>S</i>\n  <img src=x onerror=alert(1)>: 3: <Mallory>\n    thought: </text><script>x</script>\n    link: [<b>click</b>](https://example.com/?a=1&b=\"2\")\n    pain: <svg onload=alert(1)> {severity: high}\n");
    let labels = Labels::default();
    let theme = Theme::default();
    for layout in Layout::ALL {
        let o = opts(layout, &theme, &labels, "esc");
        for out in [
            render::svg(&j, &o),
            render::figure_html(&j, &o),
            render::table_html(&j, &o),
        ] {
            assert!(!out.contains("<script"), "{}", layout.name());
            assert!(!out.contains("<img"), "{}", layout.name());
            assert!(!out.contains("<b>"), "{}", layout.name());
            assert!(!out.contains("<svg onload"), "{}", layout.name());
            assert!(!out.contains("\"2\")"), "attribute quotes are escaped");
        }
        // The SVG is well-formed XML.
        let svg = render::svg(&j, &o);
        assert!(render::png(&svg, 0.5).is_ok(), "{}", layout.name());
    }
}

#[test]
fn output_is_deterministic() {
    let j = corpus("ebike-purchase.journey");
    let labels = Labels::default();
    let theme = Theme::builtin("dark").unwrap();
    for layout in Layout::ALL {
        let a = render::figure_html(&j, &opts(layout, &theme, &labels, "d"));
        let b = render::figure_html(&j.clone(), &opts(layout, &theme, &labels, "d"));
        assert_eq!(a, b);
    }
}

fn ids(html: &str) -> Vec<String> {
    html.split(" id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn many_maps_on_one_page_share_no_ids_or_styles() {
    let j = corpus("ebike-purchase.journey");
    let labels = Labels::default();
    let theme = Theme::default();
    let a = render::figure_html(&j, &opts(Layout::Map, &theme, &labels, "map-1"));
    let b = render::figure_html(&j, &opts(Layout::Map, &theme, &labels, "map-2"));
    let (ia, ib) = (ids(&a), ids(&b));
    assert!(!ia.is_empty());
    assert!(ia.iter().all(|i| i.starts_with("map-1")) && ib.iter().all(|i| i.starts_with("map-2")));
    assert!(ia.iter().all(|i| !ib.contains(i)));
    let style = &a[a.find("<style>").unwrap() + 7..a.find("</style>").unwrap()];
    for rule in style.split('}').filter(|r| !r.is_empty()) {
        assert!(rule.starts_with("#map-1 "), "unscoped rule {rule}");
    }
}

#[test]
fn lanes_without_content_are_not_drawn() {
    let j = journey("title Plain\nsection S\n  Task: 3: Me\n");
    let labels = Labels::default();
    let svg = render::svg(&j, &opts(Layout::Map, &Theme::default(), &labels, "p"));
    for lane in [
        "Pain points",
        "Opportunities",
        "Backstage",
        "Line of visibility",
        "Thoughts",
    ] {
        assert!(!svg.contains(lane), "{lane} drawn without content");
    }
    assert!(svg.contains("Actions") && svg.contains("Emotion"));
}

#[test]
fn accessible_title_and_description() {
    let j = corpus("ebike-purchase.journey");
    let labels = Labels::default();
    let svg = render::svg(&j, &opts(Layout::Map, &Theme::default(), &labels, "a"));
    assert!(
        svg.contains("role=\"graphics-document\""),
        "a map with links lets assistive technology reach them"
    );
    let plain = render::svg(
        &journey("title P\nsection S\n  Step: 3\n"),
        &opts(Layout::Map, &Theme::default(), &labels, "b"),
    );
    assert!(plain.contains("role=\"img\""));
    assert!(svg.contains("aria-labelledby=\"a-title a-desc\""));
    assert!(svg.contains("<title id=\"a-title\">Buying an e-bike online</title>"));
    assert!(svg.contains("Lowest: Checks out on the web shop (-2)"));
    let fig = render::figure_html(&j, &opts(Layout::Map, &Theme::default(), &labels, "a"));
    assert!(
        fig.contains("aria-details=\"a-table\"")
            && fig.contains("<table class=\"waymark-table\" id=\"a-table\">")
    );
}

#[test]
fn a_stage_metric_spans_the_whole_stage() {
    let j = journey(
        "journey\ntitle Onboarding\nsection Setup\n  metric: Weekly activation 38%\n  Signs up: 3: Ana\n  Invites the team: 4: Ana\n  Connects the bank: 2: Ana\nsection Use\n  Sends an invoice: 4: Ana\n",
    );
    let labels = Labels::default();
    let theme = Theme::default();
    let scene = render::scene(&j, &opts(Layout::Map, &theme, &labels, "m"));
    check_scene(&scene, "stage metric");
    let cell_of = |text: &str| {
        let t = scene
            .texts()
            .into_iter()
            .find(|t| t.block.text().contains(text));
        t.unwrap_or_else(|| panic!("no {text:?} on the map")).cell
    };
    let metric = cell_of("Weekly activation");
    let (first, last) = (cell_of("Signs up"), cell_of("Connects the bank"));
    // The metric's card runs from the stage's first step card to its last.
    assert!(
        (metric.x - first.x).abs() < 0.5 && (metric.x + metric.w - last.x - last.w).abs() < 0.5,
        "metric {metric:?}, first step {first:?}, last step {last:?}"
    );
    assert!(metric.w < cell_of("Sends an invoice").x - first.x);
}

#[test]
fn the_map_explains_severity_dots_and_impact_and_effort_when_it_uses_them() {
    let labels = Labels::default();
    let theme = Theme::default();
    let texts = |src: &str| -> Vec<String> {
        let scene = render::scene(&journey(src), &opts(Layout::Map, &theme, &labels, "k"));
        check_scene(&scene, src);
        scene
            .texts()
            .iter()
            .map(|t| t.block.text().replace('\n', " "))
            .collect()
    };
    let plain = texts("journey\ntitle Plain\nsection A\n  Looks: 3: Ana\n");
    for word in ["Severity", "critical", "Impact = benefit to customers"] {
        assert!(!plain.iter().any(|t| t == word), "{word} without pains");
    }
    let rich = texts(
        "journey\ntitle Rich\nsection A\n  Looks: 3: Ana\n    pain: Slow {severity: high}\n    opportunity: Faster {impact: high}\n",
    );
    for word in [
        "Severity",
        "low",
        "medium",
        "high",
        "critical",
        "Opportunities",
    ] {
        assert!(
            rich.iter().any(|t| t == word),
            "no {word:?} in the key: {rich:?}"
        );
    }
    assert!(rich.iter().any(|t| t == "Impact = benefit to customers"));
    // Effort is explained only when an opportunity is rated by it.
    assert!(!rich.iter().any(|t| t == "Effort = work to deliver it"));
}

#[test]
fn storyboards_show_pains_and_opportunities_lead_on_where_rows_wrap_and_keep_feelings_plain() {
    use waymark::render::scene::{Item, Paint};
    let j = corpus("ebike-purchase.journey");
    let labels = Labels::default();
    let theme = Theme::default();
    let scene = render::scene(&j, &opts(Layout::Storyboard, &theme, &labels, "s"));
    check_scene(&scene, "storyboard");
    let texts = scene.texts();
    let find = |s: &str| {
        texts
            .iter()
            .find(|t| t.block.text().replace('\n', " ").contains(s))
            .unwrap_or_else(|| panic!("no {s:?} in the storyboard"))
    };
    assert_eq!(find("No mobile-wallet").paint, Paint::PainText);
    assert_eq!(find("Fund fresh").paint, Paint::OpportunityText);
    let anxious = find("Anxious");
    assert!(
        anxious.paint == Paint::Text && !anxious.block.bold,
        "feelings look like links"
    );
    // Four steps make two rows; a path runs down from under the first row into the second.
    let first_row_bottom = find("Checks out").cell.y + find("Checks out").cell.h;
    let second_row_top = find("Tells a colleague").cell.y;
    let wraps = scene.items.iter().any(|i| match i {
        Item::Path { d, .. } => {
            let ys: Vec<f64> = d
                .split(['M', 'L'])
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.split(' ').nth(1)?.parse().ok())
                .collect();
            ys.len() >= 3
                && ys
                    .iter()
                    .all(|y| *y >= first_row_bottom && *y <= second_row_top)
                && ys.first() < ys.last()
        }
        _ => false,
    });
    assert!(wraps, "no arrow where the row of panels wraps");
}

#[test]
fn dark_mdbook_themes_keep_pains_and_opportunities_coloured() {
    // The declarations the stylesheet gives light maps in mdBook's dark themes.
    let css = waymark::mdbook::BOOK_CSS;
    let mut vars = std::collections::BTreeMap::new();
    for rule in css.split('}') {
        let Some((selector, body)) = rule.split_once('{') else {
            continue;
        };
        if !selector.contains(".coal .waymark-theme-light") {
            continue;
        }
        for decl in body.split(';') {
            if let Some((k, v)) = decl.split_once(':') {
                vars.insert(k.trim().to_string(), v.trim().to_string());
            }
        }
    }
    let var = |k: &str| {
        vars.get(k)
            .cloned()
            .unwrap_or_else(|| panic!("no {k} for coal, navy and ayu"))
    };
    for (fill, text) in [
        ("--waymark-pain", "--waymark-pain-text"),
        ("--waymark-opportunity", "--waymark-opportunity-text"),
    ] {
        let (f, t) = (var(fill), var(text));
        assert!(
            f.starts_with('#') && t.starts_with('#'),
            "{fill}: {f}, {text}: {t}"
        );
        // Not a plain card's colours: the card is mdBook's page, its text mdBook's text.
        assert!(f != var("--waymark-card") && t != var("--waymark-text"));
        let c = contrast(&t, &f);
        assert!(c >= 4.5, "{text} on {fill}: contrast {c:.2}");
    }
    assert_ne!(var("--waymark-pain"), var("--waymark-opportunity"));
}

#[test]
fn long_links_on_a_map_break_between_their_parts() {
    let j = journey(
        "journey\ntitle Links\nsection Use\n  Checks health: 3: Ana\n    link: [Customer-Health-Score-Dashboard](https://example.com/d)\n",
    );
    let labels = Labels::default();
    let theme = Theme::default();
    let scene = render::scene(&j, &opts(Layout::Map, &theme, &labels, "l"));
    check_scene(&scene, "links");
    let link = scene
        .texts()
        .into_iter()
        .find(|t| t.block.text().starts_with("Customer"))
        .expect("the link's card");
    let lines: Vec<&str> = link.block.lines().collect();
    assert_eq!(lines, ["Customer-Health-", "Score-Dashboard"]);
}
