"""``ProgressLog``: a line a person can read, every so often, during long crawls."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import reactor, task

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

FIRST_LINE_AFTER = 2.0
"""Seconds from the start of a crawl to its first progress line."""


def format_duration(seconds: float) -> str:
    """``3725`` -> ``'1h02m'``; ``95`` -> ``'1m35s'``.

    >>> format_duration(3725), format_duration(95), format_duration(7)
    ('1h02m', '1m35s', '7s')
    """
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class ProgressLog:
    """Log crawl progress every ``NEWSCRAWL_PROGRESS_INTERVAL`` seconds (default 10; 0 disables).

    The first line comes :data:`FIRST_LINE_AFTER` seconds after the start, so that a short crawl
    shows one too.

    The line: articles exported so far, ids handled of those planned (the plan grows while an
    archive backfill reads its listings), ids left, the rate over the last interval, and an ETA.
    The spider provides ``planned`` (int) and ``ledger.handled`` (a set of ids).
    """

    def __init__(
        self, stats: StatsCollector, interval: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stats = stats
        self.interval = interval
        self.clock = clock
        self.task: task.LoopingCall | None = None
        self.first: Deferred[None] | None = None
        self.closed = False
        self._last = (0.0, 0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLog:
        interval = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL", 10.0)
        if interval <= 0:
            raise NotConfigured
        assert crawler.stats is not None
        extension = cls(crawler.stats, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self._last = (self.clock(), 0)
        self.task = task.LoopingCall(lambda: logger.info("%s", self.line(spider)))
        self.first = task.deferLater(reactor, min(FIRST_LINE_AFTER, self.interval), self._begin)

    def _begin(self) -> None:
        if self.task is not None and not self.task.running and not self.closed:
            self.task.start(self.interval, now=True)

    def line(self, spider: Spider) -> str:
        planned = int(getattr(spider, "planned", 0))
        ledger = getattr(spider, "ledger", None)
        handled = len(ledger.handled) if ledger is not None else 0
        exported = self.stats.get_value("item_scraped_count", 0)
        now = self.clock()
        then, handled_then = self._last
        rate = (handled - handled_then) / max(now - then, 1e-9)
        self._last = (now, handled)
        left = max(planned - handled, 0)
        eta = format_duration(left / rate) if rate > 0 and left else "-"
        return (
            f"Progress: {exported} articles exported, {handled}/{planned} ids handled, "
            f"{left} left, {rate:.1f} ids/s, ETA {eta}"
        )

    def spider_closed(self) -> None:
        self.closed = True
        if self.task is not None and self.task.running:
            self.task.stop()
