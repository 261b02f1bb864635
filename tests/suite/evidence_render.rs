//! Maps drawn from data: snapshots of a data-backed map and table, the text-fit invariant
//! over a generated corpus with evidence, maps without data unchanged, and the assumption
//! marks and key only where a journey uses data.

use super::render::{check_scene, journey, random_journey, text, Rng};
use std::path::Path;
use waymark::evidence::{attach, DataContext};
use waymark::journey::{
    Interval, Journey, JourneyEvidence, Layout, MetricEvidence, Point, QuoteEvidence, Scale,
    ScoreEvidence, SourceUse, StepEvidence, Target, TargetOp,
};
use waymark::render::{self, Labels, RenderOptions, Theme};

/// The journey of the snapshots: a survey (one step with enough answers, one with too
/// few), a funnel time series with a target, interview quotes, and a step nothing backs.
const JOURNEY: &str = "title Buying an e-bike online
persona Maya
scale -2..2
data survey: research/survey.csv {scale: 1..5}
data funnel: research/funnel.csv
data interviews: research/interviews.csv

section Discover
  metric: Visits per week {data: funnel, column: visits, target: > 1000}
  Sees an ad: survey: Maya
  Reads reviews: 1: Maya
section Buy
  Compares models: survey: Maya
    id: compare
  Checks out: survey: Maya
    id: checkout
    metric: Checkout drop-off {data: funnel, column: dropoff, target: < 30%}
    quotes: interviews {limit: 2}
";

const SURVEY: &str = "step,score,date
Sees an ad,4,2026-01-05
Sees an ad,5,2026-01-06
Sees an ad,3,2026-01-07
Sees an ad,4,2026-01-08
Sees an ad,4,2026-01-09
Sees an ad,5,2026-01-10
Sees an ad,4,2026-01-11
Sees an ad,3,2026-01-12
Sees an ad,4,2026-01-13
Sees an ad,5,2026-01-14
Sees an ad,4,2026-01-15
Sees an ad,4,2026-01-16
compare,2,2026-02-01
compare,4,2026-02-02
compare,3,2026-02-03
checkout,2,2026-03-01
checkout,3,2026-03-02
checkout,2,2026-03-03
checkout,1,2026-03-04
checkout,3,2026-03-05
checkout,2,2026-03-06
checkout,3,2026-03-07
checkout,2,2026-03-08
checkout,4,2026-03-09
checkout,2,2026-03-10
";

const FUNNEL: &str = "date,visits,dropoff
2026-01-05,930,38.5%
2026-01-12,975,36.0%
2026-01-19,1010,36.4%
2026-01-26,1040,34.1%
2026-02-02,1090,33.2%
";

const INTERVIEWS: &str = "step,text,source,date
checkout,I had no idea shipping was extra until the last page.,P07,2026-02-11
checkout,The form forgot my address twice.,P12,2026-03-02
";

/// A handbook folder with the data files and `text` as `map.md`.
fn folder(text: &str) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("research")).unwrap();
    for (name, body) in [
        ("survey.csv", SURVEY),
        ("funnel.csv", FUNNEL),
        ("interviews.csv", INTERVIEWS),
    ] {
        std::fs::write(dir.path().join("research").join(name), body).unwrap();
    }
    std::fs::write(
        dir.path().join("map.md"),
        format!("# Map\n\n```journey\n{text}```\n"),
    )
    .unwrap();
    dir
}

/// `text` parsed, its data read from `root`, as every command does.
fn backed(text: &str, root: &Path) -> Journey {
    let mut j = journey(text);
    let ctx = DataContext {
        root,
        base: "",
        shared: &[],
        min_n: waymark::evidence::DEFAULT_MIN_N,
        stale_after_days: waymark::evidence::DEFAULT_STALE_AFTER_DAYS,
        today: waymark::journey::validate::days_from_date("2026-04-01").unwrap(),
    };
    let found = attach(&mut j, &ctx);
    assert!(
        !found.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        found.diagnostics
    );
    j
}

fn opts<'a>(layout: Layout, theme: &'a Theme, labels: &'a Labels) -> RenderOptions<'a> {
    RenderOptions {
        layout,
        theme,
        id: "ev",
        persona: None,
        labels,
        comparison: None,
    }
}

#[test]
fn snapshots_of_a_map_and_a_table_drawn_from_data() {
    let dir = folder(JOURNEY);
    let j = backed(JOURNEY, dir.path());
    let (theme, labels) = (Theme::default(), Labels::default());
    let map = render::svg(&j, &opts(Layout::Map, &theme, &labels));
    // What the snapshot must show, named here so a changed snapshot cannot lose it unseen.
    for shown in [
        "n = 12",
        "n = 3",
        "Bar = 95 % confidence interval, n = answers",
        "Weak evidence: too few answers (n &lt; 10)",
        "Assumption = no data behind this step",
        ">Assumption</text>",
        "Checkout drop-off",
        "33.2 %",
        "▼ −0.9 pp · better",
        "✗ target &lt; 30 %: missed",
        "✓ target &gt; 1000: met",
        "P07 · 2026-02-11 ·",
    ] {
        assert!(map.contains(shown), "the map does not show {shown}");
    }
    insta::assert_snapshot!("evidence-map", map);
    let table = render::table_html(&j, &opts(Layout::Table, &theme, &labels));
    for shown in [
        "(n = 12, 95 % CI",
        "survey)",
        "weak evidence",
        "<small class=\"waymark-assumption\">(Assumption)</small>",
        "Checkout drop-off: 33.2 % (funnel, 2026-02-02); ▼ −0.9 pp since 2026-01-26, better; ✗ target &lt; 30 %: missed",
        "Visits per week: 1090 (funnel, 2026-02-02)",
        "Backed by evidence",
    ] {
        assert!(
            table.contains(shown) || map.contains(shown),
            "the table does not show {shown}"
        );
    }
    insta::assert_snapshot!("evidence-table", table);
    let picture = render::svg(&j, &opts(Layout::Table, &theme, &labels));
    insta::assert_snapshot!("evidence-table-svg", picture);
}

#[test]
fn the_description_counts_backed_steps_and_names_assumptions() {
    let dir = folder(JOURNEY);
    let j = backed(JOURNEY, dir.path());
    let map = render::svg(
        &j,
        &opts(Layout::Map, &Theme::default(), &Labels::default()),
    );
    assert!(
        map.contains(
            "Backed by evidence: 2 / 4 (50 %). Assumptions: Reads reviews, Compares models."
        ),
        "{}",
        &map[..map.find("</desc>").unwrap_or(0)]
    );
}

#[test]
fn timelines_and_storyboards_show_n_and_assumptions() {
    let dir = folder(JOURNEY);
    let j = backed(JOURNEY, dir.path());
    let (theme, labels) = (Theme::default(), Labels::default());
    for layout in [Layout::Timeline, Layout::Storyboard] {
        let svg = render::svg(&j, &opts(layout, &theme, &labels));
        assert!(svg.contains("n = 12"), "{}", layout.name());
        assert!(svg.contains(">Assumption</text>"), "{}", layout.name());
        check_scene(
            &render::scene(&j, &opts(layout, &theme, &labels)),
            layout.name(),
        );
    }
}

#[test]
fn assumptions_and_the_evidence_key_appear_only_on_maps_that_use_data() {
    let dir = folder(JOURNEY);
    let (theme, labels) = (Theme::default(), Labels::default());
    // The same steps with typed scores and no data lines, its evidence read all the same.
    let plain_text: String = JOURNEY
        .lines()
        .filter(|l| !l.starts_with("data ") && !l.contains("{data:") && !l.contains("quotes:"))
        .map(|l| l.replace(": survey:", ": 1:") + "\n")
        .collect();
    let plain = backed(&plain_text, dir.path());
    let with_data = backed(JOURNEY, dir.path());
    for layout in Layout::ALL {
        let o = opts(layout, &theme, &labels);
        let (a, b) = (render::svg(&with_data, &o), render::svg(&plain, &o));
        assert!(a.contains("Assumption"), "{}", layout.name());
        assert!(!b.contains("Assumption"), "{}", layout.name());
        assert!(!b.contains("Backed by evidence"), "{}", layout.name());
        let html = render::table_html(&plain, &o);
        assert!(!html.contains("Assumption"), "{}", layout.name());
    }
    let map = render::svg(&plain, &opts(Layout::Map, &theme, &labels));
    assert!(!map.contains("confidence interval") && !map.contains(">Evidence<"));
}

#[test]
fn a_map_without_data_is_drawn_exactly_as_before_its_evidence_was_read() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/extended");
    let (theme, labels) = (Theme::default(), Labels::default());
    for name in ["support-blueprint.journey", "ebike-purchase.journey"] {
        let text = std::fs::read_to_string(path.join(name)).unwrap();
        let text = match text.find("```journey\n") {
            Some(at) => {
                let body = &text[at + 11..];
                body[..body.find("```").unwrap()].to_string()
            }
            None => text,
        };
        let before = journey(&text);
        let after = backed(&text, &path);
        assert!(after.evidence.is_some(), "{name}: evidence was not read");
        for layout in Layout::ALL {
            let o = opts(layout, &theme, &labels);
            assert!(
                render::svg(&before, &o) == render::svg(&after, &o),
                "{name} ({}) changed once its evidence was read",
                layout.name()
            );
            assert!(render::table_html(&before, &o) == render::table_html(&after, &o));
        }
    }
}

#[test]
fn evidence_words_come_in_the_map_s_language() {
    let dir = folder(JOURNEY);
    let j = backed(JOURNEY, dir.path());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/de.toml");
    let file: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let words = file["map"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    let labels = Labels::from_map(words);
    let map = render::svg(&j, &opts(Layout::Map, &Theme::default(), &labels));
    for word in ["Annahme", "Belege", "verfehlt", "erreicht", "besser"] {
        assert!(map.contains(word), "{word}");
    }
    assert!(!map.contains(">Assumption<"));
}

#[test]
fn the_svg_command_draws_evidence_from_files_next_to_the_map() {
    let dir = folder(JOURNEY);
    let out = dir.path().join("out");
    for (layout, format) in [("map", "svg"), ("table", "svg"), ("map", "png")] {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
            .arg("svg")
            .arg(dir.path().join("map.md"))
            .args(["--layout", layout, "--format", format, "--out"])
            .arg(out.join(format!("{layout}-{format}")))
            .env("WAYMARK_TODAY", "2026-04-01")
            .output()
            .unwrap();
        assert!(run.status.success(), "{run:?}");
        let file = std::fs::read_dir(out.join(format!("{layout}-{format}")))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let bytes = std::fs::read(&file).unwrap();
        if format == "png" {
            assert!(bytes.starts_with(b"\x89PNG"));
        } else {
            let svg = String::from_utf8(bytes).unwrap();
            assert!(
                svg.contains("n = 12") && svg.contains("Assumption"),
                "{layout}"
            );
        }
    }
}

/// Evidence made up for a generated journey: scores from data (some weak, intervals up
/// to the scale's ends), metrics with long names, series and targets, pulled quotes, and
/// unbacked steps.
fn with_evidence(j: &mut Journey, rng: &mut Rng) {
    let scale: Scale = j.scale;
    let mut backed = 0;
    let mut steps = 0;
    for stage in &mut j.stages {
        if rng.below(2) == 0 {
            stage.metric_evidence.push(metric(rng));
        }
        for step in &mut stage.steps {
            steps += 1;
            let mut e = StepEvidence::default();
            if let Some(v) = step.score.filter(|_| rng.below(3) > 0) {
                let half = (rng.below(100) as f64 / 100.0) * (scale.max - scale.min);
                let n = rng.below(200);
                e.score = Some(Box::new(ScoreEvidence {
                    source: text(rng, 2),
                    n,
                    mean: v,
                    source_scale: scale,
                    interval: None,
                    journey_interval: (n > 1).then(|| Interval {
                        low: (v - half).max(scale.min),
                        high: (v + half).min(scale.max),
                    }),
                    weak: n < 10,
                    min_n: 10,
                }));
            }
            for _ in 0..rng.below(3) {
                e.metrics.push(metric(rng));
            }
            for _ in 0..rng.below(3) {
                let q = text(rng, 12);
                step.quotes.push(q.clone());
                e.quotes.push(QuoteEvidence {
                    text: q,
                    source: text(rng, 2),
                    from: (rng.below(3) > 0).then(|| text(rng, 3)),
                    date: Some("2026-01-31".into()),
                });
            }
            e.backed = e.score.as_ref().is_some_and(|s| !s.weak)
                || !e.metrics.is_empty()
                || !e.quotes.is_empty();
            backed += usize::from(e.backed);
            step.evidence = Some(e);
        }
    }
    j.evidence = Some(JourneyEvidence {
        backed,
        steps,
        sources: vec![SourceUse {
            name: "survey".into(),
            path: "survey.csv".into(),
            rows: 1,
            newest: None,
            stale: false,
        }],
    });
}

fn metric(rng: &mut Rng) -> MetricEvidence {
    let percent = rng.below(2) == 0;
    let series = (0..rng.below(40))
        .map(|i| Point {
            date: format!("2026-01-{:02}", 1 + i % 28),
            value: (rng.next() % 1_000_000) as f64 / [1.0, 100.0, 7.0][rng.below(3) as usize],
        })
        .collect::<Vec<_>>();
    let target = (rng.below(3) > 0).then(|| Target {
        op: [
            TargetOp::Below,
            TargetOp::AtMost,
            TargetOp::Above,
            TargetOp::AtLeast,
        ][rng.below(4) as usize],
        value: (rng.next() % 100_000) as f64 / 10.0,
        percent,
    });
    let meets_target = match (target, series.last()) {
        (Some(t), Some(p)) => Some(t.met_by(p.value)),
        _ => None,
    };
    MetricEvidence {
        label: text(rng, 6),
        source: text(rng, 2),
        column: "value".into(),
        percent,
        series,
        target,
        meets_target,
    }
}

#[test]
fn text_fits_in_a_generated_corpus_with_evidence() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (theme, labels) = (Theme::default(), Labels::default());
    let (mut bars, mut cards) = (0, 0);
    for n in 0..150 {
        let src = random_journey(&mut rng);
        let mut j = journey(&src);
        with_evidence(&mut j, &mut rng);
        let map = render::svg(&j, &opts(Layout::Map, &theme, &labels));
        bars += usize::from(map.contains(">n = "));
        cards += usize::from(map.contains("target "));
        for layout in Layout::ALL {
            let scene = render::scene(&j, &opts(layout, &theme, &labels));
            check_scene(
                &scene,
                &format!("journey {n} with evidence ({}):\n{src}", layout.name()),
            );
        }
    }
    // The corpus really draws evidence.
    assert!(
        bars > 50 && cards > 50,
        "{bars} maps with n, {cards} with targets"
    );
}
