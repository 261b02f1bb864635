//! Each map's emotion on one scale, so the journeys index compares maps scored 1..5,
//! -2..2 or 1..7: every score as a share of its own map's scale (0 % its lowest score,
//! 100 % its highest), summed up in words and drawn as a small strip (the curve above, the
//! range with the mean below) whose axes are the same for every map.

use super::one_line;
use crate::journey::Journey;
use crate::render::parts::score_text;
use serde::Serialize;

/// The strip's drawing area, in CSS pixels.
const WIDTH: f64 = 120.0;
/// The height of the curve; the range bar sits below it.
const CURVE: f64 = 26.0;
/// Room kept at the edges so dots are not cut off.
const PAD: f64 = 3.0;
/// Where the range bar's track starts, and its height.
const BAR_Y: f64 = CURVE + 4.0;
const BAR_H: f64 = 6.0;

/// A point of the strip.
#[derive(Serialize, Debug)]
pub(super) struct Point {
    x: String,
    y: String,
}

/// One map's emotion, normalised.
#[derive(Serialize, Debug)]
pub(super) struct Emotion {
    /// The mean, lowest and highest score as whole percent of the scale.
    pub mean: u32,
    pub min: u32,
    pub max: u32,
    /// The mean on the map's own scale, and the scale, as the author wrote them.
    pub raw_mean: String,
    pub scale_min: String,
    pub scale_max: String,
    /// The lowest step: its name, score and share of the scale.
    pub lowest: Lowest,
    /// The curve: one `points` list per run of scored steps (a step without a score
    /// breaks the line), and every scored step as a dot.
    pub lines: Vec<String>,
    pub dots: Vec<Point>,
    /// The lowest step's dot, ringed.
    pub low: Point,
    /// The middle of the scale, dashed across the curve.
    pub mid_y: String,
    /// The range bar: from `min` to `max` at `bar_x`/`bar_w`, the mean at `mean_x`.
    pub bar_x: String,
    pub bar_w: String,
    pub mean_x: String,
    /// The drawing's size and the bar's track.
    pub width: String,
    pub height: String,
    pub bar_y: String,
    pub bar_h: String,
}

/// The lowest step of a map.
#[derive(Serialize, Debug)]
pub(super) struct Lowest {
    pub step: String,
    pub score: String,
    pub percent: u32,
}

/// A length in the strip, written the same way on every machine.
fn n(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// A share of the scale (0.0 to 1.0) as whole percent, half away from zero, so that
/// 87.5 % reads 88 % however the float formats.
fn percent(share: f64) -> u32 {
    (share * 100.0).round().clamp(0.0, 100.0) as u32
}

/// `j`'s emotion on the 0–100 % scale; `None` when no step has a score or the scale has
/// no width.
pub(super) fn emotion(j: &Journey) -> Option<Emotion> {
    let scale = j.scale;
    if scale.max <= scale.min {
        return None;
    }
    let steps: Vec<_> = j.steps().collect();
    let scored: Vec<(usize, f64)> = steps
        .iter()
        .enumerate()
        .filter_map(|(k, s)| s.score.map(|v| (k, v)))
        .collect();
    let (&(low_k, low_v), _) = scored
        .iter()
        .zip(0..)
        // The first of equally low steps, as the map marks it.
        .min_by(|a, b| a.0 .1.total_cmp(&b.0 .1).then(a.1.cmp(&b.1)))?;
    let share = |v: f64| scale.fraction(v);
    let mean_v = scored.iter().map(|s| s.1).sum::<f64>() / scored.len() as f64;
    let max_v = scored.iter().map(|s| s.1).fold(f64::MIN, f64::max);
    let x = |k: usize| {
        if steps.len() < 2 {
            WIDTH / 2.0
        } else {
            PAD + (WIDTH - 2.0 * PAD) * k as f64 / (steps.len() - 1) as f64
        }
    };
    let y = |f: f64| PAD + (CURVE - 2.0 * PAD) * (1.0 - f);
    let point = |k: usize, v: f64| Point {
        x: n(x(k)),
        y: n(y(share(v))),
    };
    let mut runs: Vec<Vec<String>> = Vec::new();
    let mut last = None;
    for &(k, v) in &scored {
        if last.is_none_or(|l| l + 1 != k) {
            runs.push(Vec::new());
        }
        if let Some(run) = runs.last_mut() {
            run.push(format!("{},{}", n(x(k)), n(y(share(v)))));
        }
        last = Some(k);
    }
    let lines = runs
        .into_iter()
        .filter(|r| r.len() > 1)
        .map(|r| r.join(" "))
        .collect();
    let bar = |f: f64| PAD + (WIDTH - 2.0 * PAD) * f;
    let (lo, hi) = (share(low_v), share(max_v));
    Some(Emotion {
        mean: percent(share(mean_v)),
        min: percent(lo),
        max: percent(hi),
        raw_mean: score_text(mean_v),
        scale_min: score_text(scale.min),
        scale_max: score_text(scale.max),
        lowest: Lowest {
            step: one_line(&steps[low_k].name),
            score: score_text(low_v),
            percent: percent(lo),
        },
        lines,
        dots: scored.iter().map(|&(k, v)| point(k, v)).collect(),
        low: point(low_k, low_v),
        mid_y: n(y(0.5)),
        bar_x: n(bar(lo)),
        // A map whose steps all score the same still shows a sliver.
        bar_w: n((bar(hi) - bar(lo)).max(2.0)),
        mean_x: n(bar(share(mean_v))),
        width: n(WIDTH),
        height: n(BAR_Y + BAR_H + 1.0),
        bar_y: n(BAR_Y),
        bar_h: n(BAR_H),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journey(src: &str) -> Journey {
        crate::journey::parse_source(src, crate::journey::SourceKind::Journey, Default::default())
            .journeys
            .remove(0)
    }

    #[test]
    fn maps_on_different_scales_land_on_the_same_percentages() {
        let five = emotion(&journey("section S\n  A: 2\n  B: 5\n  C: 4\n")).unwrap();
        let two = emotion(&journey(
            "scale -2..2\nsection S\n  A: -1\n  B: 2\n  C: 1\n",
        ))
        .unwrap();
        for e in [&five, &two] {
            assert_eq!((e.min, e.mean, e.max), (25, 67, 100));
            assert_eq!(e.lowest.step, "A");
            assert_eq!(e.lowest.percent, 25);
            assert_eq!(e.lines, ["3,18 60,3 117,8"]);
        }
        assert_eq!(two.raw_mean, "0.67");
    }

    #[test]
    fn a_step_without_score_breaks_the_curve_and_no_score_means_nothing_to_compare() {
        let e = emotion(&journey("section S\n  A: 1\n  B\n  C: 3\n  D: 5\n")).unwrap();
        assert_eq!(e.lines.len(), 1, "{:?}", e.lines);
        assert_eq!(e.dots.len(), 3);
        assert!(emotion(&journey("section S\n  A\n")).is_none());
    }
}
