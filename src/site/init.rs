//! `waymark init`: a small handbook that builds, to start from.

use crate::Error;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    // The built site and the build cache are made from the rest: not kept in git.
    (".gitignore", "_site/\n.waymark-cache/\n"),
    ("waymark.toml", "# Settings of this handbook. Every key is optional.\ntitle = \"Customer experience handbook\"\nlanguage = \"en\"\ntheme = \"light\"\nstale_after_days = 180\n"),
    ("index.md", "---\ntitle: Welcome\n---\n\n# Customer experience handbook\n\nThis handbook keeps our customer journey maps next to the rest of our docs.\nEach map is written as text in a ` ```journey ` block; `waymark serve` shows\nit as you type.\n\n- [First purchase](journeys/first-purchase.md): how a new customer buys online.\n- [Our customers](personas.md): the personas our journeys follow.\n"),
    ("personas.md", "---\ntitle: Our customers\norder: 2\n---\n\n# Our customers\n\nEvery persona is defined once, here; the handbook's Personas page lists them all.\n\n```journey\npersona Maya\n  role: Commuter, 34\n  about: Rides to work every day and wants to spend less time on buses.\n  goal: Get to work on time\n  frustration: Hidden costs at checkout\n  quote: I just want to know what I will pay.\n```\n"),
    ("journeys/first-purchase.md", "---\ntitle: First purchase\norder: 1\n---\n\n# First purchase\n\nHow a new customer finds us and buys for the first time.\n\n```journey\ntitle First online purchase\npersona Maya\nscale 1..5\nowner Growth team\nreviewed {today}\n\nsection Awareness\n  Sees an ad: 3: Maya\n    channel: social\n    thought: Looks good, but is it for me?\nsection Purchase\n  Compares prices: 2: Maya\n    channel: web\n    pain: Delivery costs appear late {severity: high}\n    opportunity: Show delivery costs on the product page {impact: high, effort: low}\n  Pays: 4: Maya\n    touchpoint: Checkout\n```\n"),
];

/// Writes the starter handbook into `dir`, which must be empty or absent.
pub fn run(dir: &Path) -> Result<String, Error> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|source| Error::Read {
                path: dir.to_path_buf(),
                source,
            })?
            .next()
            .is_some()
    {
        return Err(Error::Failed(format!(
            "{} is not empty; waymark init only writes into a new or empty folder",
            dir.display()
        )));
    }
    // The sample map is reviewed today, so a new handbook starts with nothing due.
    let today = crate::journey::validate::date_from_days(crate::journey::validate::today());
    for (rel, text) in FILES {
        let text = text.replace("{today}", &today);
        let path = dir.join(rel);
        let written = match path.parent() {
            Some(parent) => std::fs::create_dir_all(parent),
            None => Ok(()),
        }
        .and_then(|()| std::fs::write(&path, text));
        written.map_err(|source| Error::Write { path, source })?;
    }
    Ok(format!(
        "created a handbook in {}\nnext: waymark serve {}",
        dir.display(),
        dir.display()
    ))
}
