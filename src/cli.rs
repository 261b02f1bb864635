//! The command line: one subcommand per job, each handled by a module of [`crate::commands`].

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Customer journey maps written as text, rendered into accessible maps and a CX handbook.
#[derive(Debug, Parser)]
#[command(name = "waymark", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check journeys in files or folders and report every problem.
    Check(CheckArgs),
    /// Print the journeys of a file in a machine-readable form.
    Export(ExportArgs),
    /// Draw each journey of a file as an SVG (or PNG) picture.
    Svg(SvgArgs),
    /// Publish a folder of markdown as a static CX handbook.
    Build(BuildArgs),
    /// Preview a handbook while you write: rebuilds and reloads on every save.
    Serve(ServeArgs),
    /// Create a small handbook to start from.
    Init(InitArgs),
    /// mdBook preprocessor: reads [context, book] on stdin, writes the book on stdout.
    Mdbook(MdbookArgs),
    /// Markdown filter: every journey fence becomes its rendered HTML.
    Render(RenderArgs),
}

/// `waymark mdbook`
#[derive(Debug, clap::Args)]
pub struct MdbookArgs {
    /// `supports RENDERER` or `install [BOOK_DIR]`; none to preprocess.
    #[command(subcommand)]
    pub action: Option<MdbookAction>,
}

/// What `waymark mdbook` is asked.
#[derive(Debug, Subcommand)]
pub enum MdbookAction {
    /// Exit 0 when the renderer is supported (html; markdown gets tables), 1 otherwise.
    Supports {
        /// The renderer's name.
        renderer: String,
    },
    /// Add the preprocessor and its stylesheet to a book (safe to run again).
    Install {
        /// The book folder (with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

/// `waymark render`
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The markdown file, or `-` for standard input.
    #[arg(default_value = "-")]
    pub file: PathBuf,
    /// Layout for every journey (default: the journey's own, else map).
    #[arg(long, value_enum)]
    pub layout: Option<LayoutArg>,
    /// Theme for every journey (default: the journey's own, else light).
    #[arg(long)]
    pub theme: Option<String>,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Read ```mermaid fences holding a journey diagram as journeys, too.
    #[arg(long)]
    pub mermaid: bool,
}

/// `waymark build`
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The handbook folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Where to write the site (default: `output` in waymark.toml, else DIR/_site).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `waymark serve`
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The handbook folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Port to listen on (the next free one is taken when it is busy; 0 picks any).
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// Address to listen on. On a loopback address (the default) the preview answers only
    /// requests addressed to localhost, 127.0.0.1 or [::1] with its port, so other web
    /// sites cannot read it through DNS rebinding. Any other address (0.0.0.0 to listen
    /// everywhere) answers every host name: anyone who can reach this machine can read it.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Open the preview in the browser.
    #[arg(long)]
    pub open: bool,
    /// Also write every good build to this folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `waymark init`
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create.
    pub dir: PathBuf,
}

/// Layouts on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// Stages as columns, one lane per kind of content.
    Map,
    /// Mermaid's look: section bands, task cards, faces by score.
    Timeline,
    /// A lane per row, a step per column: an HTML table in pages, a picture from `svg`.
    Table,
    /// Panels in reading order.
    Storyboard,
}

impl From<LayoutArg> for crate::journey::Layout {
    fn from(l: LayoutArg) -> Self {
        match l {
            LayoutArg::Map => crate::journey::Layout::Map,
            LayoutArg::Timeline => crate::journey::Layout::Timeline,
            LayoutArg::Table => crate::journey::Layout::Table,
            LayoutArg::Storyboard => crate::journey::Layout::Storyboard,
        }
    }
}

/// Picture formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SvgFormat {
    /// Scalable vector graphics.
    Svg,
    /// A PNG at twice the size, scaled down when needed to stay within 16,384 pixels a
    /// side and 64 million pixels.
    Png,
}

/// `waymark svg`
#[derive(Debug, clap::Args)]
pub struct SvgArgs {
    /// A markdown or .journey file.
    pub file: PathBuf,
    /// Layout (default: the journey's own, else map).
    #[arg(long, value_enum)]
    pub layout: Option<LayoutArg>,
    /// Theme name (default: the journey's own, else light).
    #[arg(long)]
    pub theme: Option<String>,
    /// A folder of your own themes (*.toml).
    #[arg(long, value_name = "DIR")]
    pub themes_dir: Option<PathBuf>,
    /// Where to write the pictures (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SvgFormat::Svg)]
    pub format: SvgFormat,
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Readable report with the line and a caret.
    Human,
    /// One JSON document for CI and editors.
    Json,
}

/// `waymark check`
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders (folders are searched for .md and .journey files).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
    /// Exit with 1 when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// A map reviewed longer ago than this many days is reported as stale.
    #[arg(long, default_value_t = 180, value_name = "DAYS")]
    pub stale_after: u32,
    /// Read ```mermaid fences holding a journey diagram as journeys, too.
    #[arg(long)]
    pub mermaid: bool,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The versioned JSON document described by `--schema`.
    Json,
}

/// `waymark export`
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// A markdown or .journey file.
    #[arg(required_unless_present = "schema")]
    pub file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Print the JSON Schema of the export document instead.
    #[arg(long)]
    pub schema: bool,
    /// Read ```mermaid fences holding a journey diagram as journeys, too.
    #[arg(long)]
    pub mermaid: bool,
}

/// Writes a command's result to standard output. When the reader has gone away
/// (`waymark export f.md | head -c 10`), the rest is dropped quietly, as other command-line
/// tools do, and the command ends as it would have; any other failure (a full disk) is
/// reported and gives exit code 1.
pub(crate) fn print_out(text: &str) -> Result<(), ExitCode> {
    write_unless_gone(&mut std::io::stdout().lock(), text.as_bytes()).map_err(|e| {
        print_err(&format!("error: cannot write to standard output: {e}\n"));
        ExitCode::from(1)
    })
}

/// Writes a report to standard error; nothing is said when stderr is closed, because
/// there is nowhere left to say it.
pub(crate) fn print_err(text: &str) {
    let _ = write_unless_gone(&mut std::io::stderr().lock(), text.as_bytes());
}

/// Writes `bytes` and flushes; a closed pipe counts as done.
fn write_unless_gone(out: &mut impl std::io::Write, bytes: &[u8]) -> std::io::Result<()> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check(args) => crate::commands::check::run(&args),
        Command::Export(args) => crate::commands::export::run(&args),
        Command::Svg(args) => crate::commands::svg::run(&args),
        Command::Build(args) => crate::commands::build::run(&args),
        Command::Serve(args) => crate::commands::build::serve(&args),
        Command::Init(args) => crate::commands::build::init(&args),
        Command::Mdbook(args) => crate::commands::plugins::mdbook(&args),
        Command::Render(args) => crate::commands::plugins::render(&args),
    }
}
