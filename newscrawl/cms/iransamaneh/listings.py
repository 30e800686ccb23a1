"""The CMS's listing pages: the archive (``/fa/archive?…``) and the front page.

Archive URL (asriran, yjc, tabnak scrapers): ``/fa/archive?service_id=-1&sec_id=-1&cat_id=-1
&rpp=100&from_date=1400/07/01&to_date=1400/07/30&p=1`` — Jalali dates with Latin digits, ``-1`` for
"all", ``p`` from 1. Entries are ``div.linear_news a.title5``; the next page is ``a.next`` or the
``»`` link of ``div.pagination``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from scrapy.http import TextResponse

NEWS_LINK = re.compile(r"/fa/news/(\d+)(?:[/?#]|$)")
ARCHIVE_ENTRY_CSS = "div.linear_news a.title5::attr(href), .archive_content a.title5::attr(href)"
NEXT_PAGE_XPATH = (
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' next ')]/@href"
    " | //div[contains(concat(' ', normalize-space(@class), ' '), ' pagination ')]"
    "//a[normalize-space(.)='»']/@href"
)


def archive_url(
    base_url: str, first: tuple[int, int, int], last: tuple[int, int, int], rpp: int = 100
) -> str:
    """The archive listing of every service between two Jalali dates (inclusive), page 1.

    >>> archive_url("https://asrpress.ir", (1400, 7, 1), (1400, 7, 7))
    'https://asrpress.ir/fa/archive?service_id=-1&sec_id=-1&cat_id=-1&rpp=100&from_date=1400/07/01&to_date=1400/07/07&p=1'
    """
    query = {
        "service_id": -1,
        "sec_id": -1,
        "cat_id": -1,
        "rpp": rpp,
        "from_date": "{:04d}/{:02d}/{:02d}".format(*first),
        "to_date": "{:04d}/{:02d}/{:02d}".format(*last),
        "p": 1,
    }
    return f"{base_url}/fa/archive?{urlencode(query, safe='/')}"


def news_ids(hrefs: Iterator[str] | list[str]) -> list[int]:
    """News ids of the article links among ``hrefs``, first occurrence order, no repeats.

    >>> news_ids(["/fa/news/5/x", "/fa/archive?p=2", "http://h/fa/news/7", "/fa/news/5"])
    [5, 7]
    """
    ids: dict[int, None] = {}
    for href in hrefs:
        match = NEWS_LINK.search(href)
        if match:
            ids.setdefault(int(match.group(1)), None)
    return list(ids)


def news_links(hrefs: Iterable[str], resolve: Callable[[str], str]) -> dict[int, str]:
    """Article links among ``hrefs`` by news id: each id's first link, resolved, no fragment.

    >>> from urllib.parse import urljoin
    >>> news_links(["/fa/news/5/x#c", "/fa/news/5", "/fa/tags/1"], lambda h: urljoin("http://h", h))
    {5: 'http://h/fa/news/5/x'}
    """
    links: dict[int, str] = {}
    for href in hrefs:
        match = NEWS_LINK.search(href)
        if match and int(match.group(1)) not in links:
            links[int(match.group(1))] = resolve(href.strip()).split("#", 1)[0]
    return links


def archive_entry_links(response: TextResponse) -> dict[int, str]:
    """The archive page's entries: news id -> absolute article URL (slugged, as listed)."""
    return news_links(response.css(ARCHIVE_ENTRY_CSS).getall(), response.urljoin)


def next_archive_page(response: TextResponse) -> str | None:
    href = response.xpath(NEXT_PAGE_XPATH).get()
    return response.urljoin(href) if href else None


def linked_news_ids(response: TextResponse) -> list[int]:
    """Every article id linked from a page (the front page lists the newest)."""
    return news_ids(response.css("a::attr(href)").getall())
