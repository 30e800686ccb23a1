"""The IranSamaneh CMS's archive listing (``/fa/archive?…``).

Archive URL (asriran, yjc, tabnak scrapers): ``/fa/archive?service_id=-1&sec_id=-1&cat_id=-1
&rpp=100&from_date=1400/07/01&to_date=1400/07/30&p=1`` — Jalali dates with Latin digits, ``-1`` for
"all", ``p`` from 1. Entries are ``div.linear_news a.title5``; the next page is ``a.next`` or the
``»`` link of ``div.pagination`` (docs/reference/iransamaneh.md 3.1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from newscrawl.cms import ListedArticle
from newscrawl.cms.iransamaneh.urls import ARCHIVE_PATH, article_id
from newscrawl.text.dates import gregorian_to_jalali

if TYPE_CHECKING:
    from datetime import date

    from scrapy.http import TextResponse

ARCHIVE_ENTRY_CSS = "div.linear_news a.title5::attr(href), .archive_content a.title5::attr(href)"
NEXT_PAGE_XPATH = (
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' next ')]/@href"
    " | //div[contains(concat(' ', normalize-space(@class), ' '), ' pagination ')]"
    "//a[normalize-space(.)='»']/@href"
)


def archive_url(base_url: str, first: date, last: date, per_page: int = 100) -> str:
    """The archive listing of every service between two days (inclusive), page 1.

    >>> from datetime import date
    >>> archive_url("https://asrpress.ir", date(2021, 9, 23), date(2021, 9, 29))
    'https://asrpress.ir/fa/archive?service_id=-1&sec_id=-1&cat_id=-1&rpp=100&from_date=1400/07/01&to_date=1400/07/07&p=1'
    """
    query = {
        "service_id": -1,
        "sec_id": -1,
        "cat_id": -1,
        "rpp": per_page,
        "from_date": "{:04d}/{:02d}/{:02d}".format(*gregorian_to_jalali(first)),
        "to_date": "{:04d}/{:02d}/{:02d}".format(*gregorian_to_jalali(last)),
        "p": 1,
    }
    return f"{base_url}{ARCHIVE_PATH}?{urlencode(query, safe='/')}"


def archive_entries(response: TextResponse) -> list[ListedArticle]:
    """The archive page's entries, each id once, with the slugged URL as listed."""
    found: dict[int, ListedArticle] = {}
    for href in response.css(ARCHIVE_ENTRY_CSS).getall():
        news_id = article_id(href)
        if news_id is None or news_id in found:
            continue
        try:
            url = response.urljoin(href.strip()).split("#", 1)[0]
        except ValueError:  # "//[": no URL at all
            continue
        found[news_id] = ListedArticle(news_id, url)
    return list(found.values())


def next_archive_page(response: TextResponse) -> str | None:
    href = response.xpath(NEXT_PAGE_XPATH).get()
    return response.urljoin(href) if href else None
