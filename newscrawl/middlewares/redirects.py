"""``RedirectGuardMiddleware``: a redirect that loops or leaves the site fails its request, loudly.

Scrapy's ``RedirectMiddleware`` follows a redirect by scheduling a new request. When that request
is a URL the crawl already fetched (a loop: ``/fa/news/7/slug`` → ``/fa/news/7`` → …) the
scheduler's duplicate filter drops it; when it is on another host, ``OffsiteMiddleware`` drops it
(``offsite/filtered``). Both drops are silent: the request's errback never runs, so the article id
would vanish from the run without a trace. This middleware sits just before ``RedirectMiddleware``
(a higher priority number sees the response first) and raises :class:`RedirectLoop` or
:class:`OffsiteRedirect` instead; as ``IgnoreRequest`` subclasses they reach the request's errback,
which records the id as failed. Redirects are then never followed off-site, not even for
``dont_filter`` requests (the front page, the feed); ``allow_offsite`` in the request's meta still
allows one, as it does for ``OffsiteMiddleware``.

Off-site means what the spider's ``is_own`` says: not the crawled host and port (nor, crawling
the live site, one of its declared domains) — another port or a subdomain is another host. For a
spider without ``is_own``, what ``OffsiteMiddleware.should_follow`` says.
Stats: ``newscrawl/redirect/loop``,
``newscrawl/redirect/offsite``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from w3lib.url import canonicalize_url, safe_url_string

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RedirectLoop(IgnoreRequest):
    """The redirect leads back to a URL of its own redirect chain."""


class OffsiteRedirect(IgnoreRequest):
    """The redirect leads to a host outside the spider's ``allowed_domains``."""


def redirect_target(request: Request, response: Response) -> str | None:
    """Where ``response`` redirects ``request`` (absolute, percent-encoded), if Scrapy would follow.

    ``None`` for a response that is not a redirect, has no ``Location`` or answers a request that
    asked not to be redirected.
    """
    location = response.headers.get("Location")
    if (
        response.status not in REDIRECT_STATUSES
        or not location
        or request.meta.get("dont_redirect", False)
    ):
        return None
    return urljoin(request.url, safe_url_string(location))


class RedirectGuardMiddleware:
    """Fails redirect loops and off-site redirects instead of letting them vanish."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuardMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        target = redirect_target(request, response)
        if target is None:
            return response
        if not request.meta.get("allow_offsite") and self._offsite(request.replace(url=target)):
            self._count("offsite")
            raise OffsiteRedirect(f"{request.url} redirects to another host: {target}")
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if canonicalize_url(target) in {canonicalize_url(url) for url in chain}:
            self._count("loop")
            raise RedirectLoop(
                f"{request.url} redirects in a loop: {' -> '.join(chain)} -> {target}"
            )
        return response

    def _offsite(self, redirected: Request) -> bool:
        spider = self.crawler.spider
        is_own = getattr(spider, "is_own", None)
        if is_own is not None:  # the crawled host only: no other port, no other subdomain
            return not is_own(redirected.url)
        offsite = self.crawler.get_downloader_middleware(OffsiteMiddleware)
        return (
            offsite is not None
            and spider is not None
            and not offsite.should_follow(redirected, spider)
        )

    def _count(self, event: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/redirect/{event}")
