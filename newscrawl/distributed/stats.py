"""``ClusterStatsCollector``: this worker's stats in memory, every worker's totals in Redis.

scrapy-redis's ``RedisStatsCollector`` (0.9.1) keeps all stats in one Redis hash per spider and
does not work here: ``get_value`` turns every value into ``int`` (Scrapy's own ``LogStats`` fails
on the float ``start_time``, the spider on the feed path in ``newscrawl/feed/published``), its
``open_spider``/``close_spider`` need the ``spider`` argument Scrapy 2.19 deprecates, every
worker's summary would report the sum of all workers, and each increment costs three round trips.

So each worker keeps its own stats in memory, exactly as Scrapy's default collector does (its run
summary and progress line describe its own feed), and adds its numeric increments to the hash
scrapy-redis would use (``STATS_KEY``, set to ``newscrawl:<crawl>:stats``) in one pipelined
round trip per second, and when it commits: ``redis-cli HGETALL newscrawl:asrpress:stats``
shows the totals of the whole crawl while it runs (``item_scraped_count``, …).
"""

from __future__ import annotations

import time
from collections import Counter
from typing import TYPE_CHECKING

from scrapy.statscollectors import MemoryStatsCollector
from scrapy_redis.connection import get_redis_from_settings

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

FLUSH_INTERVAL = 1.0


class ClusterStatsCollector(MemoryStatsCollector):
    """Scrapy's memory stats collector plus the crawl's totals in the Redis hash ``STATS_KEY``."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.server = get_redis_from_settings(crawler.settings)
        self.key: str = crawler.settings["STATS_KEY"]
        self.pending: Counter[str] = Counter()
        self.mirroring = True
        """False once the worker committed: the totals may already be archived."""
        self._flushed_at = time.monotonic()

    def inc_value(
        self, key: str, count: int = 1, start: int = 0, spider: Spider | None = None
    ) -> None:
        if key not in self._stats:
            count += start
        self._stats[key] = self._stats.get(key, 0) + count
        if self.mirroring:
            self.pending[key] += count
            if time.monotonic() - self._flushed_at >= FLUSH_INTERVAL:
                self.flush()

    def flush(self, stop: bool = False) -> None:
        """Add the pending increments to the crawl's totals; ``stop`` mirroring afterwards."""
        if self.mirroring and self.pending:
            pipe = self.server.pipeline(transaction=False)
            for key, count in self.pending.items():
                if isinstance(count, int):
                    pipe.hincrby(self.key, key, count)
                else:
                    pipe.hincrbyfloat(self.key, key, count)
            pipe.execute()
            self.pending.clear()
        self._flushed_at = time.monotonic()
        self.mirroring = self.mirroring and not stop

    def close_spider(self, spider: Spider | None = None, reason: str | None = None) -> None:
        self.flush()
        super().close_spider(reason=reason)
