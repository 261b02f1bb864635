//! Comparing journeys on a map: several personas' curves, an older version laid over
//! the new one (`diff::overlay`), `waymark diff --svg`, and future-state maps that read
//! their counterpart.

use super::common::waymark_in;
use super::render::{check_scene, journey, random_journey, Rng};
use waymark::diff;
use waymark::journey::Layout;
use waymark::render::{self, Labels, RenderOptions, Theme};

fn opts<'a>(
    theme: &'a Theme,
    labels: &'a Labels,
    comparison: Option<&'a diff::Comparison>,
) -> RenderOptions<'a> {
    RenderOptions {
        layout: Layout::Map,
        theme,
        id: "m",
        persona: None,
        labels,
        comparison,
    }
}

/// `text` with other personas' scores under (about) every step.
fn with_personas(text: &str, rng: &mut Rng) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        // A step line: two spaces, then `name: score: actors` with a number as score.
        let step = line.starts_with("  ")
            && !line.starts_with("   ")
            && !["phase", "goal", "metric"]
                .contains(&line.trim_start().split(':').next().unwrap_or(""))
            && line
                .split(':')
                .nth(1)
                .is_some_and(|v| v.trim().parse::<i64>().is_ok());
        if step && rng.below(4) != 0 {
            let ana = rng.below(5) as i64 - 2;
            if rng.below(2) == 0 {
                out.push_str(&format!(
                    "    scores: Tom {}, Ana {ana}\n",
                    rng.below(5) as i64 - 2
                ));
            } else {
                out.push_str(&format!("    scores: Ana {ana}\n"));
            }
        }
    }
    out
}

/// Every third step left out, with the lines under it: a version with steps removed.
fn without_some_steps(text: &str) -> String {
    let (mut n, mut dropping) = (0, false);
    let mut out = String::new();
    for l in text.lines() {
        let step = l.starts_with("  ") && !l.starts_with("   ") && l.split(':').count() >= 3;
        if step {
            n += 1;
            dropping = n % 3 == 0;
        } else if !l.starts_with("    ") {
            dropping = false;
        }
        if !dropping {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

#[test]
fn generated_compared_and_multi_persona_maps_keep_text_in_cells() {
    let (theme, labels) = (Theme::default(), Labels::default());
    let mut rng = Rng(0x5eed_c0de);
    for case in 0..120 {
        let text = with_personas(&random_journey(&mut rng), &mut rng);
        let new = journey(&text);
        let others = [
            journey(&without_some_steps(&text)),
            journey(&random_journey(&mut rng)),
            new.clone(),
        ];
        let scene = render::scene(&new, &opts(&theme, &labels, None));
        check_scene(&scene, &format!("personas case {case}"));
        for (k, old) in others.iter().enumerate() {
            for (a, b) in [(old, &new), (&new, old)] {
                let c = diff::overlay(a, b);
                let scene = render::scene(b, &opts(&theme, &labels, Some(&c)));
                check_scene(&scene, &format!("overlay case {case}/{k}"));
            }
        }
    }
}

const PERSONAS: &str = "title Buy a phone\npersona Maya\nsection Discover\n  See an ad: 3: Maya\n    scores: Tom 2, Ana 4\n  Compare: 2: Maya\n    scores: Tom 1, Ana 3\nsection Buy\n  Pay: 1: Maya\n    scores: Tom 4\n";

#[test]
fn every_persona_gets_a_curve_with_its_own_dash_pattern_and_a_key_entry() {
    let (theme, labels) = (Theme::default(), Labels::default());
    let j = journey(PERSONAS);
    let svg = render::svg(&j, &opts(&theme, &labels, None));
    for (n, name) in ["Tom", "Ana"].iter().enumerate() {
        let dash = ["8 4", "2 3"][n];
        assert!(
            svg.contains(&format!(
                "stroke-dasharray=\"{dash}\" data-s=\"persona-{n}\""
            )),
            "{name}'s curve is not drawn with its own dash pattern"
        );
        assert!(
            svg.contains(&format!(">{name}</text>")),
            "no key entry for {name}"
        );
    }
    assert!(
        svg.contains("Pay, Tom: 4"),
        "a point names its persona and score"
    );
}

#[test]
fn a_map_without_other_personas_or_comparison_draws_no_curves_key() {
    let (theme, labels) = (Theme::default(), Labels::default());
    let j = journey("title T\nsection S\n  A: 3: Me\n  B: 4: Me\n");
    let svg = render::svg(&j, &opts(&theme, &labels, None));
    assert!(!svg.contains("Curves") && !svg.contains("persona-0"));
}

#[test]
fn the_overlay_marks_added_changed_and_removed_steps_and_draws_the_old_curve() {
    let old = journey("title T\nsection A\n  One: 3: Me\n  Two: 2: Me\n  Gone: 2: Me\nsection B\n  Three: 2: Me\n");
    let new = journey("title T\nsection A\n  One: 3: Me\n  Two: 4: Me\nsection B\n  Three: 2: Me\n  Brand new step: 5: Me\n");
    let c = diff::overlay(&old, &new);
    let marks: Vec<_> = c.steps.iter().flatten().map(|s| s.mark).collect();
    use diff::StepMark::*;
    assert_eq!(marks, [Same, Changed, Same, Added]);
    assert_eq!(c.removed, [vec!["Gone".to_string()], vec![]]);
    let (theme, labels) = (Theme::default(), Labels::default());
    let svg = render::svg(&new, &opts(&theme, &labels, Some(&c)));
    for needle in [
        ">Removed: Gone</text>",
        ">New</text>",
        ">Changed</text>",
        ">Before</text>",
        "Before: 2",
    ] {
        assert!(svg.contains(needle), "missing {needle}");
    }
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

const OLD: &str = "```journey\ntitle Buy\nstate current\nsection A\n  One: 3: Me\n  Two: 2: Me\n  Gone: 2: Me\n```\n";
const NEW: &str =
    "```journey\ntitle Buy\nsection A\n  One: 3: Me\n  Two: 4: Me\n  Brand new step: 5: Me\n```\n";

#[test]
fn diff_svg_writes_the_new_map_with_the_old_one_over_it() {
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), "old.md", OLD);
    write(dir.path(), "new.md", NEW);
    let out = waymark_in(
        dir.path(),
        &["diff", "old.md", "new.md", "--svg", "pics/d.svg"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(dir.path().join("pics/d.svg")).unwrap();
    assert!(
        svg.starts_with("<svg")
            && svg.contains(">Removed: Gone</text>")
            && svg.contains(">New</text>")
    );
    // The report is still printed.
    assert!(String::from_utf8_lossy(&out.stdout).contains("Gone"));
}

fn future(counterpart: &str) -> String {
    format!("```journey\ntitle Buy\nstate future\ncounterpart {counterpart}\nsection A\n  One: 3: Me\n  Two: 4: Me\n```\n")
}

#[test]
fn a_future_map_draws_its_counterpart() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("maps")).unwrap();
    // The root nothing is read outside of: the folder with `.git`.
    write(dir.path(), ".git", "");
    write(dir.path(), "old.md", OLD);
    write(dir.path(), "maps/new.md", &future("../old.md"));
    let out = waymark_in(dir.path(), &["svg", "maps/new.md", "--out", "o"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(dir.path().join("o/buy.svg")).unwrap();
    assert!(svg.contains(">Removed: Gone</text>") && svg.contains(">Before</text>"));
}

#[test]
fn counterpart_problems_are_located_at_the_counterpart_line() {
    let dir = tempfile::TempDir::new().unwrap();
    write(dir.path(), ".git", "");
    write(dir.path(), "old.md", OLD);
    write(dir.path(), "empty.md", "no journey here\n");
    write(
        dir.path(),
        "future.md",
        &future("x.md").replace("state current", ""),
    );
    write(
        dir.path(),
        "other.md",
        &OLD.replace("section A", "section Z"),
    );
    let cases = [
        ("missing.md", "cannot read counterpart `missing.md`"),
        ("empty.md", "the file holds no journey"),
        ("old.md \"Nope\"", "no journey titled `Nope`"),
        ("future.md", "must be `state current`"),
        ("../outside.md", "is outside"),
    ];
    for (cp, expect) in cases {
        write(dir.path(), "new.md", &future(cp));
        let out = waymark_in(dir.path(), &["svg", "new.md", "--out", "o"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{cp}: {err}");
        assert!(err.contains(expect), "{cp}: {err}");
        assert!(
            err.contains("new.md:4:"),
            "{cp}: not located at the counterpart line: {err}"
        );
    }
    write(dir.path(), "new.md", &future("other.md"));
    let out = waymark_in(dir.path(), &["svg", "new.md", "--out", "o"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("stages differ") && err.contains("`Z`") && err.contains("`A`"),
        "{err}"
    );
}
