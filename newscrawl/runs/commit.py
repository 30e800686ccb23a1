"""``LedgerCommit``: the run's ledger, built from settings, committed once the feed is published.

The ledger class is ``NEWSCRAWL_LEDGER_CLASS`` (default ``newscrawl.runs.ledger.RunLedger``; the
distributed add-on sets its Redis ledger) and is built by its ``from_crawler`` when the crawler
builds its extensions, after the spider exists and before discovery starts; it becomes the
spider's ``ledger``. Every item scraped (passed every pipeline, so exported) is marked exported in
it. At ``feed_exporter_closed`` (every feed published) the ledger commits:
exported ids become seen and, in an incremental run, the cursor moves. A local feed that was not
published (a write error) commits nothing: the next run redoes the work. At ``engine_stopped``
the ledger closes its files.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object

from newscrawl.runs.outputs import local_feed_path

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from newscrawl.runs.ledger import RunLedger

logger = logging.getLogger(__name__)

DEFAULT_LEDGER = "newscrawl.runs.ledger.RunLedger"


class LedgerCommit:
    """Builds the spider's ledger and commits it after the feeds are published."""

    def __init__(self, crawler: Crawler, ledger: RunLedger) -> None:
        self.crawler = crawler
        self.ledger = ledger

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if getattr(crawler.spider, "mode", None) is None:  # not a newscrawl spider
            raise NotConfigured("the spider has no discovery mode, so no ledger")
        ledger_class = load_object(crawler.settings.get("NEWSCRAWL_LEDGER_CLASS") or DEFAULT_LEDGER)
        ledger: RunLedger = ledger_class.from_crawler(crawler)
        crawler.spider.ledger = ledger  # type: ignore[union-attr]
        extension = cls(crawler, ledger)
        crawler.signals.connect(extension.item_scraped, signals.item_scraped)
        crawler.signals.connect(extension.feed_exporter_closed, signals.feed_exporter_closed)
        crawler.signals.connect(extension.engine_stopped, signals.engine_stopped)
        return extension

    def item_scraped(self, item: Any) -> None:
        news_id = ItemAdapter(item).get("news_id")
        if news_id is not None:
            self.ledger.mark_exported(int(news_id))

    def feed_exporter_closed(self) -> None:
        assert self.crawler.stats is not None
        assert self.crawler.spider is not None
        published = self.crawler.stats.get_value("newscrawl/feed/published")
        local_feed = local_feed_path(self.crawler.settings, self.crawler.spider)
        if self.ledger.exported and local_feed is not None and published is None:
            logger.error("Feed was not published; state not advanced, the next run redoes it")
            return
        incremental = getattr(self.crawler.spider, "mode", None) == "incremental"
        self.ledger.commit(incremental=incremental, feed=published)

    def engine_stopped(self) -> None:
        # Not at spider_closed: the feed exporter publishes (and this commits) after that signal.
        self.ledger.close()
