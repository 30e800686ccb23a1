"""``ClaimArticlePipeline``: an article is exported by the first worker to claim its news id."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.distributed.crawl import SharedCrawl

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class ClaimedElsewhere(DropItem):
    """Another worker of the shared crawl claimed (exports) this news id."""


class WorkerEvicted(DropItem):
    """This worker was evicted: its work is being done again by others."""


class ClaimArticlePipeline:
    """Claim each article's news id in the shared crawl before it is exported (distributed mode).

    The claim is atomic in Redis (first claim wins), so two workers that reach the same article —
    a request given back after its worker was evicted, a slug variant — export it once. Runs
    after the in-run dedupe. Stats: ``newscrawl/distributed/claimed``,
    ``newscrawl/distributed/claimed_elsewhere``.
    """

    def __init__(self, shared: SharedCrawl, stats: StatsCollector) -> None:
        self.shared = shared
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClaimArticlePipeline:
        return cls(SharedCrawl.of(crawler), crawler.stats)

    def process_item(self, item: Any) -> Any:
        news_id = ItemAdapter(item).get("news_id")
        if news_id is None:
            return item  # nothing to claim; validation has already rejected such an item
        won, owner = self.shared.claim(int(news_id))
        if won == 1:
            self.stats.inc_value("newscrawl/distributed/claimed")
            return item
        if won == -1:
            raise WorkerEvicted(f"news id {news_id}: this worker was evicted from the crawl")
        self.stats.inc_value("newscrawl/distributed/claimed_elsewhere")
        logger.info("News id %s already exported by worker %s; dropped here", news_id, owner)
        raise ClaimedElsewhere(f"news id {news_id} is exported by worker {owner}")
