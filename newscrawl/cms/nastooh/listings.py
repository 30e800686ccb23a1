"""The Nastooh CMS's archive listing (``/archive?…``): one Jalali day (or month) a listing.

Archive URL (public scrapers of mehrnews, irna, isna, hamshahrionline and ettelaat, and the
hamshahrionline archive page of 1402/11/21, cms-families.md §5 R2)::

    /archive?pi=1&ms=0&dy=17&mn=11&yr=1402        one day, Jalali, Latin digits
    /archive?pi=1&ms=0&mn=11&yr=1402              one month (no ``dy``)
    /archive?pi=1&tp=10&ty=1&ms=0&dy=17&mn=11&yr=1402   one service (``tp``), one item type (``ty``)

``pi`` is the page, from 1. There is no range and no page-size parameter (``per_page`` is not
used): a crawl walks the archive one day at a time (``Nastooh.archive_chunk_days``). Entries are
``li > div.desc > h3 > a`` in the listing's ``section.box`` (R2: ``li.news``; ISNA ``li.text``),
the item's kicker in ``h4``, its lead in ``p`` and its minute in ``time[title]``; the next page is
the «بعدی» link of ``ul.pagination`` (R2: ``/page/archive.xhtml?wide=0&ms=0&pi=2&…``), absent on
the last page, where «بعدی» is a ``span``. Boxes of the side column and the footer (R2's footer
links «درباره ما» to ``/news/422003/``) are not the listing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from w3lib.url import safe_url_string

from newscrawl.cms import ListedArticle
from newscrawl.cms.nastooh.urls import ARCHIVE_PATH, article_id
from newscrawl.text.dates import gregorian_to_jalali, jalali_to_gregorian

if TYPE_CHECKING:
    from datetime import date

    from parsel import Selector
    from scrapy.http import TextResponse

_BOX = "contains(concat(' ', normalize-space(@class), ' '), ' box ')"
_DESC = "contains(concat(' ', normalize-space(@class), ' '), ' desc ')"
MAIN_BOXES = f"//main//section[{_BOX}][not(ancestor::aside)]"
"""The boxes of the page's main column (R2 and the Mehr pages of 1402 wrap it in ``<main>``)."""
OTHER_BOXES = f"//section[{_BOX}][not(ancestor::aside)][not(ancestor::footer)]"
"""Without ``<main>``: every box outside the side column and the footer."""
ENTRY_LINKS = f".//li//div[{_DESC}]/h3/a/@href"
PAGINATION = ".//ul[contains(concat(' ', normalize-space(@class), ' '), ' pagination ')]"
NEXT_WORD = "بعدی"
NEXT_LINK = f".//a[normalize-space(.)='{NEXT_WORD}']/@href"


def archive_url(base_url: str, first: date, last: date, per_page: int = 0) -> str:
    """The first archive page of one Jalali day (``first == last``) or one whole Jalali month.

    >>> from datetime import date
    >>> archive_url("https://www.mehrnews.com", date(2024, 2, 6), date(2024, 2, 6))
    'https://www.mehrnews.com/archive?pi=1&ms=0&dy=17&mn=11&yr=1402'
    >>> archive_url("https://www.mehrnews.com", date(2024, 1, 21), date(2024, 2, 19))
    'https://www.mehrnews.com/archive?pi=1&ms=0&mn=11&yr=1402'
    >>> archive_url("https://www.mehrnews.com", date(2024, 2, 6), date(2024, 2, 7))
    Traceback (most recent call last):
    ...
    ValueError: the Nastooh archive lists one Jalali day or month, not 2024-02-06..2024-02-07
    """
    year, month, day = gregorian_to_jalali(first)
    query: dict[str, int] = {"pi": 1, "ms": 0}
    if first == last:
        query["dy"] = day
    elif not _whole_jalali_month(first, last):
        raise ValueError(  # NEWSCRAWL_ARCHIVE_CHUNK_DAYS set above 1
            f"the Nastooh archive lists one Jalali day or month, not {first}..{last}"
        )
    query |= {"mn": month, "yr": year}
    return f"{base_url}{ARCHIVE_PATH}?{urlencode(query)}"


def _whole_jalali_month(first: date, last: date) -> bool:
    year, month, day = gregorian_to_jalali(first)
    if day != 1:
        return False
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    month_end = jalali_to_gregorian(next_year, next_month, 1).toordinal() - 1
    return last.toordinal() == month_end


def _listing_box(response: TextResponse) -> Selector | None:
    """The archive's listing: the first box with pagination, else the first box with items."""
    boxes = response.xpath(MAIN_BOXES) or response.xpath(OTHER_BOXES)
    listing = [box for box in boxes if box.xpath(ENTRY_LINKS)]
    paged = [box for box in listing if box.xpath(PAGINATION)]
    return next(iter(paged or listing), None)


def archive_entries(response: TextResponse) -> list[ListedArticle]:
    """The archive page's entries in page order (newest first), each id once, percent-encoded."""
    box = _listing_box(response)
    found: dict[int, ListedArticle] = {}
    for href in box.xpath(ENTRY_LINKS).getall() if box is not None else []:
        news_id = article_id(href)
        if news_id is None or news_id in found:
            continue
        try:
            url = safe_url_string(response.urljoin(href.strip())).split("#", 1)[0]
        except ValueError:  # "//[": no URL at all
            continue
        found[news_id] = ListedArticle(news_id, url)
    return list(found.values())


def next_archive_page(response: TextResponse) -> str | None:
    """The absolute URL of the «بعدی» (next) link of the listing's pagination, if any."""
    box = _listing_box(response)
    href = box.xpath(PAGINATION).xpath(NEXT_LINK).get() if box is not None else None
    return response.urljoin(href) if href else None
