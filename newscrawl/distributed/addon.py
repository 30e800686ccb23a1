"""``SharedCrawlAddon``: ``-s NEWSCRAWL_REDIS_URL=redis://host:port/db`` shares the crawl in Redis.

A Scrapy add-on (``ADDONS``), inert without ``NEWSCRAWL_REDIS_URL``. With it, it switches the
crawl to scrapy-redis's shared queue, duplicate filter and stats on the keys of the crawl
(``NEWSCRAWL_CRAWL``, default the spider's name), and adds this package's parts: the Redis ledger
(``NEWSCRAWL_LEDGER_CLASS``), the claim pipeline, the worker extension, the seeding gate, the
feed storage of a worker, and the JSON serializer of queued requests (``serializer``; pickle,
which lets whoever writes to Redis run code on the workers, only with
``NEWSCRAWL_REDIS_PICKLE=1``). Scalar settings are set at ``spider`` priority, so a ``-s`` on the
command line still wins. The spider knows nothing of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.exceptions import NotConfigured

from newscrawl.distributed.keys import CrawlKeys, check_crawl_name

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

CLAIM_PIPELINE = "newscrawl.distributed.pipelines.ClaimArticlePipeline"
SEED_GATE = "newscrawl.distributed.worker.SeedGate"
WORKER_EXTENSION = "newscrawl.distributed.worker.SharedCrawlWorker"
WORKER_FEED_STORAGE = "newscrawl.distributed.feedstorage.WorkerFeedStorage"
WORKER_LEDGER = "newscrawl.distributed.ledger.ClusterLedger"
SERIALIZER = "newscrawl.distributed.serializer"


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
        "NEWSCRAWL_LEDGER_CLASS": WORKER_LEDGER,
        # The seeder pushes every start request at once (SeedGate): no lazy start.
        "NEWSCRAWL_LAZY_START": False,
    }


class SharedCrawlAddon:
    """Switches a crawl to a crawl shared through Redis when ``NEWSCRAWL_REDIS_URL`` is set."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def update_settings(self, settings: BaseSettings) -> None:
        redis_url = settings.get("NEWSCRAWL_REDIS_URL")
        if not redis_url:
            raise NotConfigured  # a crawl of its own: nothing to say
        crawl = settings.get("NEWSCRAWL_CRAWL") or self.crawler.spidercls.name
        for name, value in distributed_settings(redis_url, str(crawl)).items():
            settings.set(name, value, priority="spider")
        if not settings.getbool("NEWSCRAWL_REDIS_PICKLE"):  # pickle runs code: opt-in only
            settings.set("SCHEDULER_SERIALIZER", SERIALIZER, priority="spider")
        _merge(settings, "ITEM_PIPELINES", {CLAIM_PIPELINE: 400})  # after validation and dedupe
        _merge(settings, "EXTENSIONS", {WORKER_EXTENSION: 520})
        _merge(settings, "SPIDER_MIDDLEWARES", {SEED_GATE: 10})
        _merge(settings, "FEED_STORAGES", {"": WORKER_FEED_STORAGE, "file": WORKER_FEED_STORAGE})


def _merge(settings: BaseSettings, name: str, entries: dict[str, object]) -> None:
    """Add ``entries`` to the dict setting ``name``, keeping what it holds."""
    merged = settings.getdict(name)
    merged.update(entries)
    settings.set(name, merged, priority="spider")
