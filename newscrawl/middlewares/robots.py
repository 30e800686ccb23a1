"""``RobotsTxtMiddleware``: every request waits for its host's robots.txt, read as RFC 9309 says.

Scrapy's own middleware (2.19) has two faults this subclass mends:

- **Waiters got no rules.** Requests that arrive while robots.txt is being fetched await one
  shared Deferred; the first waiter's ``asFuture`` callback returns None, so every later waiter
  got ``None`` and went through as if allowed: an ids crawl under ``Disallow: /`` fetched a few
  pages of every batch. Here each waiter gets a Deferred of its own, fired with the parsed rules,
  and the shared one keeps its result.
- **Any answer was parsed as rules.** A 5xx error page or an exception meant "allow all". RFC 9309
  §2.3.1: a 4xx ("unavailable") allows all; a 5xx or an unreachable host (after the retries the
  downloader middlewares make) means robots.txt is *unreachable*, and nothing may be crawled. (A
  robots.txt a middleware refuses to fetch, as a replay without it does, allows all, as in Scrapy.)
  Then the run stops (finish reason ``robots_unavailable``) and every waiting request fails with
  :class:`RobotsUnavailable`, so no article is fetched and none is taken for a gap.

Stats, besides Scrapy's ``robotstxt/…``: ``newscrawl/robots/unavailable``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

CLOSE_REASON = "robots_unavailable"


class RobotsUnavailable(IgnoreRequest):
    """The host's robots.txt could not be read (5xx or no answer): nothing may be fetched."""


class RobotsForbidden(IgnoreRequest):
    """The host's robots.txt disallows the URL."""


class _Unreachable:
    """The rules of a host whose robots.txt is unreachable: they allow nothing."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    """Scrapy's ``RobotsTxtMiddleware`` that every waiter obeys, with RFC 9309's status rules."""

    _closing: Deferred[None] | None = None

    async def robot_parser(self, request: Request) -> RobotParser | None:
        """The rules of the request's host: fetched by the first request, awaited by the rest."""
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots = Request(
                f"{url.scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True},
                callback=NO_CALLBACK,
            )
            assert self.crawler.engine is not None
            try:
                response = await self.crawler.engine.download_async(robots)
                await self._parse_robots(response, netloc, request)
            except Exception as error:  # after the retries the downloader middlewares made
                self._robots_error(error, netloc)
            self._stats.inc_value("robotstxt/request_count")
        rules = self._parsers[netloc]
        if not isinstance(rules, Deferred):
            return rules
        waiter: Deferred[RobotParser | None] = Deferred()

        def relay(result: RobotParser | None) -> RobotParser | None:
            waiter.callback(result)
            return result  # the next waiter sees the same rules

        rules.addBoth(relay)
        return await maybe_deferred_to_future(waiter)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, _Unreachable):
            raise RobotsUnavailable(f"robots.txt of {request.url} is unreachable: {rp.reason}")
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            raise RobotsForbidden(f"forbidden by robots.txt: {request.url}") from None

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._unreachable(netloc, f"HTTP {response.status}")
            return
        if 400 <= response.status < 500:  # "unavailable": no rules, everything allowed
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):  # refused by a middleware (not in a replayed archive)
            super()._robots_error(exc, netloc)
            return
        self._unreachable(netloc, str(exc) or type(exc).__name__)

    def _unreachable(self, netloc: str, reason: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/robots/unavailable")
        pending = self._parsers[netloc]
        rules = _Unreachable(reason)
        self._parsers[netloc] = rules  # type: ignore[assignment]
        if self._closing is None:
            logger.error(
                "robots.txt of %s is unreachable (%s): stopping the crawl, nothing fetched",
                netloc,
                reason,
            )
            assert self.crawler.engine is not None
            self._closing = deferred_from_coro(
                self.crawler.engine.close_spider_async(reason=CLOSE_REASON)
            )
        if isinstance(pending, Deferred):
            pending.callback(rules)  # type: ignore[arg-type]  # waiters test for _Unreachable
