"""``CountFieldCoveragePipeline``: per-field coverage in the stats; stops a crawl losing a field."""

from __future__ import annotations

import logging
from collections import Counter, deque
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.utils.defer import deferred_from_coro

from newscrawl.pipelines.validate import REQUIRED_FIELDS
from newscrawl.runs.coverage import (
    ARTICLES_STAT,
    COLLAPSED_STAT,
    COVERED_FIELDS,
    STATS_PREFIX,
    ArticleRef,
    missing_fields,
)
from newscrawl.runs.ledger import RunLedger

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

CLOSE_REASON = "coverage_collapsed"
_EXAMPLES = 5


class CountFieldCoveragePipeline:
    """Count the articles carrying each field; close the spider when a required field vanishes.

    Placed before ``ValidateArticlePipeline``, which drops incomplete items, so every article page
    counts. Stats: ``newscrawl/coverage/articles`` (article items seen),
    ``newscrawl/coverage/<field>`` (those carrying the field; 0 included) and
    ``newscrawl/coverage/collapsed`` (the message, when the collapse check stopped the crawl).

    The collapse check (docs/operations.md) closes the spider (``coverage_collapsed``) and marks
    the pages lacking a required field, and any processed after, failed in the spider's ledger.

    Settings:

    - ``NEWSCRAWL_COVERAGE_MIN_PAGES`` (default 50): the window, in article pages; at least 1.
    - ``NEWSCRAWL_COVERAGE_MAX_MISSING`` (default 0.5): largest share of the window that may lack a
      required field; 1 or more turns the check off (the canary does, to see every article).
    """

    def __init__(self, crawler: Crawler, min_pages: int = 50, max_missing: float = 0.5) -> None:
        if min_pages < 1:
            raise ValueError(f"NEWSCRAWL_COVERAGE_MIN_PAGES must be at least 1, not {min_pages}")
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_missing = max_missing
        self.window: deque[tuple[ArticleRef, frozenset[str]]] = deque(maxlen=min_pages)
        self.window_missing: Counter[str] = Counter()
        self.collapsed = False
        self._closing: Deferred[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CountFieldCoveragePipeline:
        return cls(
            crawler,
            min_pages=crawler.settings.getint("NEWSCRAWL_COVERAGE_MIN_PAGES", 50),
            max_missing=crawler.settings.getfloat("NEWSCRAWL_COVERAGE_MAX_MISSING", 0.5),
        )

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        lacking = set(missing_fields(adapter))
        self.stats.inc_value(ARTICLES_STAT)
        for name in COVERED_FIELDS:
            self.stats.inc_value(f"{STATS_PREFIX}{name}", 0 if name in lacking else 1)
        ref = ArticleRef(adapter.get("news_id"), adapter.get("url"))
        lost = frozenset(lacking.intersection(REQUIRED_FIELDS))
        if self.collapsed:
            self._mark_for_retry(ref, lost)
        elif self.max_missing < 1:
            self._watch(ref, lost)
        return item

    def _watch(self, ref: ArticleRef, lost: frozenset[str]) -> None:
        if len(self.window) == self.window.maxlen:
            self.window_missing.subtract(self.window[0][1])
        self.window.append((ref, lost))
        self.window_missing.update(lost)
        if len(self.window) < (self.window.maxlen or 0):
            return
        limit = self.max_missing * len(self.window)
        collapsed = [name for name in REQUIRED_FIELDS if self.window_missing[name] > limit]
        if collapsed:
            self._collapse(collapsed)

    def _collapse(self, fields: list[str]) -> None:
        self.collapsed = True
        size = len(self.window)
        counts = ", ".join(f"{name} ({self.window_missing[name]} of {size})" for name in fields)
        examples = [str(ref) for ref, lost in self.window if lost][:_EXAMPLES]
        message = (
            f"required fields missing on more than {self.max_missing:.0%} of the last {size}"
            f" article pages: {counts}; the site's article template has probably changed"
        )
        self.stats.set_value(COLLAPSED_STAT, message)
        logger.error(
            "Coverage collapsed: %s. Stopping the crawl (%s); pages without them: %s. Run"
            " `newscrawl canary %s` for the per-field report.",
            message,
            CLOSE_REASON,
            "; ".join(examples),
            getattr(self.crawler.spider, "site", getattr(self.crawler.spider, "name", "SITE")),
        )
        for ref, lost in self.window:
            self._mark_for_retry(ref, lost)
        assert self.crawler.engine is not None
        self._closing = deferred_from_coro(
            self.crawler.engine.close_spider_async(reason=CLOSE_REASON)
        )

    def _mark_for_retry(self, ref: ArticleRef, lost: frozenset[str]) -> None:
        """Have the next incremental run fetch this article again (it lost a required field)."""
        ledger = getattr(self.crawler.spider, "ledger", None)
        if lost and ref.news_id is not None and isinstance(ledger, RunLedger):
            ledger.mark_failed(ref.news_id, f"{CLOSE_REASON}: missing {', '.join(sorted(lost))}")
