"""What ``-s NEWSCRAWL_REDIS_URL=redis://host:port/db`` switches on: scrapy-redis, and our parts.

Called by the spider's ``update_settings`` (after the command line's settings are applied) only
when ``NEWSCRAWL_REDIS_URL`` is set; without it nothing here is imported and nothing changes.
Each value is set at ``spider`` priority, so a ``-s`` on the command line still wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.distributed.keys import CrawlKeys, check_crawl_name

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

CLAIM_PIPELINE = "newscrawl.distributed.pipelines.ClaimArticlePipeline"
WORKER_EXTENSION = "newscrawl.distributed.worker.SharedCrawlWorker"
WORKER_FEED_STORAGE = "newscrawl.distributed.feedstorage.WorkerFeedStorage"


def distributed_settings(redis_url: str, crawl: str) -> dict[str, object]:
    """scrapy-redis's scheduler, queue, duplicate filter and stats, on the keys of ``crawl``."""
    keys = CrawlKeys(check_crawl_name(crawl))
    return {
        "REDIS_URL": redis_url,
        "SCHEDULER": "newscrawl.distributed.scheduler.ReliableScheduler",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        # Workers come and go: none may flush the shared queue or fingerprints when it leaves.
        "SCHEDULER_PERSIST": True,
        "STATS_CLASS": "newscrawl.distributed.stats.ClusterStatsCollector",
        "STATS_KEY": keys.stats,
    }


def apply_distributed_settings(settings: BaseSettings, spider_name: str) -> None:
    """Switch ``settings`` to a shared crawl in ``NEWSCRAWL_REDIS_URL``."""
    crawl = settings.get("NEWSCRAWL_CRAWL") or spider_name
    for name, value in distributed_settings(settings["NEWSCRAWL_REDIS_URL"], crawl).items():
        settings.set(name, value, priority="spider")
    _merge(settings, "ITEM_PIPELINES", {CLAIM_PIPELINE: 400})  # after validation and dedupe
    _merge(settings, "EXTENSIONS", {WORKER_EXTENSION: 520})
    _merge(settings, "FEED_STORAGES", {"": WORKER_FEED_STORAGE, "file": WORKER_FEED_STORAGE})


def _merge(settings: BaseSettings, name: str, entries: dict[str, object]) -> None:
    """Add ``entries`` to the dict setting ``name``, keeping what it holds."""
    merged = settings.getdict(name)
    merged.update(entries)
    settings.set(name, merged, priority="spider")
