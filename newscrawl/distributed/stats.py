"""``ClusterStatsCollector``: this worker's stats in memory, every worker's totals in Redis.

Why not scrapy-redis's ``RedisStatsCollector``: docs/distributed.md. Numeric increments are added
to the hash ``STATS_KEY`` (``newscrawl:<crawl>:stats``) in one pipelined round trip per second,
and when the worker commits.
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
