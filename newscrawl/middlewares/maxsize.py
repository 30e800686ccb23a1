"""``CountOversizedMiddleware``: responses dropped for ``DOWNLOAD_MAXSIZE`` are counted.

Scrapy aborts a download whose ``Content-Length`` (or received body) exceeds ``DOWNLOAD_MAXSIZE``
with ``DownloadCancelledError`` and a warning in the log, but counts nothing. This middleware counts
``newscrawl/download/oversized``; the exception goes on to the request's errback, where the spider
records an article id as failed (reason ``oversized``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DownloadCancelledError

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler


class CountOversizedMiddleware:
    """Counts downloads cancelled for their size; handles nothing."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CountOversizedMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, DownloadCancelledError) and self.crawler.stats is not None:
            self.crawler.stats.inc_value("newscrawl/download/oversized")
