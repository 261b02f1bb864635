"""mkdocs-waymark against real MkDocs and Material: builds small sites with
`mkdocs build --strict` in a fresh folder and reads what came out.

Run with the venv that has mkdocs, mkdocs-material, the waymark wheel and this plugin
installed: `python -m unittest discover integrations/mkdocs/tests`.
"""

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SITE = Path(__file__).parent / "site"
BIN = Path(sys.executable).parent

BROKEN = """---
title: Broken
---

# Broken

```journey
section Pay
  Enters card: lots: Maya
```
"""


def build(site: Path, *args: str, path=None) -> subprocess.CompletedProcess:
    # The venv's own waymark (from the wheel) comes first, unless a test says otherwise.
    env = dict(os.environ, NO_COLOR="1", PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", *args],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


class Site(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="mkdocs-waymark-"))
        self.site = self.dir / "site"
        shutil.copytree(SITE, self.site)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_a_good_site_builds_strict_with_maps_that_follow_the_palette(self):
        out = build(self.site)
        self.assertEqual(out.returncode, 0, out.stderr)
        html = (self.site / "site" / "index.html").read_text(encoding="utf-8")
        self.assertIn('<figure class="waymark-figure waymark-layout-map"', html)
        self.assertIn("<svg", html)
        self.assertIn("print", html, "other code blocks stay")
        self.assertNotIn("```journey", html)
        self.assertIn("assets/waymark/waymark.css", html, "the stylesheet is linked")
        css = (self.site / "site" / "assets" / "waymark" / "waymark.css").read_text()
        self.assertIn('[data-md-color-scheme="slate"] .waymark-theme-light', css)
        self.assertIn("--waymark-background: #161b26", css)

    def test_a_broken_journey_fails_strict_at_its_file_and_line(self):
        (self.site / "docs" / "broken.md").write_text(BROKEN, encoding="utf-8")
        out = build(self.site)
        self.assertNotEqual(out.returncode, 0)
        # Line 9 of the file: the front matter MkDocs took off is counted.
        self.assertIn("docs/broken.md:9:16: error: the score `lots` is neither a number nor a data source", out.stderr)
        # Without --strict the rest of the site builds and the page keeps its fence.
        out = build(self.site, "--no-strict")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("<svg", (self.site / "site" / "index.html").read_text(encoding="utf-8"))
        self.assertIn("lots", (self.site / "site" / "broken" / "index.html").read_text())

    def test_waymark_missing_from_path_is_said(self):
        # Python and MkDocs stay reachable; waymark does not.
        bare = self.dir / "bin"
        bare.mkdir()
        for name in ("mkdocs", "python", "python3"):
            if (BIN / name).exists():
                os.symlink(BIN / name, bare / name)
        out = build(self.site, path=str(bare))
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("`waymark` was not found on PATH", out.stderr)
        self.assertIn("pip install waymark", out.stderr)

    def test_a_waymark_too_old_is_said(self):
        fake = self.dir / "bin"
        fake.mkdir()
        script = fake / "waymark"
        script.write_text("#!/bin/sh\necho 'waymark 0.0.9'\n")
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
        out = build(self.site, path=f"{fake}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("waymark 0.0.9", out.stderr)
        self.assertIn("too old", out.stderr)


if __name__ == "__main__":
    unittest.main()
