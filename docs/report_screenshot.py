"""Make ``docs/report.png``, the README's picture of ``newscrawl report``, from synthetic records.

Usage: ``.venv/bin/python docs/report_screenshot.py`` (needs Chromium: ``make system-deps``).
The records come from :mod:`tests.synthetic_records`, so the picture shows no real article.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root: tests.*

from newscrawl.dataset.report import render_report
from newscrawl.dataset.tally import compute_stats
from tests.chromium import render
from tests.synthetic_records import synthetic_records

RECORDS = 9000
SCREENSHOT = Path(__file__).with_name("report.png")
WIDTH, HEIGHT = 1280, 1800  # the whole page at 3 sites


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="newscrawl-docs-") as scratch:
        dataset = Path(scratch) / "articles.jsonl"
        with dataset.open("w", encoding="utf-8") as out:
            out.writelines(
                json.dumps(record, ensure_ascii=False) + "\n"
                for record in synthetic_records(RECORDS)
            )
        page = Path(scratch) / "report.html"
        page.write_text(
            render_report(compute_stats([dataset]), ["articles.jsonl.gz (synthetic)"]),
            encoding="utf-8",
        )
        render(page, screenshot=SCREENSHOT, width=WIDTH, height=HEIGHT)
    print(f"wrote {SCREENSHOT} ({SCREENSHOT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
