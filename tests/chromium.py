"""Headless Chromium for rendering a report: a screenshot and the DOM after layout.

Used by the report's render test and by ``docs/report_screenshot.py``; Debian's ``chromium``
package provides the browser (``make system-deps``). Flags keep the run offline and free of
profile state: a fresh ``--user-data-dir`` per call, no background networking, updates or sync;
``--no-sandbox`` because the tests run as root in a container.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
TIMEOUT_SECONDS = 120


def find_chromium() -> Path:
    """The Chromium executable; ``FileNotFoundError`` naming the package when there is none."""
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return Path(found)
    raise FileNotFoundError("no Chromium: run `make system-deps` (apt-get install chromium)")


def render(
    page: Path, *, screenshot: Path | None = None, width: int = 1280, height: int = 2000
) -> str:
    """Load ``page`` and return its serialized DOM; also save a PNG when ``screenshot`` is given."""
    with tempfile.TemporaryDirectory(prefix="newscrawl-chromium-") as profile:
        command = [
            str(find_chromium()),
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            *([f"--screenshot={screenshot}"] if screenshot else []),
            "--dump-dom",
            page.resolve().as_uri(),
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=True
        )
    return done.stdout
