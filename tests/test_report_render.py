"""The report as a browser shows it: headless Chromium renders it, and the four charts are drawn.

Chromium comes from the system (`make system-deps`); without it this test fails, it does not skip.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from newscrawl.dataset.report import BAR_COLOUR, render_report
from newscrawl.dataset.tally import COVERAGE_FIELDS, compute_stats
from tests.chromium import render
from tests.png import distinct_colours, read_png
from tests.synthetic_records import SECTIONS, synthetic_records

pytestmark = pytest.mark.requires_chromium

WIDTH, HEIGHT = 1280, 2000


class ChartBars(HTMLParser):
    """Counts ``rect.bar`` elements inside each ``svg[data-chart]`` of a DOM dump."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: dict[str, int] = {}
        self.chart: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg" and attributes.get("data-chart"):
            self.chart = attributes["data-chart"]
            self.bars[self.chart] = 0
        elif tag == "rect" and self.chart and attributes.get("class") == "bar":
            self.bars[self.chart] += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self.chart = None


def test_report_renders_its_charts_in_chromium(tmp_path):
    dataset = tmp_path / "synthetic.jsonl"
    with dataset.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in synthetic_records(3000))
    stats = compute_stats([dataset])
    page = tmp_path / "report.html"
    page.write_text(render_report(stats, [dataset.name]), encoding="utf-8")
    screenshot = tmp_path / "report.png"

    dom = render(page, screenshot=screenshot, width=WIDTH, height=HEIGHT)

    parser = ChartBars()
    parser.feed(dom)
    assert parser.bars == {
        "per-day": len(stats.per_day),
        "per-section": len(SECTIONS) + 1,  # and one bar for articles without a section
        "coverage": len(COVERAGE_FIELDS),
        "per-hour": sum(1 for count in stats.per_hour if count),
    }
    assert parser.bars["per-day"] > 20
    width, height, bpp, rows = read_png(screenshot)
    assert (width, height) == (WIDTH, HEIGHT)
    assert distinct_colours(rows, bpp) > 50  # text, bars and anti-aliasing: not a blank page
    bar = bytes.fromhex(BAR_COLOUR.removeprefix("#")).ljust(bpp, b"\xff")  # opaque if RGBA
    painted = sum(row[i : i + bpp] == bar for row in rows for i in range(0, len(row), bpp))
    assert painted > 0.03 * width * height  # the bars are drawn, not only the headings
