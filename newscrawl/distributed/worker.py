"""A worker's part in a shared crawl: the seeding gate and the worker extension.

``SeedGate`` lets start requests reach the shared queue only from the worker that seeds the crawl;
``SharedCrawlWorker`` keeps the worker's lease, evicts dead workers, runs the gap pass, and keeps
the spider open until the whole crawl has drained. Both are switched on by
``newscrawl.distributed.addon``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self

import redis
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from newscrawl.distributed.crawl import SharedCrawl
from newscrawl.distributed.ledger import ClusterLedger
from newscrawl.distributed.stats import ClusterStatsCollector

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from newscrawl.distributed.crawl import Tick

logger = logging.getLogger(__name__)


class SeedGate:
    """Spider middleware: the seeding worker pushes the start requests, the others send none.

    The seeder pushes them all at once rather than as its own engine asks for them: otherwise the
    shared queue would hold only what the seeder is about to take, and the others would starve.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        assert self.crawler.engine is not None
        await SharedCrawl.of(self.crawler).seed(start, self.crawler.engine.crawl)
        return
        yield  # an asynchronous generator that yields nothing itself


class SharedCrawlWorker:
    """Keep this worker in the shared crawl (distributed mode) until the crawl drains.

    Renews the lease every third of ``NEWSCRAWL_REDIS_LEASE`` and evicts workers whose lease
    expired; when the spider is idle, keeps it open (``DontCloseSpider``) while other workers may
    still produce or give back work, runs the gap pass when it falls to this worker (ids the plan
    holds that reached no callback on any worker are fetched again), and lets it close once the
    crawl drained. An evicted worker closes (reason ``evicted``) and publishes nothing.
    Stats: ``newscrawl/distributed/evicted_workers``, ``…/requeued_requests``,
    ``…/released_claims``, ``…/gap_pass_requeued``.
    """

    def __init__(self, crawler: Crawler, shared: SharedCrawl) -> None:
        self.crawler = crawler
        self.shared = shared
        self.stats: StatsCollector = crawler.stats
        self.heartbeat_task: task.LoopingCall | None = None
        self.evicted = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedCrawlWorker:
        extension = cls(crawler, SharedCrawl.of(crawler))
        if isinstance(crawler.stats, ClusterStatsCollector):
            extension.shared.stats_mirror = crawler.stats
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def spider_opened(self) -> None:
        self.heartbeat_task = task.LoopingCall(self.heartbeat)
        self.heartbeat_task.start(self.shared.lease / 3, now=True)

    def heartbeat(self) -> None:
        try:
            status = self.shared.renew()
            if status == "alive":
                self._note(self.shared.tick(idle=False))
        except redis.RedisError as error:  # keep beating: a blip must not stop the lease for good
            logger.warning("Cannot reach Redis to renew the lease: %s", error)
            return
        if status == "evicted" and not self.evicted:
            self._evicted()
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="evicted"))

    def spider_idle(self) -> None:
        try:
            tick = self.shared.tick(idle=True)
        except redis.RedisError as error:  # not a reason to leave: look again at the next idle
            logger.warning("Cannot reach Redis to see how the crawl stands: %s", error)
            raise DontCloseSpider from error
        self._note(tick)
        if tick.state == "evicted":
            self._evicted()
            raise CloseSpider("evicted")
        if tick.state == "drained":
            self.shared.drained = True
            return
        if tick.state == "gap_pass" and self.gap_pass() == 0:
            self.spider_idle()  # nothing was lost: the crawl may have drained already
            return
        raise DontCloseSpider

    def gap_pass(self) -> int:
        """Fetch again the planned ids no worker handled; return how many."""
        spider: Any = self.crawler.spider
        ledger = spider.ledger
        missing = ledger.unhandled_ids() if isinstance(ledger, ClusterLedger) else []
        for news_id in missing:
            self.crawler.engine.crawl(spider.article_request(news_id).replace(dont_filter=True))
        if missing:
            self.stats.inc_value("newscrawl/distributed/gap_pass_requeued", len(missing))
            logger.warning(
                "Gap pass: %d planned ids reached no worker's callback; fetching them again: %s",
                len(missing),
                missing[:20],
            )
        else:
            logger.info("Gap pass: every planned id was handled")
        self.shared.gap_pass_done()
        return len(missing)

    def engine_stopped(self) -> None:
        if self.heartbeat_task is not None and self.heartbeat_task.running:
            self.heartbeat_task.stop()

    def _note(self, tick: Tick) -> None:
        if not tick.evicted:
            return
        self.stats.inc_value("newscrawl/distributed/evicted_workers", tick.evicted)
        self.stats.inc_value("newscrawl/distributed/requeued_requests", tick.requeued)
        self.stats.inc_value("newscrawl/distributed/released_claims", tick.released)
        logger.warning(
            "Evicted %d worker(s) whose lease expired: %d requests back in the queue,"
            " %d claimed articles to export again",
            tick.evicted,
            tick.requeued,
            tick.released,
        )

    def _evicted(self) -> None:
        self.evicted = True
        self.stats.set_value("newscrawl/distributed/evicted", 1)
        logger.error(
            "This worker (%s) was evicted from crawl %r: it was silent longer than the lease"
            " (%.0f s); its work is being done again by others. Closing without publishing.",
            self.shared.worker,
            self.shared.keys.name,
            self.shared.lease,
        )
