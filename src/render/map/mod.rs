//! The `map` layout: the customer journey map as practitioners draw it. A header, stage
//! columns (under phase bands), then one lane per kind of content the journey has, the
//! emotion curve across, and the service blueprint below the line of visibility.
//!
//! This file places the columns and stacks the rows; each row kind is drawn by its own
//! module: `header` (title, legend, phases, stages) with `key` (what severity dots and
//! impact and effort mean), `lanes` (one row per kind of content,
//! filled by `cards`, with `metrics` for metrics computed from data), `curve` (the
//! emotion lane, with error bars where scores come from data) and `loops` (arrows under
//! the map).

mod cards;
mod curve;
mod extra;
mod header;
mod key;
mod lanes;
mod loops;
mod metrics;

use super::evidence;
use super::scene::{Frame, Paint, Scene};
use super::RenderOptions;
use crate::journey::{Journey, Step};

const PAD: f64 = 16.0;
const LABEL_W: f64 = 150.0;
/// The left edge of the first column, right of the lane names.
const LEFT: f64 = PAD + LABEL_W;
const COL_W: f64 = 184.0;
const CELL_PAD: f64 = 8.0;
const GAP: f64 = 6.0;

/// A column: one step of a stage, or an empty stage's placeholder.
struct Column<'a> {
    stage: usize,
    step: Option<&'a Step>,
    /// Whether the step is marked as an assumption (its journey uses data, nothing backs it).
    assumption: bool,
}

/// The columns of a map and where they lie.
struct Grid<'a> {
    columns: Vec<Column<'a>>,
    /// Per stage, its first column and the column after its last.
    spans: Vec<(usize, usize)>,
    /// Per column, whether it is the first of its stage.
    first_of_stage: Vec<bool>,
    /// The picture's width.
    width: f64,
}

impl<'a> Grid<'a> {
    /// A column per step, and one for each stage without steps so every stage shows.
    fn new(j: &'a Journey) -> Grid<'a> {
        let mut columns: Vec<Column> = Vec::new();
        for (i, stage) in j.stages.iter().enumerate() {
            if stage.steps.is_empty() {
                columns.push(Column {
                    stage: i,
                    step: None,
                    assumption: false,
                });
            }
            for step in &stage.steps {
                columns.push(Column {
                    stage: i,
                    step: Some(step),
                    assumption: evidence::is_assumption(j, step),
                });
            }
        }
        let mut spans: Vec<(usize, usize)> = vec![(usize::MAX, 0); j.stages.len()];
        for (ci, col) in columns.iter().enumerate() {
            let span = &mut spans[col.stage];
            span.0 = span.0.min(ci);
            span.1 = ci + 1;
        }
        let first_of_stage = columns
            .iter()
            .enumerate()
            .map(|(i, c)| i == 0 || columns[i - 1].stage != c.stage)
            .collect();
        let width = LEFT + columns.len().max(1) as f64 * COL_W + PAD;
        Grid {
            columns,
            spans,
            first_of_stage,
            width,
        }
    }

    /// The left edge of column `i`.
    fn x(&self, i: usize) -> f64 {
        LEFT + i as f64 * COL_W
    }
}

/// Lays out the map.
pub(crate) fn layout(j: &Journey, opts: &RenderOptions) -> Scene {
    let grid = Grid::new(j);
    // A full map draws about forty shapes per step; growing the list is copying it.
    let mut scene = Scene::new(grid.width, 64 + grid.columns.len().max(1) * 48);

    let mut y = header::title_block(&mut scene, j, opts, grid.width);
    let heads_top = y;
    y = header::phases(&mut scene, j, &grid, y);
    y = header::stages(&mut scene, j, &grid, opts, y);

    let lanes_top = y;
    y = lanes::draw(&mut scene, j, &grid, opts, y);
    y = extra::changes_row(&mut scene, &grid, opts, (lanes_top, y));
    // Column rules between stages, over the lanes.
    for (ci, first) in grid.first_of_stage.iter().enumerate() {
        if *first && ci > 0 {
            scene.line(
                grid.x(ci),
                lanes_top,
                grid.x(ci),
                y,
                Paint::Grid,
                1.0,
                false,
            );
        }
    }
    scene.line(LEFT, lanes_top, LEFT, y, Paint::Grid, 1.0, false);
    scene.frame = Some(Frame {
        labels_right: LEFT,
        heads_top,
        heads_bottom: lanes_top,
        rows_bottom: y,
        columns: (0..grid.columns.len())
            .map(|i| (grid.x(i), COL_W, grid.columns[i].step.is_some()))
            .collect(),
    });

    y = loops::draw(&mut scene, j, &grid, y, opts);
    scene.finish(y + PAD)
}
