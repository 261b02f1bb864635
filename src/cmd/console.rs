//! The build's progress on the console: a bar on a terminal for long steps, notes as they
//! come, and at the end every problem and one summary line.

use super::print_err;
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Mutex;
use waymark::site::{Delivery, Progress, Step, Summary};

/// Steps with more items than this get a progress bar; shorter ones are over before a
/// bar would help.
const BAR_FROM: usize = 200;

/// A progress bar on stderr for long steps, only when stderr is a terminal that may be
/// drawn on (`NO_COLOR` unset).
pub(super) struct Bar {
    on: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Bar {
    /// A bar that shows when `on`.
    pub fn new(on: bool) -> Bar {
        Bar {
            on,
            bar: Mutex::new(None),
        }
    }

    fn clear(&self) {
        if let Ok(mut bar) = self.bar.lock() {
            if let Some(b) = bar.take() {
                b.finish_and_clear();
            }
        }
    }
}

impl Progress for Bar {
    fn start(&self, step: Step, total: usize) {
        self.clear();
        if !self.on || total <= BAR_FROM {
            return;
        }
        let bar = ProgressBar::new(total as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(step.label());
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn advance(&self, n: usize) {
        if !self.on {
            return;
        }
        if let Ok(bar) = self.bar.lock() {
            if let Some(b) = bar.as_ref() {
                b.inc(n as u64);
            }
        }
    }

    fn note(&self, message: &str) {
        match self.bar.lock().ok().as_deref().and_then(Option::as_ref) {
            // Printed above the bar, which is drawn again below it.
            Some(b) => b.suspend(|| {
                print_err(&format!(
                    "{message}
"
                ))
            }),
            None => print_err(&format!(
                "{message}
"
            )),
        }
    }

    fn finish(&self, _: &Summary<'_>) {
        self.clear();
    }
}

/// `waymark build` on the console: [`Bar`], then the problems and the summary line.
pub(super) struct BuildConsole {
    /// The bar while the build runs.
    pub bar: Bar,
    /// Colour the problems.
    pub color: bool,
}

impl Progress for BuildConsole {
    fn start(&self, step: Step, total: usize) {
        self.bar.start(step, total);
    }

    fn advance(&self, n: usize) {
        self.bar.advance(n);
    }

    fn note(&self, message: &str) {
        self.bar.note(message);
    }

    fn finish(&self, summary: &Summary<'_>) {
        self.bar.finish(summary);
        print_err(&summary.built.report(summary.root, self.color));
        print_err(&format!("{}\n", line(summary)));
    }
}

/// `s` when `n` is not one.
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The build in one line: what was built where, or that it failed and what became of
/// the output.
pub(super) fn line(summary: &Summary<'_>) -> String {
    let built = summary.built;
    let failed = |output: String| {
        let n = built.errors();
        format!(
            "error: the build failed with {n} error{}; {output}",
            plural(n)
        )
    };
    match summary.delivery {
        Delivery::Written(out) => format!(
            "built {} page{}{}, {} map{} into {} in {} ms: {} warning{}",
            built.pages,
            plural(built.pages),
            // Pages the build cache kept were not rendered: say how many were.
            built
                .rendered
                .filter(|&n| n < built.pages)
                .map(|n| format!(" ({n} rendered, the rest unchanged)"))
                .unwrap_or_default(),
            built.maps,
            plural(built.maps),
            out.display(),
            summary.elapsed.as_millis(),
            built.warnings(),
            plural(built.warnings())
        ),
        Delivery::KeptLastGood(out) => failed(format!(
            "the last good output in {} was left as it was",
            out.display()
        )),
        Delivery::NothingWritten(out) => {
            failed(format!("nothing was written to {}", out.display()))
        }
        Delivery::Untouched => failed("no output folder was touched".to_string()),
        Delivery::Memory => format!(
            "rebuilt {} pages, {} maps in {} ms: {} errors, {} warnings",
            built.pages,
            built.maps,
            summary.elapsed.as_millis(),
            built.errors(),
            built.warnings()
        ),
    }
}
