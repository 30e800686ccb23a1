"""``DropDuplicatesPipeline``: one record per ``(site, news_id)`` within a crawl."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class DuplicateArticle(DropItem):
    """The same ``(site, news_id)`` was already exported in this crawl."""


class DropDuplicatesPipeline:
    """Drop an item whose ``(site, news_id)`` this crawl already passed on.

    The same article reached twice (a slug variant, http and https, a feed link and an id walk)
    is exported once. Stats: ``newscrawl/dedupe/duplicate``.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.seen: set[tuple[str, int]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DropDuplicatesPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        key = (str(adapter.get("site")), int(adapter.get("news_id") or 0))
        if key in self.seen:
            self.stats.inc_value("newscrawl/dedupe/duplicate")
            raise DuplicateArticle(f"duplicate of an article already exported: {key[0]}/{key[1]}")
        self.seen.add(key)
        return item
