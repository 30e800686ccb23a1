"""``WorkerFeedStorage``: a worker evicted from the shared crawl does not publish its feed.

An evicted worker (its lease expired: it stalled, or lost Redis, for longer than
``NEWSCRAWL_REDIS_LEASE``) had its requests given back and its claims released; other workers
export those articles again. Publishing its feed as well would export them twice, so its items
stay in ``<feed>.part``, never renamed into place.
"""

from __future__ import annotations

import logging
from typing import IO, TYPE_CHECKING, Any

from newscrawl.distributed.crawl import SharedCrawl
from newscrawl.runs.feedstorage import AtomicFileFeedStorage

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class WorkerFeedStorage(AtomicFileFeedStorage):
    """An ``AtomicFileFeedStorage`` that publishes only while the worker belongs to the crawl."""

    shared: SharedCrawl | None = None

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> WorkerFeedStorage:
        storage = cls(uri, feed_options=feed_options, crawler=crawler)
        storage.shared = SharedCrawl.of(crawler)
        return storage

    def store(self, file: IO[bytes]) -> None:
        if self.shared is not None and self.shared.is_evicted():
            file.close()
            logger.error(
                "Worker %s was evicted from crawl %r: feed not published, left in %s",
                self.shared.worker,
                self.shared.keys.name,
                self.part_path,
            )
            return
        super().store(file)
