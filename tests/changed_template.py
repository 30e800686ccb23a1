"""A mirror whose article template changed: the body moved to another class, the kicker renamed.

What a site redesign does to a crawler that keeps running: pages still answer 200 and still show
a title and a date, but the selectors for body and kicker find nothing.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

RENAMES = {b'class="body"': b'class="news_text"', b'class="rutitr"': b'class="overtitle"'}


def copy_with_changed_template(site_dir: Path, out: Path) -> Path:
    """Copy ``site_dir`` to ``out`` and rewrite every article page's body and kicker classes."""
    shutil.copytree(site_dir, out)
    for page in (out / "pages").glob("*.html"):
        html = page.read_bytes()
        for old, new in RENAMES.items():
            assert html.count(old) == 1, f"{page.name}: expected one {old!r}"
            html = html.replace(old, new)
        page.write_bytes(html)
    return out
