"""One `waymark render --batch` process, asked one JSON line at a time.

Kept apart from MkDocs so the protocol client is plain Python: it finds the command,
checks its version, and turns every way the process can fail into one `WaymarkError`
that says what to do.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from typing import IO, Any, Dict, List, Optional

#: The oldest waymark whose `render --batch` this plugin speaks.
MIN_VERSION = (0, 1, 0)
#: The protocol version every answer carries.
PROTOCOL = "waymark-batch/1"

INSTALL_HELP = (
    "install it with `pip install waymark` (or `cargo install waymark`), "
    "or set the plugin's `command` option to the waymark binary"
)


class WaymarkError(Exception):
    """waymark cannot be used: missing, too old, or its process stopped."""


def find_command(command: str) -> str:
    """The full path of `command`, which names a file or a program on PATH."""
    found = shutil.which(command)
    if found is None:
        raise WaymarkError(f"`{command}` was not found on PATH; {INSTALL_HELP}")
    return found


def parse_version(text: str) -> Optional[tuple]:
    """(major, minor, patch) from `waymark --version` output such as `waymark 0.1.0`."""
    m = re.search(r"(\d+)\.(\d+)\.(\d+)", text)
    return tuple(int(g) for g in m.groups()) if m else None


def check_version(path: str) -> tuple:
    """The version of the waymark at `path`; raises when it is older than MIN_VERSION."""
    try:
        out = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError as e:
        raise WaymarkError(f"cannot run `{path} --version`: {e}; {INSTALL_HELP}") from e
    version = parse_version(out.stdout)
    if out.returncode != 0 or version is None:
        raise WaymarkError(
            f"`{path} --version` did not print a version "
            f"(exit {out.returncode}: {(out.stdout + out.stderr).strip()[:200]}); {INSTALL_HELP}"
        )
    if version < MIN_VERSION:
        want = ".".join(map(str, MIN_VERSION))
        have = ".".join(map(str, version))
        raise WaymarkError(
            f"waymark {have} at {path} is too old for mkdocs-waymark, which needs {want} "
            f"or newer; upgrade it with `pip install -U waymark` (or `cargo install waymark`)"
        )
    return version


class Batch:
    """A running `waymark render --batch`: `ask` sends a request and returns its answer."""

    def __init__(self, path: str, args: List[str]):
        self.path = path
        self._stderr: IO[bytes] = tempfile.TemporaryFile()
        self._next = 0
        try:
            self._proc = subprocess.Popen(
                [path, "render", "--batch", *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        except OSError as e:
            raise WaymarkError(f"cannot start `{path} render --batch`: {e}") from e

    def _stopped(self, why: str) -> WaymarkError:
        self._proc.poll()
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", "replace").strip()
        if "--batch" in said and ("unexpected argument" in said or "unrecognized" in said):
            return WaymarkError(
                f"waymark at {self.path} has no `render --batch`: it is too old; "
                "upgrade it with `pip install -U waymark`"
            )
        detail = f": {said}" if said else ""
        return WaymarkError(
            f"`waymark render --batch` {why} (exit {self._proc.returncode}){detail}"
        )

    def ask(self, request: Dict[str, Any]) -> Dict[str, Any]:
        """Sends `request` (an id is added) and waits for its answer."""
        self._next += 1
        request = {"id": self._next, **request}
        try:
            assert self._proc.stdin is not None and self._proc.stdout is not None
            self._proc.stdin.write(json.dumps(request) + "\n")
            self._proc.stdin.flush()
            line = self._proc.stdout.readline()
        except (BrokenPipeError, OSError) as e:
            raise self._stopped(f"stopped ({e})") from e
        if not line:
            raise self._stopped("stopped without answering")
        try:
            answer = json.loads(line)
        except ValueError as e:
            raise self._stopped(f"answered something that is not JSON ({line[:80]!r})") from e
        if answer.get("protocol") != PROTOCOL or answer.get("id") != self._next:
            raise WaymarkError(
                f"waymark at {self.path} speaks {answer.get('protocol')!r}, not {PROTOCOL!r}; "
                "install the version that goes with this plugin (`pip install -U waymark mkdocs-waymark`)"
            )
        return answer

    def close(self) -> None:
        """Ends the process: it stops at the end of its input."""
        if self._proc.stdin:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout:
            self._proc.stdout.close()
        self._stderr.close()
