"""``BackoffRetryMiddleware``: Scrapy's retries, spaced out, never sooner than ``Retry-After`` asks.

Scrapy's own ``RetryMiddleware`` re-schedules a failed request at once and ignores ``Retry-After``;
against a site that is overloaded or rate-limiting us that is hammering. This middleware replaces
it (same settings: ``RETRY_ENABLED``, ``RETRY_TIMES``, ``RETRY_HTTP_CODES``, ``RETRY_EXCEPTIONS``,
``RETRY_PRIORITY_ADJUST``, the ``dont_retry``/``max_retry_times`` meta keys; same ``retry/…``
stats, through Scrapy's :func:`~scrapy.downloadermiddlewares.retry.get_retry_request`) and adds:

- **backoff**: retry *n* waits ``NEWSCRAWL_RETRY_BACKOFF`` × 2^(n-1) seconds (default 1 s: 1, 2,
  4 …), at most ``NEWSCRAWL_RETRY_BACKOFF_MAX`` (default 30 s);
- **Retry-After** (seconds or an HTTP date) on a retryable status: the retry waits at least that
  long. A response asking for more than ``NEWSCRAWL_RETRY_AFTER_MAX`` (default 120 s) is not
  retried in this run: the request fails (the spider records the id, the next run tries again),
  because retrying sooner than the site asked is exactly what it asked us not to do;
- **truncated HTML**: a 200 HTML page whose end never came (no ``</html>`` or ``</body>`` in its
  last KiB; the CMS always writes both) is retried like a 5xx; if every attempt is cut short the
  request fails with :class:`TruncatedPage`, so half a page is never parsed into an article.

The wait happens inside the middleware chain, so a waiting retry holds one of the crawl's
``CONCURRENT_REQUESTS`` slots: when a whole site answers 429 or 503, the crawl slows down with it.

Stats: ``newscrawl/retry/backoff_ms`` (total waited), ``newscrawl/retry/retry_after``
(waits set by the site), ``newscrawl/retry/retry_after_too_long``, ``newscrawl/retry/truncated``.
"""

from __future__ import annotations

import email.utils
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.asyncio import sleep
from scrapy.utils.misc import load_object
from scrapy.utils.response import response_status_message

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

_HTML_END_WINDOW = 1024


class TruncatedPage(IgnoreRequest):
    """Every attempt returned an HTML page cut short (no ``</html>`` nor ``</body>`` at its end)."""


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """The wait a ``Retry-After`` header asks for, in seconds; None when absent or unreadable.

    >>> retry_after_seconds(b"120")
    120.0
    >>> moment = datetime(2015, 10, 21, 7, 27, tzinfo=UTC)
    >>> retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT", now=moment)
    60.0
    >>> retry_after_seconds(b"soon") is None
    True
    """
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def is_truncated_html(response: Response) -> bool:
    """A 200 HTML response whose last KiB holds neither ``</html>`` nor ``</body>``.

    >>> is_truncated_html(HtmlResponse("https://x.ir/", body=b"<html><body><p>Half a sen"))
    True
    >>> is_truncated_html(HtmlResponse("https://x.ir/", body=b"<body></body></HTML>"))
    False
    """
    if response.status != 200 or not isinstance(response, HtmlResponse):
        return False
    tail = response.body[-_HTML_END_WINDOW:].lower()
    return b"</html>" not in tail and b"</body>" not in tail


class BackoffRetryMiddleware:
    """Retries with exponential backoff, honouring ``Retry-After`` up to a bound; see the module.

    Settings: ``NEWSCRAWL_RETRY_BACKOFF`` (1.0 s), ``NEWSCRAWL_RETRY_BACKOFF_MAX`` (30 s),
    ``NEWSCRAWL_RETRY_AFTER_MAX`` (120 s), ``NEWSCRAWL_SITE_BACKOFF_MAX`` (60 s), and Scrapy's
    ``RETRY_*`` settings.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats: StatsCollector = crawler.stats
        self.max_retry_times = settings.getint("RETRY_TIMES")
        self.retry_http_codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}
        self.exceptions_to_retry = tuple(
            load_object(name) if isinstance(name, str) else name
            for name in settings.getlist("RETRY_EXCEPTIONS")
        )
        self.backoff_base = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF", 1.0)
        self.backoff_max = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_MAX", 30.0)
        self.retry_after_max = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX", 120.0)
        self.site_backoff_max = settings.getfloat("NEWSCRAWL_SITE_BACKOFF_MAX", 60.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        self._pace_site(request, storm=response.status in self.retry_http_codes)
        if request.meta.get("dont_retry", False):
            return response
        if response.status in self.retry_http_codes:
            return await self._retry_status(request, response)
        if is_truncated_html(response):
            self.stats.inc_value("newscrawl/retry/truncated")
            retry = self._retry_request(request, "truncated_html")
            if retry is None:
                raise TruncatedPage(
                    f"{response.url}: HTML cut short after {len(response.body)} bytes"
                    f" (no </html>), on every one of {request.meta.get('retry_times', 0) + 1}"
                    " attempts"
                )
            await self._wait(retry, None)
            return retry
        return response

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry"):
            return None
        retry = self._retry_request(request, exception)
        if retry is not None:
            await self._wait(retry, None)
        return retry

    def _pace_site(self, request: Request, storm: bool) -> None:
        """Slow the whole site down in a storm of 5xx/429 answers, and back up as it recovers.

        Each such answer doubles the download delay of the request's slot (the site), up to
        ``NEWSCRAWL_SITE_BACKOFF_MAX`` (60 s); each other answer halves what it added. Retries
        alone space one request's attempts, while every other request kept hammering.
        """
        engine = self.crawler.engine
        if engine is None:
            return
        downloader = engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is None:
            return
        floor = self.crawler.settings.getfloat("DOWNLOAD_DELAY")
        if storm:
            paced = min(max(slot.delay * 2, self.backoff_base), self.site_backoff_max)
            if paced > slot.delay:
                self.stats.inc_value("newscrawl/retry/site_backoff")
                logger.warning("The site answers with errors: one request every %.1f s", paced)
            slot.delay = paced
        elif slot.delay > floor:
            slot.delay = max(floor, slot.delay / 2)

    def backoff(self, retry_times: int) -> float:
        """Seconds before retry number ``retry_times`` (1 for the first retry)."""
        return float(min(self.backoff_max, self.backoff_base * 2 ** max(0, retry_times - 1)))

    async def _retry_status(self, request: Request, response: Response) -> Request | Response:
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is not None and asked > self.retry_after_max:
            self.stats.inc_value("newscrawl/retry/retry_after_too_long")
            logger.warning(
                "%s answered %d with Retry-After %d s, more than NEWSCRAWL_RETRY_AFTER_MAX"
                " (%d s): not retried in this run",
                request.url,
                response.status,
                asked,
                self.retry_after_max,
            )
            return response
        retry = self._retry_request(request, response_status_message(response.status))
        if retry is None:
            return response
        await self._wait(retry, asked)
        return retry

    def _retry_request(self, request: Request, reason: str | Exception) -> Request | None:
        assert self.crawler.spider is not None
        return get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=reason,
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
        )

    async def _wait(self, retry: Request, asked: float | None) -> None:
        delay = self.backoff(int(retry.meta.get("retry_times", 1)))
        if asked is not None:
            self.stats.inc_value("newscrawl/retry/retry_after")
            delay = max(delay, asked)
        if delay > 0:
            self.stats.inc_value("newscrawl/retry/backoff_ms", round(delay * 1000))
            await sleep(delay)
