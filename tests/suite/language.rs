//! The journey language's extensions, one construct at a time, and its diagnostics.

use std::path::Path;
use waymark::diagnostics::{report, Level};
use waymark::journey::{
    parse_source, source::FenceOptions, validate, Journey, Layout, Rating, Severity, SourceKind,
    SourceParse,
};

fn parse(text: &str) -> SourceParse {
    parse_source(text, SourceKind::Journey, FenceOptions::default())
}

fn journey(text: &str) -> Journey {
    let p = parse(text);
    let errors: Vec<_> = p.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:#?}");
    assert_eq!(p.journeys.len(), 1);
    p.journeys.into_iter().next().unwrap()
}

fn messages(text: &str) -> Vec<(Level, String)> {
    parse(text)
        .diagnostics
        .into_iter()
        .map(|d| (d.level, d.message))
        .collect()
}

/// The rendered report of every diagnostic, as a person sees it.
fn shown(name: &str, text: &str) -> String {
    let p = parse_source(text, SourceKind::Markdown, FenceOptions::default());
    report(Path::new(name), text, &p.diagnostics, false)
}

#[test]
fn journey_keywords() {
    let j = journey(
        "title Buying an e-bike\npersona Maya\nscale -2..2\nreviewed 2026-09-30\nowner Growth team\nmarket DE\nlang de-AT\nlayout timeline\ntheme dark\ngoal Learn why people drop out\nsection A\n  S: 1\nsection B\n  T: -2\nloop B -> A: referrals\n",
    );
    assert_eq!(j.title.as_deref(), Some("Buying an e-bike"));
    assert_eq!(j.persona.as_deref(), Some("Maya"));
    assert_eq!((j.scale.min, j.scale.max), (-2.0, 2.0));
    assert_eq!(j.reviewed.as_deref(), Some("2026-09-30"));
    assert_eq!(j.owner.as_deref(), Some("Growth team"));
    assert_eq!(j.market.as_deref(), Some("DE"));
    assert_eq!(j.lang.as_deref(), Some("de-AT"));
    assert_eq!(j.layout, Some(Layout::Timeline));
    assert_eq!(j.theme.as_deref(), Some("dark"));
    assert_eq!(j.goal.as_deref(), Some("Learn why people drop out"));
    assert_eq!(j.loops.len(), 1);
    assert_eq!(
        (j.loops[0].from.as_str(), j.loops[0].to.as_str()),
        ("B", "A")
    );
    assert_eq!(j.loops[0].label.as_deref(), Some("referrals"));
}

#[test]
fn stage_attributes_and_phase() {
    let j = journey("section Awareness\n  phase: Acquisition\n  goal: Learn about us\n  metric: 12% reach\n  Sees ad: 3\n");
    let s = &j.stages[0];
    assert_eq!(s.phase.as_deref(), Some("Acquisition"));
    assert_eq!(s.goal.as_deref(), Some("Learn about us"));
    assert_eq!(s.metrics, ["12% reach"]);
    assert_eq!(s.steps.len(), 1);
}

#[test]
fn every_step_lane() {
    let j = journey(
        "section S\n  Checks out: 2: Maya\n    touchpoint: Checkout page\n    channel: web\n    thought: Is this safe?\n    feeling: Anxious\n    need: Pay by wallet\n    barrier: No wallet option\n    pain: Card only {severity: critical}\n    opportunity: Add wallets {impact: high, effort: low}\n    frontstage: Chat agent answers\n    backstage: Fraud check\n    support: Payment provider\n    metric: 41% drop-off\n    quote: \"I gave up\"\n    evidence: Survey 2026\n    link: [Funnel](https://example.com/funnel)\n    image: ![Checkout](img/checkout.png)\n    note: Seen in usability tests\n",
    );
    let s = &j.stages[0].steps[0];
    assert_eq!(s.touchpoints, ["Checkout page"]);
    assert_eq!(s.channels, ["web"]);
    assert_eq!(s.thoughts, ["Is this safe?"]);
    assert_eq!(s.feelings, ["Anxious"]);
    assert_eq!(s.needs, ["Pay by wallet"]);
    assert_eq!(s.barriers, ["No wallet option"]);
    assert_eq!(s.pains[0].text, "Card only");
    assert_eq!(s.pains[0].severity, Severity::Critical);
    assert_eq!(s.opportunities[0].text, "Add wallets");
    assert_eq!(s.opportunities[0].impact, Some(Rating::High));
    assert_eq!(s.opportunities[0].effort, Some(Rating::Low));
    assert_eq!(s.frontstage, ["Chat agent answers"]);
    assert_eq!(s.backstage, ["Fraud check"]);
    assert_eq!(s.support, ["Payment provider"]);
    assert_eq!(s.metrics, ["41% drop-off"]);
    assert_eq!(s.quotes, ["\"I gave up\"", "Survey 2026"]);
    assert_eq!(s.links[0].label, "Funnel");
    assert_eq!(s.links[0].url, "https://example.com/funnel");
    assert_eq!(s.images[0].alt, "Checkout");
    assert_eq!(s.images[0].url, "img/checkout.png");
    assert_eq!(s.notes, ["Seen in usability tests"]);
}

#[test]
fn plural_lane_names_and_repeats() {
    let j =
        journey("section S\n  Step: 3\n    thoughts: one\n    thought: two\n    pains: hurts\n");
    let s = &j.stages[0].steps[0];
    assert_eq!(s.thoughts, ["one", "two"]);
    assert_eq!(s.pains[0].severity, Severity::Medium);
}

#[test]
fn severity_and_ratings_as_numbers() {
    let j = journey("section S\n  Step: 3\n    pain: a {severity: 1}\n    pain: b {severity: 3}\n    opportunity: c {impact: 2, effort: 3}\n    opportunity: d\n");
    let s = &j.stages[0].steps[0];
    assert_eq!(s.pains[0].severity, Severity::Low);
    assert_eq!(s.pains[1].severity, Severity::High);
    assert_eq!(s.opportunities[0].impact, Some(Rating::Medium));
    assert_eq!(s.opportunities[0].effort, Some(Rating::High));
    assert_eq!(s.opportunities[1].impact, None);
}

#[test]
fn steps_without_scores() {
    let j =
        journey("section S\n  Reads the FAQ:\n  Calls support: -: Maya\n  Waits: : Maya, Sam\n");
    let steps = &j.stages[0].steps;
    assert!(steps.iter().all(|s| s.score.is_none()));
    assert_eq!(steps[1].actors, ["Maya"]);
    assert_eq!(steps[2].actors, ["Maya", "Sam"]);
}

#[test]
fn numeric_lane_values_under_a_step() {
    // Indented under a step, `metric: 41` is a lane, not a Mermaid task.
    let j = journey("section S\n  Step: 3\n    metric: 41\n");
    assert_eq!(j.stages[0].steps.len(), 1);
    assert_eq!(j.stages[0].steps[0].metrics, ["41"]);
    // At the step's own indentation it stays a Mermaid task named `metric`.
    let j = journey("section S\n  Step: 3\n  metric: 4\n");
    assert_eq!(j.stages[0].steps.len(), 2);
}

#[test]
fn metric_under_section_is_the_stages() {
    let j = journey("section S\n  Step: 3\n  metric: NPS 42\n    metric: step level\n");
    assert_eq!(j.stages[0].metrics, ["NPS 42"]);
    assert_eq!(j.stages[0].steps[0].metrics, ["step level"]);
    let j = journey("section S\n  Step: 3\n    metric: step level\n");
    assert_eq!(j.stages[0].steps[0].metrics, ["step level"]);
}

#[test]
fn persona_definitions() {
    let p = parse("persona Maya\n  role: Commuter, 34\n  about: Rides to work\n  goal: Arrive on time\n  goal: Save money\n  frustration: Crowded buses\n  quote: I just want to get there\n  image: ![Maya](maya.png)\npersona Sam\n  role: Fleet manager\n");
    assert!(
        p.journeys.is_empty(),
        "a block of persona definitions is no journey"
    );
    assert_eq!(p.personas.len(), 2);
    let maya = &p.personas[0];
    assert_eq!(maya.role.as_deref(), Some("Commuter, 34"));
    assert_eq!(maya.about.as_deref(), Some("Rides to work"));
    assert_eq!(maya.goals, ["Arrive on time", "Save money"]);
    assert_eq!(maya.frustrations, ["Crowded buses"]);
    assert_eq!(maya.quote.as_deref(), Some("I just want to get there"));
    assert_eq!(
        maya.image.as_ref().map(|i| i.url.as_str()),
        Some("maya.png")
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

#[test]
fn persona_defined_inside_a_journey() {
    let p = parse("title T\npersona Maya\n  role: Commuter\nsection S\n  Step: 3: Maya\n");
    assert_eq!(p.journeys.len(), 1);
    assert_eq!(p.journeys[0].persona.as_deref(), Some("Maya"));
    assert_eq!(p.personas.len(), 1);
    assert_eq!(p.personas[0].role.as_deref(), Some("Commuter"));
}

#[test]
fn fence_attributes() {
    let doc = "```journey layout=table theme=high-contrast lang=sv\nlayout map\ntheme dark\nlang de\nsection S\n  Step: 3\n```\n";
    let p = parse_source(doc, SourceKind::Markdown, FenceOptions::default());
    let j = &p.journeys[0];
    assert_eq!(
        j.layout,
        Some(Layout::Table),
        "the fence wins over the block"
    );
    assert_eq!(j.theme.as_deref(), Some("high-contrast"));
    assert_eq!(j.lang.as_deref(), Some("sv"));
    assert!(p.diagnostics.is_empty());
}

#[test]
fn spans_point_into_the_markdown_file() {
    let doc = "# Title\n\nSome text.\n\n> ```journey\n> section S\n>   Step: ?\n> ```\n";
    let p = parse_source(doc, SourceKind::Markdown, FenceOptions::default());
    let d = &p.diagnostics[0];
    assert_eq!(&doc[d.span.start..d.span.end], "?");
    let (line, col) = waymark::diagnostics::line_column(doc, d.span.start);
    assert_eq!((line, col), (7, 11));
}

#[test]
fn unicode_text_everywhere() {
    let j = journey("title Покупка велосипеда\nsection Осведомлённость\n  Видит рекламу 🚲: 4: Мария\n    thought: 安いですか？\n    feeling: Überrascht\n");
    assert_eq!(j.title.as_deref(), Some("Покупка велосипеда"));
    assert_eq!(j.stages[0].steps[0].name, "Видит рекламу 🚲");
    assert_eq!(j.stages[0].steps[0].actors, ["Мария"]);
    assert_eq!(j.stages[0].steps[0].thoughts, ["安いですか？"]);
}

#[test]
fn warnings_do_not_stop_the_journey() {
    let m = messages("scale 1..5\nsection Empty\nsection S\n  Too happy: 9\nloop S -> Nowhere\n");
    assert!(m.iter().all(|(l, _)| *l == Level::Warning), "{m:?}");
    assert!(m.iter().any(|(_, s)| s.contains("has no steps")));
    assert!(m.iter().any(|(_, s)| s.contains("outside the scale")));
    assert!(m.iter().any(|(_, s)| s.contains("Nowhere")));
}

#[test]
fn all_problems_in_a_block_are_reported_at_once() {
    let m = messages("titel X\nscale 5..1\nreviewed 2026-02-30\nlayout grid\nsection S\n  Step: 4x\n    chanel: web\n    pain: x {severty: 2}\n    link: javascript:alert(1)\n");
    let errors = m.iter().filter(|(l, _)| *l == Level::Error).count();
    assert_eq!(errors, 8, "{m:#?}");
}

#[test]
fn cross_file_checks() {
    let p = parse("title T\npersona Mya\nreviewed 2025-01-01\nsection S\n  Step: 3\n");
    let defs = parse("persona Maya\n  role: Commuter\n").personas;
    let ctx = validate::Context {
        personas: &defs,
        today: validate::days_from_date("2026-11-24"),
        stale_after_days: 180,
    };
    let d = validate::check_journey(&p.journeys[0], &ctx);
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(d[0].message.contains("`Mya` is not defined"));
    assert_eq!(d[0].help.as_deref(), Some("did you mean `Maya`?"));
    assert!(d[1].message.contains("last reviewed 692 days ago"));
    let fresh = validate::Context {
        today: validate::days_from_date("2025-02-01"),
        ..ctx
    };
    assert_eq!(validate::check_journey(&p.journeys[0], &fresh).len(), 1);
}

#[test]
fn diagnostics_are_shown_with_file_line_caret_and_help() {
    let doc = "# Checkout\n\n```journey layout=grid colour=red\ntitel Checkout\npersona: Maya\nsection Pay\n  Enters card: 3 stars: Maya\n    chanel: web\n    pain: Slow {severity: huge}\n    opportunity: Faster {impact: big}\n    link: javascript:alert(1)\n  goal:\n```\n";
    insta::assert_snapshot!("diagnostics_markdown", shown("docs/checkout.md", doc));
}

#[test]
fn diagnostics_for_structure_problems() {
    let doc = "```journey\n---\ntitle: Never closed\nsection S\n```\n\n```journey\naccDescr {\n  never closed\n```\n\n```journey\n```\n\n```journey\n  channel: web\nJust words here\nsection\nscale one..five\nlang 123\nloop A\n```\n";
    insta::assert_snapshot!("diagnostics_structure", shown("guide.md", doc));
}
