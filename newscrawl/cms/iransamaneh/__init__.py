"""The IranSamaneh CMS (asrpress, tabnak, asriran, yjc, kayhan …).

:data:`CMS` implements the CMS interface with this package's URL grammar (``urls``), page
object (``page``), archive listing (``listings``) and RSS feed (``feed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from newscrawl.cms import Cms
from newscrawl.cms.iransamaneh import feed, listings, urls
from newscrawl.cms.iransamaneh.page import IranSamanehArticlePage

if TYPE_CHECKING:
    from datetime import date

    from scrapy.http import TextResponse

    from newscrawl.cms import ListedArticle


class IranSamaneh(Cms):
    """The IranSamaneh CMS: ``/fa/news/{id}/{slug}`` articles with sequential ids."""

    name: ClassVar[str] = "iransamaneh"
    page_class = IranSamanehArticlePage

    def article_id(self, url: str) -> int | None:
        return urls.article_id(url)

    def article_url(self, base_url: str, news_id: int) -> str:
        return urls.article_url(base_url, news_id)

    def front_url(self, base_url: str) -> str:
        return base_url + urls.FRONT_PATH

    def feed_url(self, base_url: str) -> str:
        return base_url + urls.FEED_PATH

    def archive_url(self, base_url: str, first: date, last: date, per_page: int) -> str:
        return listings.archive_url(base_url, first, last, per_page)

    def archive_entries(self, response: TextResponse) -> list[ListedArticle]:
        return listings.archive_entries(response)

    def next_archive_page(self, response: TextResponse) -> str | None:
        return listings.next_archive_page(response)

    def feed_entries(self, body: bytes, url: str) -> list[ListedArticle]:
        return list(feed.parse_feed(body, url))


CMS = IranSamaneh()
