"""``ReliableScheduler``: scrapy-redis's scheduler, made safe for workers that die mid-crawl.

It keeps scrapy-redis's (0.9.1) queue, serializer, duplicate filter and settings. ``next_request``
moves the request into the worker's taken set instead of deleting it (given back to the queue if
the worker is evicted); ``enqueue_request`` adds the fingerprint and pushes the request in one
step; stats and logging avoid the ``spider`` argument and ``Spider.log``, deprecated in 2.19.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler

from newscrawl.distributed import scripts
from newscrawl.distributed.crawl import SharedCrawl

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

QUEUE_CLASS = "scrapy_redis.queue.PriorityQueue"
"""The queue the scripts assume: a sorted set scored by ``-priority``."""


class ReliableScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis has no type hints
    """A scrapy-redis ``Scheduler`` whose popped requests survive the death of the worker."""

    shared: SharedCrawl
    df: Any  # scrapy_redis.dupefilter.RFPDupeFilter
    queue: Any  # scrapy_redis.queue.PriorityQueue

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReliableScheduler:
        scheduler: ReliableScheduler = super().from_crawler(crawler)
        scheduler.shared = SharedCrawl.of(crawler)
        scheduler._enqueue = scheduler.server.register_script(scripts.ENQUEUE)
        scheduler._pop = scheduler.server.register_script(scripts.POP)
        return scheduler

    def open(self, spider: Spider) -> None:
        # scrapy-redis's open(), but logging through a logger (Spider.log is deprecated in 2.19)
        if self.queue_cls != QUEUE_CLASS:
            raise ValueError(f"SCHEDULER_QUEUE_CLASS must be {QUEUE_CLASS} in distributed mode")
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer,
        )
        if self.queue.key != self.shared.keys.requests:
            raise ValueError(f"SCHEDULER_QUEUE_KEY must be {self.shared.keys.requests!r}")
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if self.flush_on_start:
            self.flush()
        logger.info("Shared queue %s holds %d requests", self.queue.key, len(self.queue))

    def enqueue_request(self, request: Request) -> bool:
        fingerprint = self.df.request_fingerprint(request)
        added = self._enqueue(
            keys=[self.df.key, self.queue.key],
            args=[
                fingerprint,
                -request.priority,
                self.queue._encode_request(request),
                int(request.dont_filter),
            ],
        )
        if not added:
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        while True:
            raw: Any = self._pop(args=[self.shared.keys.prefix, self.shared.worker])
            if raw is None:
                return None
            self.stats.inc_value("scheduler/dequeued/redis")
            try:
                request: Request = self.queue._decode_request(raw)
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                # Not a request this crawl queued (another serializer, or a forged entry): it
                # is dropped, loudly, and the worker goes on with the next one.
                self.stats.inc_value("newscrawl/distributed/undecodable_requests")
                logger.error("Dropped an undecodable entry of the shared queue: %r", error)
                continue
            return request
