"""``BotCheckMiddleware``: a bot-check or block page stops the crawl instead of being exported.

Challenges of the CDNs Iranian sites use (Cloudflare, ArvanCloud) are recognised by their
markers and never solved; a challenge no marker knows shows no layout of the site's CMS, so it
fails the fetch as ``unknown_layout`` (``spiders.news``) and is retried by the next run.

A challenge page ("Just a moment...", served with HTTP 200 as often as with 403/503) has no
article on it: parsed, it would be rejected at best; retried, it is hammering a site that has
started defending itself. On the first one this middleware counts ``newscrawl/botcheck/detected``
(and ``newscrawl/botcheck/<marker>``), logs an error naming the URL and the marker, closes the
spider with finish reason ``blocked_by_bot_check`` (so the run summary and ``newscrawl run`` report
the run as failed), and fails the request with :class:`BotCheckPage`, which its errback records.
Requests already in flight finish; nothing new is fetched. The next run starts where this one
stopped (failed ids are retried, the incremental cursor never passes an unfetched id).

Markers (:data:`MARKERS`) are checked on every response before retries and parsing: a header
(Cloudflare's ``cf-mitigated: challenge``) or a pattern in the first 64 KiB of the body. They are
specific to challenge pages, never words an article could contain.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import deferred_from_coro

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

CLOSE_REASON = "blocked_by_bot_check"
_BODY_WINDOW = 64 * 1024

MARKERS: tuple[tuple[str, bytes | None, re.Pattern[bytes]], ...] = (
    # (marker name, header to check or None for the body, pattern)
    ("cf_mitigated", b"cf-mitigated", re.compile(rb"challenge", re.IGNORECASE)),
    # Cloudflare's interstitial and its challenge script (2023-2025 pages).
    ("challenge_title", None, re.compile(rb"<title>\s*Just a moment\.\.\.\s*</title>", re.I)),
    ("challenge_platform", None, re.compile(rb"/cdn-cgi/challenge-platform/")),
    # Cloudflare's block page.
    ("attention_required", None, re.compile(rb"<title>[^<]*Attention Required![^<]*</title>")),
    # ArvanCloud's challenge, which fronts most Iranian sites: its script's site key and source
    # variables (a real challenge page stored in place of Hamshahri's archive, 2024-02;
    # docs/reference/cms-families.md §5 R2).
    ("arvan_challenge", None, re.compile(rb"window\.AR_SiteKey|\b__arcsrc\b")),
)
"""``(name, header or None for the body, pattern)``: any match marks a bot-check page."""


class BotCheckPage(IgnoreRequest):
    """The site answered with a bot-check or block page instead of the page asked for."""


def bot_check_marker(response: Response) -> str | None:
    """The name of the first marker ``response`` shows, or None.

    >>> from scrapy.http import HtmlResponse
    >>> bot_check_marker(HtmlResponse("https://x.ir/", body=b"<title>Just a moment...</title>"))
    'challenge_title'
    >>> print(bot_check_marker(HtmlResponse("https://x.ir/", body=b"<title>A moment</title>")))
    None
    """
    head = response.body[:_BODY_WINDOW]
    for name, header, pattern in MARKERS:
        if header is None:
            found = pattern.search(head)
        else:
            found = pattern.search(response.headers.get(header) or b"")
        if found:
            return name
    return None


class BotCheckMiddleware:
    """Stops the crawl at the first bot-check page; see the module."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.closing: Deferred[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BotCheckMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        marker = bot_check_marker(response)
        if marker is None:
            return response
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/botcheck/detected")
        self.crawler.stats.inc_value(f"newscrawl/botcheck/{marker}")
        if self.closing is None:
            logger.error(
                "Bot check at %s (HTTP %d, %s): the site is blocking the crawler; stopping the"
                " crawl. Nothing is exported from such pages; the next run resumes here.",
                response.url,
                response.status,
                marker,
            )
            assert self.crawler.engine is not None
            self.closing = deferred_from_coro(
                self.crawler.engine.close_spider_async(reason=CLOSE_REASON)
            )
        raise BotCheckPage(f"{response.url} answered with a bot-check page ({marker})")
