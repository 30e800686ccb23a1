"""``RedirectElsewhereMiddleware``: an article URL that redirects to another article's URL.

The CMS sends ``/fa/news/{id}`` to ``/fa/news/{id}/{slug}``; a merged or duplicate article's id is
sent to *another* id's URL instead (``/fa/news/105`` → ``/fa/news/104/{slug}``). Scrapy's
``RedirectMiddleware`` would schedule that URL as a new request: when id 104's page was already
requested, the scheduler's duplicate filter drops it silently (id 105 is neither exported, nor a
gap, nor a failure, and the incremental cursor never moves past it); otherwise id 104's page comes
back as the answer for id 105. This middleware sits between the redirect guard and
``RedirectMiddleware`` and raises :class:`RedirectedElsewhere` instead of following; as an
``IgnoreRequest`` it reaches the request's errback, where the spider counts the id as a gap and
asks for the other article under its own id.

Ids are read from the URLs by the spider's CMS (its ``article_id``): the first URL of the redirect
chain against the ``Location``. A redirect that does not lead from one article URL to another
(``/fa/news/105`` to a short link, a short link to an article) is left to ``RedirectMiddleware``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from newscrawl.middlewares.redirects import redirect_target

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class RedirectedElsewhere(IgnoreRequest):
    """The URL of article ``news_id`` redirects to ``target_url``, article ``target_id``'s."""

    def __init__(self, news_id: int, target_id: int, target_url: str) -> None:
        super().__init__(f"id {news_id} redirects to id {target_id}: {target_url}")
        self.news_id = news_id
        self.target_id = target_id
        self.target_url = target_url


class RedirectElsewhereMiddleware:
    """Raises :class:`RedirectedElsewhere` for a redirect from one article id to another."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectElsewhereMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        target = redirect_target(request, response)
        cms = getattr(self.crawler.spider, "cms", None)
        if target is None or cms is None:
            return response
        news_id = cms.article_id([*request.meta.get("redirect_urls", []), request.url][0])
        target_id = cms.article_id(target)
        if news_id is None or target_id is None or target_id == news_id:
            return response
        raise RedirectedElsewhere(news_id, target_id, target)
