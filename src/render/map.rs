//! The `map` layout: the customer journey map as practitioners draw it. A header, stage
//! columns (under phase bands), then one lane per kind of content the journey has, the
//! emotion curve across, and the service blueprint below the line of visibility.

use super::parts::{self, channel_kind, draw_card, Card, CardStyle, BODY, SMALL};
use super::scene::{num, text_box, Anchor, Bounds, Item, Paint, Scene};
use super::RenderOptions;
use crate::journey::{Journey, Stage, Step};

const PAD: f64 = 16.0;
const LABEL_W: f64 = 150.0;
const COL_W: f64 = 184.0;
const CELL_PAD: f64 = 8.0;
const GAP: f64 = 6.0;
const EMOTION_H: f64 = 168.0;
const FACE_R: f64 = 11.0;
const LEGEND_W: f64 = 210.0;

/// A column: one step of a stage, or an empty stage's placeholder.
struct Column<'a> {
    stage: usize,
    step: Option<&'a Step>,
}

/// The kinds of lane, in the order they are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lane {
    Actions,
    Touchpoints,
    Thoughts,
    Feelings,
    Emotion,
    Needs,
    Barriers,
    Pains,
    Opportunities,
    Visibility,
    Frontstage,
    Backstage,
    Support,
    Metrics,
    Quotes,
    Notes,
    Links,
}

impl Lane {
    fn label_key(self) -> &'static str {
        match self {
            Lane::Actions => "actions",
            Lane::Touchpoints => "touchpoints",
            Lane::Thoughts => "thought",
            Lane::Feelings => "feeling",
            Lane::Emotion => "emotion",
            Lane::Needs => "need",
            Lane::Barriers => "barrier",
            Lane::Pains => "pain",
            Lane::Opportunities => "opportunity",
            Lane::Visibility => "line_of_visibility",
            Lane::Frontstage => "frontstage",
            Lane::Backstage => "backstage",
            Lane::Support => "support",
            Lane::Metrics => "metric",
            Lane::Quotes => "quote",
            Lane::Notes => "note",
            Lane::Links => "link",
        }
    }
}

/// The cards of one lane for one column.
fn cards<'a>(
    lane: Lane,
    col: &Column<'a>,
    stages: &'a [Stage],
    opts: &RenderOptions<'a>,
    first_of_stage: bool,
) -> Vec<Card<'a>> {
    let l = opts.labels;
    let Some(step) = col.step else {
        if lane == Lane::Metrics && first_of_stage {
            return stage_metric_cards(&stages[col.stage]);
        }
        return Vec::new();
    };
    let texts = |v: &'a [String], style: CardStyle| -> Vec<Card<'a>> {
        v.iter()
            .map(|t| Card {
                style,
                ..Card::plain(t.as_str())
            })
            .collect()
    };
    match lane {
        Lane::Actions => {
            let footer = (!step.actors.is_empty()).then(|| step.actors.join(" · "));
            vec![Card {
                style: CardStyle {
                    bold: true,
                    ..CardStyle::PLAIN
                },
                footer,
                ..Card::plain(step.name.as_str())
            }]
        }
        Lane::Touchpoints => {
            let mut v: Vec<Card<'a>> = step
                .channels
                .iter()
                .map(|c| Card {
                    icon: Some(channel_kind(c)),
                    ..Card::plain(c.as_str())
                })
                .collect();
            v.extend(step.touchpoints.iter().map(|t| Card {
                style: CardStyle {
                    fill: Paint::LaneAlt,
                    ..CardStyle::PLAIN
                },
                ..Card::plain(t.as_str())
            }));
            v
        }
        Lane::Thoughts => step
            .thoughts
            .iter()
            .map(|t| Card {
                style: CardStyle {
                    italic: true,
                    ..CardStyle::PLAIN
                },
                ..Card::plain(format!("“{t}”"))
            })
            .collect(),
        Lane::Feelings => texts(&step.feelings, CardStyle::PLAIN),
        Lane::Needs => texts(&step.needs, CardStyle::PLAIN),
        Lane::Barriers => texts(
            &step.barriers,
            CardStyle {
                dashed: true,
                ..CardStyle::PLAIN
            },
        ),
        Lane::Pains => step
            .pains
            .iter()
            .map(|p| Card {
                style: CardStyle {
                    fill: Paint::Pain,
                    border: Paint::PainText,
                    text: Paint::PainText,
                    dashed: false,
                    italic: false,
                    bold: false,
                },
                dots: Some((
                    p.severity.rank(),
                    4,
                    format!("{}: {}", l.get("severity"), l.get(p.severity.name())),
                )),
                ..Card::plain(p.text.as_str())
            })
            .collect(),
        Lane::Opportunities => step
            .opportunities
            .iter()
            .map(|o| {
                let mut parts = Vec::new();
                if let Some(i) = o.impact {
                    parts.push(format!("{}: {}", l.get("impact"), l.get(i.name())));
                }
                if let Some(e) = o.effort {
                    parts.push(format!("{}: {}", l.get("effort"), l.get(e.name())));
                }
                Card {
                    style: CardStyle {
                        fill: Paint::Opportunity,
                        border: Paint::OpportunityText,
                        text: Paint::OpportunityText,
                        dashed: true,
                        italic: false,
                        bold: false,
                    },
                    footer: (!parts.is_empty()).then(|| parts.join(" · ")),
                    ..Card::plain(o.text.as_str())
                }
            })
            .collect(),
        Lane::Frontstage => texts(&step.frontstage, CardStyle::PLAIN),
        Lane::Backstage => texts(&step.backstage, CardStyle::PLAIN),
        Lane::Support => texts(&step.support, CardStyle::PLAIN),
        Lane::Metrics => {
            let mut v = if first_of_stage {
                stage_metric_cards(&stages[col.stage])
            } else {
                Vec::new()
            };
            v.extend(texts(&step.metrics, CardStyle::PLAIN));
            v
        }
        Lane::Quotes => texts(
            &step.quotes,
            CardStyle {
                italic: true,
                ..CardStyle::PLAIN
            },
        ),
        Lane::Notes => texts(&step.notes, CardStyle::PLAIN),
        Lane::Links => step
            .links
            .iter()
            .map(|k| Card {
                style: CardStyle {
                    text: Paint::Curve,
                    ..CardStyle::PLAIN
                },
                href: Some(k.url.clone()),
                ..Card::plain(k.label.as_str())
            })
            .collect(),
        Lane::Emotion | Lane::Visibility => Vec::new(),
    }
}

fn stage_metric_cards(stage: &Stage) -> Vec<Card<'_>> {
    stage
        .metrics
        .iter()
        .map(|m| Card {
            style: CardStyle {
                bold: true,
                fill: Paint::Header,
                ..CardStyle::PLAIN
            },
            ..Card::plain(m.as_str())
        })
        .collect()
}

fn present(lane: Lane, j: &Journey) -> bool {
    let any = |f: &dyn Fn(&Step) -> bool| j.steps().any(f);
    match lane {
        Lane::Actions => true,
        Lane::Touchpoints => any(&|s| !s.channels.is_empty() || !s.touchpoints.is_empty()),
        Lane::Thoughts => any(&|s| !s.thoughts.is_empty()),
        Lane::Feelings => any(&|s| !s.feelings.is_empty()),
        Lane::Emotion => any(&|s| s.score.is_some()),
        Lane::Needs => any(&|s| !s.needs.is_empty()),
        Lane::Barriers => any(&|s| !s.barriers.is_empty()),
        Lane::Pains => any(&|s| !s.pains.is_empty()),
        Lane::Opportunities => any(&|s| !s.opportunities.is_empty()),
        Lane::Visibility => [Lane::Frontstage, Lane::Backstage, Lane::Support]
            .iter()
            .any(|l| present(*l, j)),
        Lane::Frontstage => any(&|s| !s.frontstage.is_empty()),
        Lane::Backstage => any(&|s| !s.backstage.is_empty()),
        Lane::Support => any(&|s| !s.support.is_empty()),
        Lane::Metrics => {
            any(&|s| !s.metrics.is_empty()) || j.stages.iter().any(|s| !s.metrics.is_empty())
        }
        Lane::Quotes => any(&|s| !s.quotes.is_empty()),
        Lane::Notes => any(&|s| !s.notes.is_empty()),
        Lane::Links => any(&|s| !s.links.is_empty()),
    }
}

const LANES: [Lane; 17] = [
    Lane::Actions,
    Lane::Touchpoints,
    Lane::Thoughts,
    Lane::Feelings,
    Lane::Emotion,
    Lane::Needs,
    Lane::Barriers,
    Lane::Pains,
    Lane::Opportunities,
    Lane::Visibility,
    Lane::Frontstage,
    Lane::Backstage,
    Lane::Support,
    Lane::Metrics,
    Lane::Quotes,
    Lane::Notes,
    Lane::Links,
];

/// Lays out the map.
pub fn layout(j: &Journey, opts: &RenderOptions) -> Scene {
    let mut columns: Vec<Column> = Vec::new();
    for (i, stage) in j.stages.iter().enumerate() {
        if stage.steps.is_empty() {
            columns.push(Column {
                stage: i,
                step: None,
            });
        }
        for step in &stage.steps {
            columns.push(Column {
                stage: i,
                step: Some(step),
            });
        }
    }
    let ncols = columns.len().max(1);
    let left = PAD + LABEL_W;
    let width = left + ncols as f64 * COL_W + PAD;
    let col_x = |i: usize| left + i as f64 * COL_W;
    // A full map draws about forty shapes per step; growing the list is copying it.
    let mut scene = Scene::new(width, 64 + ncols * 48);

    let mut y = header(&mut scene, j, opts, width);

    // Phase bands over runs of stages that share a phase.
    if j.stages.iter().any(|s| s.phase.is_some()) {
        let mut runs: Vec<(Option<&str>, usize, usize)> = Vec::new();
        for (ci, col) in columns.iter().enumerate() {
            let phase = j.stages[col.stage].phase.as_deref();
            match runs.last_mut() {
                Some((p, _, end)) if *p == phase => *end = ci + 1,
                _ => runs.push((phase, ci, ci + 1)),
            }
        }
        let h = runs
            .iter()
            .filter_map(|(p, a, b)| {
                p.map(|p| {
                    parts::text_height(p, (*b - *a) as f64 * COL_W - 16.0, SMALL, true) + 12.0
                })
            })
            .fold(26.0, f64::max);
        for (phase, start, end) in runs {
            let Some(phase) = phase else { continue };
            let b = Bounds::new(col_x(start) + 2.0, y, (end - start) as f64 * COL_W - 4.0, h);
            scene.rect(b, 4.0, Paint::Header, Paint::CardBorder, 1.0);
            scene.text(text_box(
                phase,
                b.x + b.w / 2.0,
                y + 6.0,
                b.w - 12.0,
                SMALL,
                true,
                Paint::Muted,
                Anchor::Middle,
                b,
            ));
        }
        y += h + GAP;
    }

    // Stage headers.
    let mut stage_spans: Vec<(usize, usize)> = vec![(usize::MAX, 0); j.stages.len()];
    for (ci, col) in columns.iter().enumerate() {
        let span = &mut stage_spans[col.stage];
        span.0 = span.0.min(ci);
        span.1 = ci + 1;
    }
    let stage_h = j
        .stages
        .iter()
        .zip(&stage_spans)
        .map(|(s, (a, b))| stage_header_height(s, (*b - *a) as f64 * COL_W - 4.0))
        .fold(40.0, f64::max);
    for (si, (stage, (a, b))) in j.stages.iter().zip(&stage_spans).enumerate() {
        let bx = Bounds::new(col_x(*a) + 2.0, y, (*b - *a) as f64 * COL_W - 4.0, stage_h);
        scene.rect(bx, 6.0, Paint::Stage(si), Paint::None, 0.0);
        let name = if stage.name.is_empty() {
            "—"
        } else {
            stage.name.as_str()
        };
        let t = scene.text(text_box(
            name,
            bx.x + 10.0,
            y + 8.0,
            bx.w - 20.0,
            14.0,
            true,
            Paint::StageText,
            Anchor::Start,
            bx,
        ));
        if let Some(goal) = &stage.goal {
            scene.text(text_box(
                &format!("{}: {goal}", opts.labels.get("goal")),
                bx.x + 10.0,
                t.y + t.h + 3.0,
                bx.w - 20.0,
                SMALL,
                false,
                Paint::StageText,
                Anchor::Start,
                bx,
            ));
        }
    }
    y += stage_h + GAP;
    let lanes_top = y;

    let first_of_stage: Vec<bool> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| i == 0 || columns[i - 1].stage != c.stage)
        .collect();
    let card_w = COL_W - 2.0 * CELL_PAD;
    let mut alt = false;
    for lane in LANES.into_iter().filter(|l| present(*l, j)) {
        let name = opts.labels.get(lane.label_key());
        if lane == Lane::Visibility {
            let h = 30.0;
            scene.line(
                PAD,
                y + h / 2.0,
                width - PAD,
                y + h / 2.0,
                Paint::Visibility,
                1.5,
                true,
            );
            let cell = Bounds::new(PAD, y, width - 2.0 * PAD, h);
            let tb = text_box(
                name,
                left + 8.0,
                y + 2.0,
                width - left - PAD - 16.0,
                SMALL,
                true,
                Paint::Muted,
                Anchor::Start,
                cell,
            );
            let b = tb.bounds();
            scene.rect(
                Bounds::new(b.x - 4.0, b.y, b.w + 8.0, b.h),
                3.0,
                Paint::Background,
                Paint::None,
                0.0,
            );
            scene.text(tb);
            y += h;
            continue;
        }
        let label_h = parts::text_height(name, LABEL_W - 20.0, 12.0, true) + 2.0 * CELL_PAD;
        let lane_cards: Vec<Vec<(Card, parts::Measured)>> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                cards(lane, c, &j.stages, opts, first_of_stage[i])
                    .into_iter()
                    .map(|card| {
                        let m = parts::measure(&card, card_w);
                        (card, m)
                    })
                    .collect()
            })
            .collect();
        let content_h = lane_cards
            .iter()
            .map(|cs| {
                cs.iter().map(|(_, m)| m.height).sum::<f64>()
                    + GAP * cs.len().saturating_sub(1) as f64
                    + 2.0 * CELL_PAD
            })
            .fold(0.0, f64::max);
        let h = if lane == Lane::Emotion {
            EMOTION_H
        } else {
            content_h.max(label_h).max(44.0)
        };
        let bg = if alt { Paint::Lane } else { Paint::LaneAlt };
        alt = !alt;
        scene.rect(
            Bounds::new(PAD, y, width - 2.0 * PAD, h),
            0.0,
            bg,
            Paint::None,
            0.0,
        );
        let label_cell = Bounds::new(PAD, y, LABEL_W, h);
        scene.text(text_box(
            name,
            PAD + 10.0,
            y + CELL_PAD + 2.0,
            LABEL_W - 20.0,
            12.0,
            true,
            Paint::Muted,
            Anchor::Start,
            label_cell,
        ));
        scene.line(PAD, y + h, width - PAD, y + h, Paint::Grid, 1.0, false);
        if lane == Lane::Emotion {
            emotion(&mut scene, j, &columns, y, h, opts);
        } else {
            for (ci, cs) in lane_cards.into_iter().enumerate() {
                let mut cy = y + CELL_PAD;
                for (card, measured) in cs {
                    cy += draw_card(
                        &mut scene,
                        &card,
                        measured,
                        col_x(ci) + CELL_PAD,
                        cy,
                        card_w,
                    ) + GAP;
                }
            }
        }
        y += h;
    }
    // Column rules between stages, over the lanes.
    for (ci, first) in first_of_stage.iter().enumerate() {
        if *first && ci > 0 {
            scene.line(col_x(ci), lanes_top, col_x(ci), y, Paint::Grid, 1.0, false);
        }
    }
    scene.line(left, lanes_top, left, y, Paint::Grid, 1.0, false);

    y = loops(&mut scene, j, &stage_spans, y, col_x, opts);
    scene.finish(y + PAD)
}

fn stage_header_height(stage: &Stage, w: f64) -> f64 {
    let name = if stage.name.is_empty() {
        "—"
    } else {
        stage.name.as_str()
    };
    let mut h = 16.0 + parts::text_height(name, w - 20.0, 14.0, true);
    if let Some(goal) = &stage.goal {
        h += 3.0 + parts::text_height(&format!("Goal: {goal}"), w - 20.0, SMALL, false) + 4.0;
    }
    h
}

/// The title block and scale legend; returns the y below it.
fn header(scene: &mut Scene, j: &Journey, opts: &RenderOptions, width: f64) -> f64 {
    let l = opts.labels;
    let legend = width >= 2.0 * LEGEND_W + 2.0 * PAD;
    let text_w = width - 2.0 * PAD - if legend { LEGEND_W + PAD } else { 0.0 };
    let cell = Bounds::new(0.0, 0.0, width, f64::MAX / 4.0);
    let mut y = PAD;
    let title = j.display_title("Customer journey");
    let t = scene.text(text_box(
        title,
        PAD,
        y,
        text_w,
        22.0,
        true,
        Paint::Text,
        Anchor::Start,
        cell,
    ));
    y += t.h + 4.0;
    if let Some(goal) = &j.goal {
        let t = scene.text(text_box(
            goal,
            PAD,
            y,
            text_w,
            BODY,
            false,
            Paint::Muted,
            Anchor::Start,
            cell,
        ));
        y += t.h + 2.0;
    }
    if let Some(name) = &j.persona {
        let role = opts.persona.and_then(|p| p.role.as_deref());
        let line = match role {
            Some(r) => format!("{}: {name} — {r}", l.get("persona")),
            None => format!("{}: {name}", l.get("persona")),
        };
        let t = scene.text(text_box(
            &line,
            PAD,
            y,
            text_w,
            13.0,
            true,
            Paint::Text,
            Anchor::Start,
            cell,
        ));
        y += t.h + 2.0;
    }
    let mut meta = Vec::new();
    if let Some(o) = &j.owner {
        meta.push(format!("{}: {o}", l.get("owner")));
    }
    if let Some(r) = &j.reviewed {
        meta.push(format!("{}: {r}", l.get("reviewed")));
    }
    if let Some(m) = &j.market {
        meta.push(format!("{}: {m}", l.get("market")));
    }
    if !meta.is_empty() {
        let t = scene.text(text_box(
            &meta.join("  ·  "),
            PAD,
            y,
            text_w,
            SMALL,
            false,
            Paint::Muted,
            Anchor::Start,
            cell,
        ));
        y += t.h;
    }
    let mut bottom = y + PAD;
    if legend {
        let lx = width - PAD - LEGEND_W;
        let b = Bounds::new(lx, PAD, LEGEND_W, 74.0);
        scene.rect(b, 6.0, Paint::Header, Paint::CardBorder, 1.0);
        let s = j.scale;
        scene.text(text_box(
            &format!("{} {} … {}", l.get("scale"), num(s.min), num(s.max)),
            lx + 10.0,
            PAD + 6.0,
            LEGEND_W - 20.0,
            SMALL,
            true,
            Paint::Muted,
            Anchor::Start,
            b,
        ));
        for (i, v) in [s.min, s.neutral(), s.max].into_iter().enumerate() {
            let cx = lx + 40.0 + i as f64 * 65.0;
            parts::face(scene, cx, PAD + 38.0, 10.0, s.fraction(v));
            let cellb = Bounds::new(cx - 30.0, PAD + 50.0, 60.0, 22.0);
            scene.text(text_box(
                &num(v),
                cx,
                PAD + 52.0,
                56.0,
                SMALL,
                false,
                Paint::Text,
                Anchor::Middle,
                cellb,
            ));
        }
        bottom = bottom.max(PAD + 74.0 + PAD);
    }
    bottom
}

/// The emotion curve: a smooth line through every scored step, a face per step, the
/// neutral line, and the highest and lowest moments marked.
fn emotion(
    scene: &mut Scene,
    j: &Journey,
    columns: &[Column],
    y: f64,
    h: f64,
    opts: &RenderOptions,
) {
    let left = PAD + LABEL_W;
    let top = y + 30.0;
    let bottom = y + h - 30.0;
    let s = j.scale;
    let ypos = |score: f64| bottom - s.fraction(score) * (bottom - top);
    let neutral = ypos(s.neutral());
    scene.line(
        left,
        neutral,
        scene.width - PAD,
        neutral,
        Paint::Neutral,
        1.0,
        true,
    );
    let points: Vec<Option<(f64, f64, f64)>> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.step
                .and_then(|st| st.score)
                .map(|v| (left + (i as f64 + 0.5) * COL_W, ypos(v), v))
        })
        .collect();
    // Runs of consecutive scored steps become smooth segments (Catmull-Rom as Béziers).
    let mut run: Vec<(f64, f64)> = Vec::new();
    let flush = |run: &mut Vec<(f64, f64)>, scene: &mut Scene| {
        if run.len() >= 2 {
            let mut d = format!("M{} {}", num(run[0].0), num(run[0].1));
            for k in 0..run.len() - 1 {
                let p0 = run[k.saturating_sub(1)];
                let (p1, p2) = (run[k], run[k + 1]);
                let p3 = run[(k + 2).min(run.len() - 1)];
                let c1 = (
                    p1.0 + (p2.0 - p0.0) / 6.0,
                    (p1.1 + (p2.1 - p0.1) / 6.0).clamp(top, bottom),
                );
                let c2 = (
                    p2.0 - (p3.0 - p1.0) / 6.0,
                    (p2.1 - (p3.1 - p1.1) / 6.0).clamp(top, bottom),
                );
                d.push_str(&format!(
                    "C{} {} {} {} {} {}",
                    num(c1.0),
                    num(c1.1),
                    num(c2.0),
                    num(c2.1),
                    num(p2.0),
                    num(p2.1)
                ));
            }
            scene.items.push(Item::Path {
                d,
                fill: Paint::None,
                stroke: Paint::Curve,
                width: 3.0,
                dashed: false,
            });
        }
        run.clear();
    };
    for p in &points {
        match p {
            Some((x, y, _)) => run.push((*x, *y)),
            None => flush(&mut run, scene),
        }
    }
    flush(&mut run, scene);
    let scored: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|p| (i, p.2)))
        .collect();
    let hi = scored
        .iter()
        .copied()
        .reduce(|a, b| if b.1 > a.1 { b } else { a });
    let lo = scored
        .iter()
        .copied()
        .reduce(|a, b| if b.1 < a.1 { b } else { a });
    for (i, p) in points.iter().enumerate() {
        let Some((x, py, v)) = p else { continue };
        let cell = Bounds::new(left + i as f64 * COL_W, y, COL_W, h);
        let step_name = columns[i]
            .step
            .map(|s| s.name.replace('\n', " "))
            .unwrap_or_default();
        let mut face_scene = Scene::default();
        parts::face(&mut face_scene, *x, *py, FACE_R, s.fraction(*v));
        scene.items.push(Item::Titled {
            title: format!("{step_name}: {}", num(*v)),
            items: face_scene.items,
        });
        scene.text(text_box(
            &num(*v),
            x + FACE_R + 4.0,
            py - 7.0,
            COL_W / 2.0 - FACE_R - 8.0,
            SMALL,
            true,
            Paint::Text,
            Anchor::Start,
            cell,
        ));
        let mark = |key: &str| {
            text_box(
                opts.labels.get(key),
                *x,
                0.0,
                COL_W - 12.0,
                SMALL,
                true,
                Paint::Muted,
                Anchor::Middle,
                cell,
            )
        };
        if hi.is_some_and(|h| h.0 == i) && scored.len() > 1 {
            let mut t = mark("highest");
            t.y = py - FACE_R - 4.0 - t.block.height;
            scene.text(t);
        } else if lo.is_some_and(|l| l.0 == i) && scored.len() > 1 {
            let mut t = mark("lowest");
            t.y = py + FACE_R + 4.0;
            scene.text(t);
        }
    }
}

/// Arrows for loops, from the stage a journey leaves to the stage it returns to.
fn loops(
    scene: &mut Scene,
    j: &Journey,
    spans: &[(usize, usize)],
    mut y: f64,
    col_x: impl Fn(usize) -> f64,
    opts: &RenderOptions,
) -> f64 {
    for lp in &j.loops {
        let find = |name: &str| {
            j.stages
                .iter()
                .position(|s| s.name.eq_ignore_ascii_case(name))
        };
        let (Some(from), Some(to)) = (find(&lp.from), find(&lp.to)) else {
            continue;
        };
        let center = |s: usize| (col_x(spans[s].0) + col_x(spans[s].1)) / 2.0;
        let (x1, x2) = (center(from), center(to));
        let h = 58.0;
        let mid = y + 26.0;
        let d = format!(
            "M{} {}L{} {}L{} {}L{} {}",
            num(x1),
            num(y + 4.0),
            num(x1),
            num(mid),
            num(x2),
            num(mid),
            num(x2),
            num(y + 8.0)
        );
        scene.items.push(Item::Path {
            d,
            fill: Paint::None,
            stroke: Paint::Curve,
            width: 2.0,
            dashed: false,
        });
        let head = format!(
            "M{} {}L{} {}L{} {}Z",
            num(x2 - 6.0),
            num(y + 14.0),
            num(x2),
            num(y + 4.0),
            num(x2 + 6.0),
            num(y + 14.0)
        );
        scene.items.push(Item::Path {
            d: head,
            fill: Paint::Curve,
            stroke: Paint::Curve,
            width: 1.0,
            dashed: false,
        });
        let text = match &lp.label {
            Some(label) => format!("{} {}: {label}", opts.labels.get("loop"), lp.to),
            None => format!("{} {}", opts.labels.get("loop"), lp.to),
        };
        let (lx, rx) = (x1.min(x2), x1.max(x2));
        let cell = Bounds::new(lx, mid - 2.0, (rx - lx).max(COL_W), h - 24.0);
        let t = text_box(
            &text,
            (lx + rx) / 2.0,
            mid + 4.0,
            (rx - lx - 16.0).max(COL_W - 16.0),
            SMALL,
            true,
            Paint::Curve,
            Anchor::Middle,
            cell,
        );
        let b = t.bounds();
        let cell = Bounds::new(b.x - 6.0, b.y - 3.0, b.w + 12.0, b.h + 6.0);
        scene.rect(cell, 4.0, Paint::Background, Paint::Curve, 1.0);
        scene.text(super::scene::TextBox { cell, ..t });
        y += h + b.h - 14.0;
    }
    y
}
