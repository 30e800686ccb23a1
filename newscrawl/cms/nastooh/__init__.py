"""The Nastooh CMS (irna, mehrnews, hamshahrionline, khabaronline, mashreghnews …).

:data:`CMS` implements the CMS interface with this package's URL grammar (``urls``), page object
(``page``), archive listing (``listings``) and RSS feed (``feed``). The evidence for each is in
``docs/nastooh.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from newscrawl.cms import Cms
from newscrawl.cms.nastooh import feed, listings, urls
from newscrawl.cms.nastooh.page import NastoohArticlePage

if TYPE_CHECKING:
    from datetime import date

    from scrapy.http import TextResponse

    from newscrawl.cms import ListedArticle


class Nastooh(Cms):
    """The Nastooh CMS: ``/news/{id}/{slug}`` and ``/photo/{id}/{slug}`` items, per-site ids.

    Ids are sequential per site (hamshahrionline's archive of 1402/11/21 lists 830933 … 819511
    newest first, ids rising with the time of allotment; mehrnews 6018415 and 6018504 on the same
    day), so the id walk is the default; sites with date-coded ids (ISNA, chtn:
    ``1402072315541``) or ids far beyond their size declare ``ids_sequential=False``. The archive
    lists one Jalali day at a time, hence one-day chunks.
    """

    name: ClassVar[str] = "nastooh"
    page_class = NastoohArticlePage
    ids_sequential: ClassVar[bool] = True
    archive_chunk_days: ClassVar[int] = 1

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

    def recognises(self, response: TextResponse) -> bool:
        """Whether the page is a Nastooh page, whatever its kind.

        Its generator meta (``www.nastooh.ir``), ``nastooh:`` metas, or, in a copy that lost
        ``<head>``, the footer's powered-by link to nastooh.ir.
        """
        return NastoohArticlePage(response, site=self.name).is_nastooh


CMS = Nastooh()
