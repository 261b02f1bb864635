//! The impact × effort matrix of the opportunities page, laid out; its template draws it.
//! Each square that counts any opportunity links to the list filtered to it.

use super::map_word;
use crate::i18n::Locale;
use crate::journey::Rating;
use serde::Serialize;

/// Words placed on the matrix.
#[derive(Serialize)]
struct Label {
    text: String,
    x: u32,
    y: u32,
}

/// One square of the matrix: how many opportunities have its impact and effort.
#[derive(Serialize)]
struct Cell {
    x: u32,
    y: u32,
    size: u32,
    count: usize,
    count_x: u32,
    count_y: u32,
    /// High impact, low effort.
    quick: bool,
    /// The opportunity list filtered to this square (`?impact=high&effort=low`), when
    /// the square counts any.
    href: Option<String>,
    /// What the link says: both ratings and the count, in the handbook's language.
    label: String,
}

/// A row of the matrix: one impact.
#[derive(Serialize)]
struct Row {
    label: Label,
    cells: Vec<Cell>,
}

/// The impact × effort matrix, laid out: rows are impact (high first), columns effort
/// (low first), so quick wins sit at the top left.
#[derive(Serialize)]
pub(super) struct Matrix {
    width: u32,
    height: u32,
    rows: Vec<Row>,
    columns: Vec<Label>,
    impact: Label,
    effort: Label,
}

impl Matrix {
    const CELL: u32 = 120;
    /// Room for the impact words left of the squares.
    const LEFT: u32 = 110;
    const TOP: u32 = 20;

    /// The matrix of opportunities rated `ratings` (impact, effort), on the page `from`.
    pub(super) fn new(
        ratings: &[(Option<Rating>, Option<Rating>)],
        from: &str,
        locale: &Locale,
    ) -> Matrix {
        let (cell, left, top) = (Self::CELL, Self::LEFT, Self::TOP);
        let word = |k: &str| map_word(locale, k).to_string();
        let rows = [Rating::High, Rating::Medium, Rating::Low]
            .iter()
            .zip(0..)
            .map(|(impact, row)| Row {
                label: Label {
                    text: word(impact.name()),
                    x: left - 10,
                    y: top + row * cell + cell / 2 + 4,
                },
                cells: Rating::ALL
                    .iter()
                    .zip(0..)
                    .map(|(effort, col)| {
                        let (x, y) = (left + col * cell, top + row * cell);
                        let count = ratings
                            .iter()
                            .filter(|r| **r == (Some(*impact), Some(*effort)))
                            .count();
                        Cell {
                            x,
                            y,
                            size: cell,
                            count,
                            href: (count > 0).then(|| {
                                format!("{from}?impact={}&effort={}", impact.name(), effort.name())
                            }),
                            label: format!(
                                "{}: {}, {}: {} ({count})",
                                word("impact"),
                                word(impact.name()),
                                word("effort"),
                                word(effort.name())
                            ),
                            count_x: x + cell / 2,
                            count_y: y + cell / 2 + 10,
                            quick: *impact == Rating::High && *effort == Rating::Low,
                        }
                    })
                    .collect(),
            })
            .collect();
        let columns = Rating::ALL
            .iter()
            .zip(0..)
            .map(|(effort, col)| Label {
                text: word(effort.name()),
                x: left + col * cell + cell / 2,
                y: top + 3 * cell + 20,
            })
            .collect();
        Matrix {
            width: left + 3 * cell + 20,
            height: top + 3 * cell + 60,
            rows,
            columns,
            impact: Label {
                text: word("impact"),
                x: 14,
                y: top + 10,
            },
            effort: Label {
                text: word("effort"),
                x: left + 3 * cell / 2,
                y: top + 3 * cell + 44,
            },
        }
    }
}
