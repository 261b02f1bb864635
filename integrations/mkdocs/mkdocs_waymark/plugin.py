"""The `waymark` MkDocs plugin: every ```journey fence becomes a map.

One `waymark render --batch` process serves the whole build. Maps follow Material's
palettes: a stylesheet gives light maps the dark theme's colours under
`data-md-color-scheme="slate"`. Problems in journeys become MkDocs warnings at their
file and line, so `mkdocs build --strict` fails on them; a page whose journey has
errors keeps its fence as code, and the rest of the site builds.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from .batch import Batch, WaymarkError, check_version, find_command

log = get_plugin_logger(__name__)

#: Where the palette stylesheet is written in the site.
CSS_PATH = "assets/waymark/waymark.css"

#: Material's dark palette.
DARK_SELECTOR = '[data-md-color-scheme="slate"]'


class WaymarkConfig(base.Config):
    """The plugin's options in mkdocs.yml."""

    #: The waymark command: a name on PATH or a path.
    command = c.Type(str, default="waymark")
    #: Layout of every map, over the journey's own (map, timeline, table, storyboard).
    layout = c.Optional(c.Choice(["map", "timeline", "table", "storyboard"]))
    #: Theme of every map, over the journey's own.
    theme = c.Optional(c.Type(str))
    #: The theme light maps take in Material's dark (slate) palette; null keeps them light.
    dark_theme = c.Optional(c.Type(str))
    #: Interface language of lane names and legends.
    lang = c.Optional(c.Type(str))
    #: Also draw ```mermaid fences that hold a journey.
    mermaid = c.Type(bool, default=False)
    #: Add the map viewer (fit, zoom, full screen) to pages with maps.
    viewer = c.Type(bool, default=False)
    #: A folder of your own themes (NAME.toml), relative to mkdocs.yml.
    themes_dir = c.Optional(c.Dir(exists=True))


class WaymarkPlugin(BasePlugin[WaymarkConfig]):
    """Draws journey fences with one `waymark render --batch` process per build."""

    def __init__(self) -> None:
        self._path: Optional[str] = None
        self._batch: Optional[Batch] = None
        self._css = ""
        self._root = os.getcwd()

    def on_config(self, config, **kwargs):
        try:
            self._path = find_command(self.config.command)
            check_version(self._path)
        except WaymarkError as e:
            raise PluginError(f"waymark: {e}") from e
        if config.config_file_path:
            self._root = os.path.dirname(os.path.abspath(config.config_file_path))
        if CSS_PATH not in config.extra_css:
            config.extra_css.append(CSS_PATH)
        return config

    def on_pre_build(self, config, **kwargs) -> None:
        args = []
        if self.config.themes_dir:
            args += ["--themes-dir", self.config.themes_dir]
        assert self._path is not None
        try:
            self._batch = Batch(self._path, args)
            self._css = self._stylesheet()
        except WaymarkError as e:
            self._stop()
            raise PluginError(f"waymark: {e}") from e

    def _stylesheet(self) -> str:
        """Scroll boxes as waymark draws them, and light maps recoloured in dark mode."""
        css = [
            "/* mkdocs-waymark: maps keep their size and scroll in their box. */",
            ".md-typeset .waymark-scroll svg { max-width: none; height: auto; }",
            ".md-typeset .waymark-figure { margin: 1em 0; }",
        ]
        dark = self.config.dark_theme
        if dark is None:
            dark = "dark"
        if dark:
            answer = self._ask({"kind": "theme", "theme": dark})
            if not answer["ok"]:
                raise WaymarkError(f"dark_theme: {answer['error']['message']}")
            light = self.config.theme or "light"
            rules = "; ".join(f"{k}: {v}" for k, v in answer["variables"].items())
            css.append(f"{DARK_SELECTOR} .waymark-theme-{light} {{ {rules}; }}")
        return "\n".join(css) + "\n"

    def _ask(self, request: Dict[str, Any]) -> Dict[str, Any]:
        assert self._batch is not None
        return self._batch.ask(request)

    def on_page_markdown(self, markdown: str, page, config, files, **kwargs) -> str:
        if "journey" not in markdown or self._batch is None:
            return markdown
        file = self._file_name(page)
        request: Dict[str, Any] = {
            "kind": "markdown",
            "source": markdown,
            "file": file,
            "line": _first_line(page, markdown),
            "mermaid": self.config.mermaid,
            "viewer": self.config.viewer,
        }
        for key in ("layout", "theme", "lang"):
            if self.config[key]:
                request[key] = self.config[key]
        try:
            answer = self._ask(request)
        except WaymarkError as e:
            self._stop()
            raise PluginError(f"waymark: {e}") from e
        for d in answer["diagnostics"]:
            help_ = f" (help: {d['help']})" if d.get("help") else ""
            log.warning(
                f"{d['file']}:{d['line']}:{d['column']}: {d['severity']}: {d['message']}{help_}"
            )
        if answer["ok"]:
            return answer["markdown"]
        if not answer["diagnostics"]:
            # Not about this page (a theme or language that names nothing): every page
            # would fail the same way.
            self._stop()
            err = answer["error"]
            help_ = f" ({err['help']})" if err.get("help") else ""
            raise PluginError(f"waymark: {err['message']}{help_}")
        # The journeys of this page have errors: it keeps its fences as code.
        return markdown

    def _file_name(self, page) -> str:
        """The page's path as the author sees it: relative to mkdocs.yml."""
        path = page.file.abs_src_path
        if path:
            try:
                return os.path.relpath(path, self._root).replace(os.sep, "/")
            except ValueError:
                return path
        return page.file.src_uri

    def on_post_build(self, config, **kwargs) -> None:
        out = os.path.join(config.site_dir, *CSS_PATH.split("/"))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w", encoding="utf-8") as f:
            f.write(self._css)
        self._stop()

    def on_build_error(self, error, **kwargs) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._batch is not None:
            self._batch.close()
            self._batch = None


def _first_line(page, markdown: str) -> int:
    """The line of the file where `markdown` starts: MkDocs has taken the front matter
    off, and diagnostics must count it."""
    try:
        raw = page.file.content_string
    except (OSError, AttributeError, UnicodeDecodeError):
        return 1
    if markdown and raw.endswith(markdown):
        return raw[: len(raw) - len(markdown)].count("\n") + 1
    return 1
