//! Loops under the map: an arrow from the stage a journey leaves to the stage it returns
//! to, labelled with why.

use super::{Grid, COL_W};
use crate::journey::Journey;
use crate::render::parts::SMALL;
use crate::render::scene::{num, text_box, Bounds, Item, Paint, Scene, TextBox, TextStyle};
use crate::render::RenderOptions;

const LABEL: TextStyle = TextStyle::new(SMALL, Paint::Curve).bold().centred();

/// Draws an arrow per loop from `y` down (loops naming unknown stages are skipped: the
/// parser has reported them); returns the y below the last.
pub(super) fn draw(
    scene: &mut Scene,
    j: &Journey,
    grid: &Grid,
    mut y: f64,
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
        let spans = &grid.spans;
        let center = |s: usize| (grid.x(spans[s].0) + grid.x(spans[s].1)) / 2.0;
        let (x1, x2) = (center(from), center(to));
        let h = 58.0;
        let mid = y + 26.0;
        arrow(scene, x1, x2, y, mid);
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
            LABEL,
            cell,
        );
        // The label sits on a patch of its own over the arrow's middle.
        let b = t.bounds();
        let cell = Bounds::new(b.x - 6.0, b.y - 3.0, b.w + 12.0, b.h + 6.0);
        scene.rect(cell, 4.0, Paint::Background, Paint::Curve, 1.0);
        scene.text(TextBox { cell, ..t });
        y += h + b.h - 14.0;
    }
    y
}

/// Down from `x1`, across at `mid`, and up into `x2` with a head at `top`.
fn arrow(scene: &mut Scene, x1: f64, x2: f64, top: f64, mid: f64) {
    let d = format!(
        "M{} {}L{} {}L{} {}L{} {}",
        num(x1),
        num(top + 4.0),
        num(x1),
        num(mid),
        num(x2),
        num(mid),
        num(x2),
        num(top + 8.0)
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
        num(top + 14.0),
        num(x2),
        num(top + 4.0),
        num(x2 + 6.0),
        num(top + 14.0)
    );
    scene.items.push(Item::Path {
        d: head,
        fill: Paint::Curve,
        stroke: Paint::Curve,
        width: 1.0,
        dashed: false,
    });
}
