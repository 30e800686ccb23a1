"""The progress line a person reads during a long backfill."""

from __future__ import annotations

import pytest
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl.runs.progress import ProgressLog


class FakeLedger:
    def __init__(self, handled: int) -> None:
        self.handled = set(range(handled))


class PlanningSpider(Spider):
    """What ProgressLog reads of a spider: how many ids are planned, which are handled."""

    planned = 1000
    ledger = FakeLedger(200)


def test_line_reports_exported_handled_left_rate_and_eta(crawler):
    extension = ProgressLog(crawler.stats, 60.0, clock=lambda: 110.0)
    extension._last = (100.0, 0)  # ten seconds ago, nothing handled yet
    spider = PlanningSpider(name="asrpress")
    crawler.stats.set_value("item_scraped_count", 180)
    assert extension.line(spider) == (
        "Progress: 180 articles exported, 200/1000 ids handled, 800 left, 20.0 ids/s, ETA 40s"
    )


def test_disabled_with_zero_interval():
    crawler = get_crawler(Spider, {"NEWSCRAWL_PROGRESS_INTERVAL": 0})
    with pytest.raises(NotConfigured):
        build_from_crawler(ProgressLog, crawler)
