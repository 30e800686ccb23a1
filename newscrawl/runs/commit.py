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
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object

from newscrawl.runs.feedstorage import PART_SUFFIX
from newscrawl.runs.outputs import check_writable, failures_path, local_feed_path, rejects_path
from newscrawl.runs.state import DEFAULT_STATE_DIR

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
        self.started = time.time()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if getattr(crawler.spider, "mode", None) is None:  # not a newscrawl spider
            raise NotConfigured("the spider has no discovery mode, so no ledger")
        spider: Any = crawler.spider
        settings = crawler.settings
        outputs = [failures_path(settings, spider).parent, rejects_path(settings, spider).parent]
        feed = local_feed_path(settings, spider)
        state_dir = Path(settings.get("NEWSCRAWL_STATE_DIR") or DEFAULT_STATE_DIR)
        check_writable([*outputs, *([feed.parent] if feed else []), state_dir])
        ledger_class = load_object(settings.get("NEWSCRAWL_LEDGER_CLASS") or DEFAULT_LEDGER)
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
        spider: Any = self.crawler.spider
        local_feed = local_feed_path(self.crawler.settings, spider)
        if self.ledger.exported and local_feed is not None and not self.ledger.staged:
            logger.error("Feed was not written; state not advanced, the next run redoes it")
            return
        incremental = spider.mode == "incremental"
        published = self.ledger.commit(incremental=incremental)
        for outcome, count in self.ledger.outcome.items():
            self.crawler.stats.set_value(f"newscrawl/ledger/{outcome}", count)
        if published:
            self.crawler.stats.set_value("newscrawl/feed/published", published[0])
        if incremental and local_feed is not None:
            remove_stale_parts(local_feed.parent, before=self.started)

    def engine_stopped(self) -> None:
        # Not at spider_closed: the feed exporter publishes (and this commits) after that signal.
        self.ledger.close()


def remove_stale_parts(directory: Path, before: float) -> None:
    """Remove ``*.part`` feeds of runs killed before ``before`` (a time stamp).

    Called after an incremental run committed: a killed run advanced no state, so this run
    fetched its articles again; its ``.part`` holds nothing that is not published now.
    """
    for part in directory.glob(f"*{PART_SUFFIX}"):
        if part.stat().st_mtime < before:
            logger.info("Removing %s, the feed of a run killed before it published", part)
            part.unlink(missing_ok=True)
